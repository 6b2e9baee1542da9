// `search_workspace`: a read-only regex search over the workspace's files. ripgrep when it is found (respects
// .gitignore), else a Node walker (skips hidden folders, node_modules, dist, binary and big files, and the patterns of
// the root .gitignore). Result: one `path:line: text` per matching line, then a bracketed note when cut short.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { z } from 'zod';
import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { AgentTool, ToolContext, ToolError, ToolOutcome, errorOutcome, parseInput } from './toolTypes';
import { Found, SearchQuery, searchWithNode } from './nodeSearch';

export interface SearchToolOptions {
  /** 'auto' (default): `rg` when on PATH; false: always the Node walker; a string: the rg binary to use. */
  ripgrep?: 'auto' | false | string;
  /** Cap of the result text, default 20 000 characters. */
  maxOutputChars?: number;
  /** Default 30 000 ms; the matches found so far are returned. */
  timeoutMs?: number;
}

const NAME = 'search_workspace';
const DEFAULT_MAX_RESULTS = 100;
const MAX_LINE_CHARS = 300;

const inputSchema = z.object({
  pattern: z.string().min(1),
  glob: z.string().min(1).optional(),
  ignore_case: z.boolean().optional(),
  max_results: z.number().int().min(1).optional(),
});
type Input = z.infer<typeof inputSchema> & SearchQuery;

const definition: Tool = {
  name: NAME,
  description:
    'Search the contents of the files in the workspace with a regular expression (Rust/ripgrep syntax). ' +
    'Skips files ignored by .gitignore, hidden files, node_modules and .git. Returns matching lines as `path:line: text`. ' +
    'Use `glob` to limit the files (e.g. "*.ts", "src/**/*.test.ts", "!*.min.js"). Read-only.',
  input_schema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', description: 'Regular expression to search for.' },
      glob: { type: 'string', description: 'Only search files matching this glob (a leading ! excludes).' },
      ignore_case: { type: 'boolean', description: 'Case-insensitive search (default false).' },
      max_results: { type: 'integer', minimum: 1, maximum: 1000, description: `Maximum matching lines (default ${DEFAULT_MAX_RESULTS}).` },
    },
    required: ['pattern'],
  },
};

export function createSearchTool(opts: SearchToolOptions = {}): AgentTool {
  let rgPath: string | undefined | null = null; // null: not looked up yet
  const ripgrep = () => {
    if (opts.ripgrep === false) return undefined;
    if (typeof opts.ripgrep === 'string' && opts.ripgrep !== 'auto') return opts.ripgrep;
    if (rgPath === null) rgPath = findOnPath('rg');
    return rgPath;
  };
  const run = async (raw: unknown, ctx: ToolContext): Promise<ToolOutcome> => {
    const startedAt = Date.now();
    try {
      const input = parseInput(inputSchema, raw, NAME);
      const max = Math.min(input.max_results ?? DEFAULT_MAX_RESULTS, 1000);
      const rg = ripgrep();
      const found = rg
        ? await searchWithRipgrep(rg, input, max, ctx, opts.timeoutMs ?? 30_000)
        : await searchWithNode(ctx.workspaceRoot, input, max, ctx.signal, Date.now() + (opts.timeoutMs ?? 30_000));
      const content = formatResults(input, found, max, opts.maxOutputChars ?? 20_000);
      return { content, isError: false, durationMs: Date.now() - startedAt, meta: { kind: 'search' } };
    } catch (err) {
      return errorOutcome(err, startedAt, { kind: 'search' });
    }
  };
  return { name: NAME, definition, run };
}

function formatResults(input: Input, found: Found, max: number, cap: number): string {
  const { matches } = found;
  if (matches.length === 0) {
    const where = input.glob ? ` in files matching ${input.glob}` : '';
    return `No matches for /${input.pattern}/${where}.${found.stopped ? ` [${found.stopped}]` : ''}`;
  }
  const lines: string[] = [];
  let size = 0;
  for (const m of matches.slice(0, max)) {
    const text = m.text.length > MAX_LINE_CHARS ? `${m.text.slice(0, MAX_LINE_CHARS)}…` : m.text;
    const line = `${m.path}:${m.line}: ${text}`;
    if (size + line.length + 1 > cap) {
      lines.push(`[output cut at ${cap} characters after ${lines.length} matches; narrow the pattern or glob]`);
      return lines.join('\n');
    }
    lines.push(line);
    size += line.length + 1;
  }
  if (matches.length > max) lines.push(`[showing the first ${max} matches; there are more: narrow the pattern or glob, or raise max_results]`);
  if (found.stopped) lines.push(`[${found.stopped}]`);
  return lines.join('\n');
}

// ---- ripgrep ----

function searchWithRipgrep(rg: string, input: Input, max: number, ctx: ToolContext, timeoutMs: number): Promise<Found> {
  const args = ['--json', '--no-config', '--no-require-git', '--sort', 'path', '--max-filesize', '2M'];
  args.push('--glob', '!.git', '--glob', '!node_modules', input.ignore_case ? '--ignore-case' : '--case-sensitive');
  if (input.glob) args.push('--glob', input.glob);
  args.push('--regexp', input.pattern, '--', '.');
  return new Promise((resolve, reject) => {
    const child = spawn(rg, args, { cwd: ctx.workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const found: Found = { matches: [] };
    let stderr = '';
    const stop = (why?: string) => {
      if (why && !found.stopped) found.stopped = why;
      child.kill();
    };
    const timer = setTimeout(() => stop(`search stopped after ${timeoutMs / 1000} s; results are partial`), timeoutMs);
    const onAbort = () => stop('search cancelled');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4000) stderr += b.toString();
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (found.matches.length > max) return;
      let msg: { type?: string; data?: { path?: { text?: string }; line_number?: number; lines?: { text?: string } } };
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.type !== 'match' || !msg.data?.path?.text) return; // non-UTF-8 names come as bytes: skipped
      const text = (msg.data.lines?.text ?? '').replace(/\r?\n$/, '');
      found.matches.push({ path: msg.data.path.text.replace(/^\.[\\/]/, ''), line: msg.data.line_number ?? 0, text });
      if (found.matches.length > max) stop();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new ToolError(`Could not run ripgrep (${rg}): ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (code === 2 && found.matches.length === 0 && !found.stopped) {
        reject(new ToolError(`The search failed: ${stderr.trim() || 'ripgrep exited with code 2'}`));
      } else resolve(found);
    });
  });
}

function findOnPath(name: string): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}
