// Slash commands typed as a request: Lucid's own (`/compact`, `/clear`, `/model`, `/cost`, `/memory`, `/dream`,
// handled by the panel) and a project's custom ones in Claude Code's format, `.claude/commands/<name>.md` (a
// sub-folder makes `/<folder>:<name>`): the file's body is the prompt, with `$ARGUMENTS` (all arguments) and `$1`,
// `$2`… (each) filled in. Optional front-matter (`description`, `argument-hint`) describes it in the list.
import * as fs from 'fs/promises';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

export const BUILT_IN_COMMANDS = ['compact', 'clear', 'model', 'cost', 'memory', 'dream'] as const;
export type BuiltInCommand = (typeof BUILT_IN_COMMANDS)[number];

export interface SlashCommand {
  name: string;
  description: string;
  argumentHint?: string;
  /** The file, for a custom command. */
  file?: string;
}

export type SlashResolution =
  | { kind: 'none' }
  | { kind: 'built-in'; name: BuiltInCommand; args: string }
  | { kind: 'prompt'; name: string; prompt: string }
  | { kind: 'unknown'; name: string; available: string[] };

const COMMANDS_DIR = path.join('.claude', 'commands');

/** `/name args…` → its parts; anything else is no command. */
export function parseSlash(text: string): { name: string; args: string } | undefined {
  const m = /^\/([A-Za-z][\w:-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1], args: (m[2] ?? '').trim() } : undefined;
}

function splitFrontMatter(text: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return { meta: {}, body: text };
  try {
    const meta = parseYaml(m[1]);
    return { meta: meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}, body: m[2] };
  } catch {
    return { meta: {}, body: text };
  }
}

/** Lucid's commands and the project's custom ones, by name. */
export async function listSlashCommands(workspaceRoot: string): Promise<SlashCommand[]> {
  const out: SlashCommand[] = BUILT_IN_COMMANDS.map((name) => ({ name, description: BUILT_IN_HELP[name] }));
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !prefix) await walk(path.join(dir, e.name), `${e.name}:`);
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const name = `${prefix}${e.name.slice(0, -3)}`;
      if (!/^[A-Za-z][\w:-]*$/.test(name) || (BUILT_IN_COMMANDS as readonly string[]).includes(name)) continue;
      const file = path.join(dir, e.name);
      const { meta, body } = splitFrontMatter(await fs.readFile(file, 'utf8'));
      const description = typeof meta.description === 'string' ? meta.description : body.trim().split('\n')[0].slice(0, 100);
      out.push({ name, description, ...(typeof meta['argument-hint'] === 'string' ? { argumentHint: meta['argument-hint'] } : {}), file });
    }
  };
  await walk(path.join(workspaceRoot, COMMANDS_DIR), '');
  return out;
}

const BUILT_IN_HELP: Record<BuiltInCommand, string> = {
  compact: 'Fold the older turns into a summary now',
  clear: 'Start a new session',
  model: 'Pick the model for the next requests',
  cost: 'Tokens and cost of this session',
  memory: 'Open the memory view',
  dream: 'Dream now',
};

/** What a typed request is: no command, one of Lucid's, a custom command's prompt, or an unknown command. */
export async function resolveSlash(text: string, workspaceRoot: string): Promise<SlashResolution> {
  const cmd = parseSlash(text);
  if (!cmd) return { kind: 'none' };
  if ((BUILT_IN_COMMANDS as readonly string[]).includes(cmd.name)) return { kind: 'built-in', name: cmd.name as BuiltInCommand, args: cmd.args };
  const all = await listSlashCommands(workspaceRoot);
  const custom = all.find((c) => c.name === cmd.name && c.file);
  if (!custom?.file) return { kind: 'unknown', name: cmd.name, available: all.map((c) => c.name) };
  const { body } = splitFrontMatter(await fs.readFile(custom.file, 'utf8'));
  const words = cmd.args.split(/\s+/).filter(Boolean);
  const placeholders = /\$ARGUMENTS\b|\$\d\b/.test(body);
  const filled = body.replace(/\$ARGUMENTS\b/g, cmd.args).replace(/\$(\d)\b/g, (_m, n: string) => words[Number(n) - 1] ?? '').trim();
  // Arguments with nowhere to go are added at the end, as Claude Code does.
  const prompt = !placeholders && cmd.args ? `${filled}\n\nARGUMENTS: ${cmd.args}` : filled;
  return { kind: 'prompt', name: cmd.name, prompt: prompt || cmd.args };
}
