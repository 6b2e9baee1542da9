// A small real MCP server over stdio for the tests: `lookup` answers, `fail` reports an error the way MCP tools do
// (`isError: true`). Run it as `node out/test/support/mcpTestServer.js`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'lucid-test', version: '1.0.0' });
server.registerTool('lookup', { description: 'Looks a key up in the test dictionary.', inputSchema: { key: z.string() } }, async ({ key }) => ({
  content: [{ type: 'text', text: `value of ${key}: 42` }],
}));
server.registerTool('fail', { description: 'Always fails.', inputSchema: { why: z.string().optional() } }, async ({ why }) => ({
  content: [{ type: 'text', text: `the thing broke: ${why ?? 'no reason'}` }],
  isError: true,
}));
void server.connect(new StdioServerTransport());
