// The specialists a lead agent can delegate to: four built in (explore, test, review, general), and a team's own
// as Markdown files with front-matter `name`, `description`, `tools`, `model`, the format Claude Code uses for
// subagents, read from `.claude/agents/` and `.agent-memory/agents/` (a team's existing definitions work; new
// ones are shared through git). The body is the specialist's instructions.
import * as fs from 'fs/promises';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** What a specialist may do: read (view, search, read-only commands), edit files, run any command, write notes. */
export interface Capabilities {
  edit: boolean;
  commands: 'read-only' | 'all';
  memory: boolean;
}

export interface Specialist {
  name: string;
  description: string;
  prompt: string;
  can: Capabilities;
  /** A model id of its own; absent: the lead's model. */
  model?: string;
  /** Where it was defined (`built-in`, or the file). */
  source: string;
}

const READ_ONLY: Capabilities = { edit: false, commands: 'read-only', memory: false };

export const BUILT_IN: Specialist[] = [
  {
    name: 'explore', source: 'built-in', can: READ_ONLY,
    description: 'Read-only: finds and explains code, where things are defined and used, how a feature works.',
    prompt: 'You only read: view files, search, and run read-only commands (ls, git log, grep). You cannot edit files or run anything that changes the workspace.',
  },
  {
    name: 'test', source: 'built-in', can: { edit: false, commands: 'all', memory: false },
    description: "Runs the project's checks (tests, type checks, linters) and reports each failure with its command and output; does not edit.",
    prompt: "Run the project's checks (find how: package.json scripts, Makefile, pyproject, the memory's notes). Report every failure with the exact command and the relevant output lines. Do not edit files.",
  },
  {
    name: 'review', source: 'built-in', can: { edit: false, commands: 'all', memory: false },
    description: "Reviews this session's changes (git diff, new files) and reports problems: bugs, missing tests, risky changes; does not edit.",
    prompt: 'Review the changes in the workspace: run `git status` and `git diff` (and read new files). Report concrete problems with file and line: bugs, missing or weak tests, unhandled errors, risky changes. Do not edit files.',
  },
  {
    name: 'general', source: 'built-in', can: { edit: true, commands: 'all', memory: true },
    description: 'Any self-contained task, with every tool (edits and commands under the same approvals).',
    prompt: 'Do the task you were given, completely, with the tools you have.',
  },
];

const frontMatter = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'lowercase letters, digits and dashes'),
  description: z.string().min(1).max(1000),
  tools: z.union([z.string(), z.array(z.string())]).optional(),
  model: z.string().optional(),
});

/** Claude Code's tool names (and Lucid's) mapped to what they let a specialist do. No list: every tool. */
export function capabilitiesOf(tools: string | string[] | undefined): Capabilities {
  if (tools === undefined) return { edit: true, commands: 'all', memory: true };
  const names = (Array.isArray(tools) ? tools : tools.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
  const has = (...n: string[]) => names.some((t) => n.includes(t));
  return {
    edit: has('edit', 'write', 'multiedit', 'notebookedit', 'str_replace_based_edit_tool'),
    commands: has('bash', 'bashoutput') ? 'all' : 'read-only',
    memory: has('memory'),
  };
}

/** A model id to use: aliases (`sonnet`, `inherit`) mean the lead's model. */
const modelOf = (m: string | undefined) => (m && /^claude-[\w.-]+$/.test(m) ? m : undefined);

/** One definition file; a clear problem for one that does not fit. */
export function readSpecialist(text: string, source: string): Specialist | string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return `${source}: no front-matter (--- name, description ---)`;
  let data: unknown;
  try {
    data = parseYaml(m[1]);
  } catch (err) {
    return `${source}: the front-matter is not YAML (${(err as Error).message.split('\n')[0]})`;
  }
  const fm = frontMatter.safeParse(data);
  if (!fm.success) return `${source}: ${fm.error.issues[0]?.path.join('.')} ${fm.error.issues[0]?.message}`;
  const model = modelOf(fm.data.model);
  return { name: fm.data.name, description: fm.data.description.trim(), prompt: m[2].trim() || fm.data.description, can: capabilitiesOf(fm.data.tools), ...(model ? { model } : {}), source };
}

export interface Roster {
  specialists: Specialist[];
  /** Definitions that could not be read, with why. */
  problems: string[];
}

/** The built-ins, then `.claude/agents/*.md`, then `.agent-memory/agents/*.md` (a later one of the same name wins). */
export async function loadRoster(workspaceRoot: string, memoryRoot: string): Promise<Roster> {
  const byName = new Map(BUILT_IN.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const dir of [path.join(workspaceRoot, '.claude', 'agents'), path.join(memoryRoot, 'agents')]) {
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.filter((x) => x.isFile() && x.name.endsWith('.md')).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, e.name);
      const rel = path.relative(workspaceRoot, file).split(path.sep).join('/');
      const s = readSpecialist(await fs.readFile(file, 'utf8'), rel);
      if (typeof s === 'string') problems.push(s);
      else byName.set(s.name, s);
    }
  }
  return { specialists: [...byName.values()], problems };
}
