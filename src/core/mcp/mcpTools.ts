// MCP servers' tools as agent tools, over stdio or HTTP with the official SDK. Each tool is offered to the model
// as `mcp__<server>__<tool>` (Claude Code's naming, so dreams and notes read the same), runs only after the same
// approval as a command, and its failures (the server's `isError`, a dead server, a timeout) come back as tool
// errors the transcript records like any tool's. A server that cannot start is reported; the others still work.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { VERSION } from '../version';
import type { AgentTool, ToolContext, ToolOutcome } from '../tools/toolTypes';
import { requestApproval } from '../tools/toolTypes';
import type { McpConfig, McpServerConfig } from './mcpConfig';

const CONNECT_TIMEOUT_MS = 20_000;
const CALL_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_CHARS = 100_000;

export interface McpConnection {
  tools: AgentTool[];
  /** Servers that could not be used, with why. */
  problems: string[];
  close(): Promise<void>;
}

/** The name the model sees: only letters, digits, `_` and `-`, at most 64 characters. */
export const mcpToolName = (server: string, tool: string) => `mcp__${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);

function transportOf(s: McpServerConfig, workspaceRoot: string): Transport {
  if (s.transport === 'stdio') {
    return new StdioClientTransport({ command: s.command, args: s.args, env: { ...getDefaultEnvironment(), ...s.env }, cwd: s.cwd ?? workspaceRoot, stderr: 'pipe' });
  }
  const init = { requestInit: { headers: s.headers } };
  return s.type === 'sse' ? new SSEClientTransport(new URL(s.url), init) : new StreamableHTTPClientTransport(new URL(s.url), init);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects to every configured server and lists its tools. */
export async function connectMcp(config: McpConfig, workspaceRoot: string, opts: { connectTimeoutMs?: number; callTimeoutMs?: number } = {}): Promise<McpConnection> {
  const clients: Client[] = [];
  const tools: AgentTool[] = [];
  const problems = [...config.problems];
  await Promise.all(
    [...config.servers].map(async ([name, server]) => {
      const client = new Client({ name: 'lucid', version: VERSION });
      try {
        await withTimeout(client.connect(transportOf(server, workspaceRoot)), opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, `MCP server '${name}'`);
        clients.push(client);
        const listed = await client.listTools();
        for (const t of listed.tools) tools.push(wrap(client, name, t, opts.callTimeoutMs ?? CALL_TIMEOUT_MS));
      } catch (err) {
        problems.push(`MCP server '${name}' could not be used: ${err instanceof Error ? err.message : String(err)}`);
        await client.close().catch(() => undefined);
      }
    }),
  );
  tools.sort((a, b) => a.name.localeCompare(b.name));
  return { tools, problems, close: async () => void (await Promise.all(clients.map((c) => c.close().catch(() => undefined)))) };
}

interface ListedTool {
  name: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; required?: string[] };
}

function wrap(client: Client, server: string, t: ListedTool, timeoutMs: number): AgentTool {
  const name = mcpToolName(server, t.name);
  const definition: Tool = { name, description: `${t.description ?? ''} (MCP server '${server}')`.trim(), input_schema: { ...t.inputSchema, type: 'object' } };
  return { name, definition, run: (input, ctx) => call(client, server, t.name, name, input, ctx, timeoutMs) };
}

async function call(client: Client, server: string, tool: string, name: string, input: unknown, ctx: ToolContext, timeoutMs: number): Promise<ToolOutcome> {
  const startedAt = Date.now();
  const args = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const decision = await requestApproval(ctx, { kind: 'command', command: `${name} ${JSON.stringify(args)}` });
  if (!decision.allowed) return { content: `The user denied this tool call: ${decision.reason}`, isError: true, durationMs: Date.now() - startedAt };
  try {
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { signal: ctx.signal, timeout: timeoutMs });
    const content = Array.isArray(result.content) ? (result.content as Array<{ type: string; text?: string; resource?: { text?: string; uri?: string } }>) : [];
    const text = content.map((c) => (c.type === 'text' ? c.text ?? '' : c.type === 'resource' ? c.resource?.text ?? `[resource ${c.resource?.uri ?? ''}]` : `[${c.type}]`)).join('\n');
    const capped = text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n…[cut at ${MAX_OUTPUT_CHARS} characters]` : text;
    return { content: capped || '(no output)', isError: result.isError === true, durationMs: Date.now() - startedAt };
  } catch (err) {
    const why = ctx.signal.aborted ? 'Cancelled: the user stopped the session.' : `MCP server '${server}' failed on ${tool}: ${err instanceof Error ? err.message : String(err)}`;
    return { content: why, isError: true, durationMs: Date.now() - startedAt };
  }
}
