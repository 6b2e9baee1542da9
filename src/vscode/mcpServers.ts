// MCP servers for a panel session: the workspace's `.mcp.json` (Claude Code's format) and the `lucid.mcpServers`
// setting (the same shape), connected with the core's client. Nothing is started in an untrusted workspace: a
// server is a command the repository names. Problems (a server that does not start) go to the log.
import * as vscode from 'vscode';
import { loadMcpConfig } from '../core/mcp/mcpConfig';
import { connectMcp, type McpConnection } from '../core/mcp/mcpTools';

export async function workspaceMcp(root: string, trusted: boolean, log: vscode.LogOutputChannel): Promise<McpConnection | undefined> {
  if (!trusted) return undefined;
  const extra = vscode.workspace.getConfiguration('lucid').get<unknown>('mcpServers');
  const config = await loadMcpConfig(root, extra, process.env);
  if (!config.servers.size) {
    for (const p of config.problems) log.warn(p);
    return undefined;
  }
  const mcp = await connectMcp(config, root);
  for (const p of mcp.problems) log.warn(p);
  log.info(`MCP: ${mcp.tools.length} tool(s) from ${config.servers.size} server(s)${mcp.tools.length ? `: ${mcp.tools.map((t) => t.name).join(', ')}` : ''}.`);
  return mcp;
}
