// MCP servers the agent may use: the project's `.mcp.json` (Claude Code's format) plus servers from a setting.
//   { "mcpServers": { "docs": { "command": "node", "args": ["srv.js"], "env": { "TOKEN": "${DOCS_TOKEN}" } },
//                     "api":  { "type": "http", "url": "https://example.com/mcp", "headers": { … } } } }
// `${VAR}` and `${VAR:-default}` are expanded from the environment, as Claude Code does. A server that does not
// fit is reported with why and left out; the others still load.
import * as fs from 'fs/promises';
import * as path from 'path';
import { z } from 'zod';

const stdioSchema = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});
const httpSchema = z.object({
  type: z.enum(['http', 'streamable-http', 'sse']),
  url: z.string().url(),
  headers: z.record(z.string(), z.string()).default({}),
});
const serverSchema = z.union([stdioSchema, httpSchema]);

export type McpServerConfig = ({ transport: 'stdio' } & z.infer<typeof stdioSchema>) | ({ transport: 'http' } & z.infer<typeof httpSchema>);

export interface McpConfig {
  servers: Map<string, McpServerConfig>;
  problems: string[];
}

export const MCP_FILE = '.mcp.json';
const NAME = /^[A-Za-z0-9_-]{1,40}$/;

/** `${VAR}` / `${VAR:-default}` from the environment; an unset variable without a default is a problem. */
export function expandVars(text: string, env: NodeJS.ProcessEnv, missing: Set<string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt: string | undefined) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (dflt !== undefined) return dflt;
    missing.add(name);
    return '';
  });
}

function expandDeep<T>(value: T, env: NodeJS.ProcessEnv, missing: Set<string>): T {
  if (typeof value === 'string') return expandVars(value, env, missing) as T;
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, env, missing)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, env, missing)])) as T;
  return value;
}

/** Reads the servers of one config object (the file's `mcpServers`, or a setting's value) into `into`. */
export function addServers(raw: unknown, where: string, env: NodeJS.ProcessEnv, into: McpConfig): void {
  const servers = (raw as { mcpServers?: unknown })?.mcpServers ?? raw;
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) {
    into.problems.push(`${where}: expected {"mcpServers": {name: {command | url}}}`);
    return;
  }
  for (const [name, value] of Object.entries(servers as Record<string, unknown>)) {
    if (!NAME.test(name)) {
      into.problems.push(`${where}: server name '${name}' must be letters, digits, '-' or '_'`);
      continue;
    }
    const missing = new Set<string>();
    const parsed = serverSchema.safeParse(expandDeep(value, env, missing));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      into.problems.push(`${where}: server '${name}': ${issue?.path.join('.') || 'config'} ${issue?.message}`);
      continue;
    }
    if (missing.size) {
      into.problems.push(`${where}: server '${name}' needs ${[...missing].map((m) => `$${m}`).join(', ')} (not set)`);
      continue;
    }
    const s = parsed.data;
    into.servers.set(name, 'url' in s ? { transport: 'http', ...s } : { transport: 'stdio', ...s });
  }
}

/** The workspace's `.mcp.json` and the extra servers (a setting), the setting's winning on a name clash. */
export async function loadMcpConfig(workspaceRoot: string, extra: unknown, env: NodeJS.ProcessEnv): Promise<McpConfig> {
  const config: McpConfig = { servers: new Map(), problems: [] };
  const file = path.join(workspaceRoot, MCP_FILE);
  let text: string | undefined;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    try {
      addServers(JSON.parse(text), MCP_FILE, env, config);
    } catch (err) {
      config.problems.push(`${MCP_FILE}: not valid JSON (${(err as Error).message})`);
    }
  }
  if (extra && typeof extra === 'object' && Object.keys(extra).length) addServers(extra, 'settings', env, config);
  return config;
}
