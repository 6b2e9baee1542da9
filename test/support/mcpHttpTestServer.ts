// A small real MCP server over Streamable HTTP for the tests (stateless: a fresh server per request, as the SDK's
// examples do), on 127.0.0.1 and a free port. It records the headers each request came with.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpHttpTestServer {
  url: string;
  headers: http.IncomingHttpHeaders[];
  calls: string[];
  close(): Promise<void>;
}

function mcpServer(calls: string[]): McpServer {
  const server = new McpServer({ name: 'lucid-http-test', version: '1.0.0' });
  server.registerTool('lookup', { description: 'Looks a key up over HTTP.', inputSchema: { key: z.string() } }, async ({ key }) => {
    calls.push(`lookup ${key}`);
    return { content: [{ type: 'text', text: `http value of ${key}: 7` }] };
  });
  return server;
}

export async function startMcpHttpServer(): Promise<McpHttpTestServer> {
  const headers: http.IncomingHttpHeaders[] = [];
  const calls: string[] = [];
  const httpServer = http.createServer(async (req, res) => {
    headers.push(req.headers);
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const server = mcpServer(calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    calls,
    close: () => new Promise((resolve) => httpServer.close(() => resolve())),
  };
}
