// The pure-Node fallback of search_workspace, for when ripgrep is not available: walks the workspace in name order,
// skipping hidden entries, node_modules, dist, .git, binary files, files over 2 MB and the root .gitignore's patterns.
import * as fs from 'fs';
import * as path from 'path';
import { ToolError } from './toolTypes';

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export interface Found {
  matches: SearchMatch[];
  /** Why the list may be incomplete, besides max_results. */
  stopped?: string;
}

export interface SearchQuery {
  pattern: string;
  glob?: string;
  ignore_case?: boolean;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

/** Finds up to `max + 1` matching lines (one more than asked tells the caller there are more). */
export async function searchWithNode(root: string, input: SearchQuery, max: number, signal: AbortSignal, deadline: number): Promise<Found> {
  let re: RegExp;
  try {
    re = new RegExp(input.pattern, input.ignore_case ? 'i' : '');
  } catch (err) {
    throw new ToolError(`The search failed: invalid regular expression: ${(err as Error).message}`);
  }
  const fileFilter = input.glob ? globMatcher(input.glob) : () => true;
  const ignored = gitignoreMatcher(root);
  const found: Found = { matches: [] };
  const walk = async (dir: string, relDir: string): Promise<boolean> => {
    const entries = (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (signal.aborted) return !(found.stopped = 'search cancelled');
      if (Date.now() > deadline) return !(found.stopped = 'search stopped at its time limit; results are partial');
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name) || ignored(rel, e.isDirectory())) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(await walk(abs, rel))) return false;
      } else if (e.isFile() && fileFilter(rel)) {
        if (!(await searchFile(abs, rel, re, found.matches, max))) return false;
      }
    }
    return true;
  };
  await walk(root, '');
  return found;
}

/** Adds the file's matching lines; false once more than `max` matches are known. */
async function searchFile(abs: string, rel: string, re: RegExp, out: SearchMatch[], max: number): Promise<boolean> {
  let buf: Buffer;
  try {
    if ((await fs.promises.stat(abs)).size > MAX_FILE_BYTES) return true;
    buf = await fs.promises.readFile(abs);
  } catch {
    return true; // unreadable: skip, as rg does
  }
  if (buf.subarray(0, 8000).includes(0)) return true; // binary
  const lines = buf.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].replace(/\r$/, '');
    if (!re.test(text)) continue;
    out.push({ path: rel, line: i + 1, text });
    if (out.length > max) return false;
  }
  return true;
}

/** A glob as rg reads it: without a `/` it matches the file name at any depth; a leading `!` excludes. */
export function globMatcher(glob: string): (rel: string) => boolean {
  const negate = glob.startsWith('!');
  const g = negate ? glob.slice(1) : glob;
  const re = new RegExp(`^${globSource(g.replace(/^\//, ''))}$`);
  const byName = !g.includes('/');
  return (rel) => re.test(byName ? rel.slice(rel.lastIndexOf('/') + 1) : rel) !== negate;
}

function globSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const close = c === '{' ? glob.indexOf('}', i) : c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') i++;
      re += glob[i] === '/' ? '(?:.*/)?' : '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (close > i && c === '{') {
      re += `(?:${glob.slice(i + 1, close).split(',').map(globSource).join('|')})`;
      i = close;
    } else if (close > i && c === '[') {
      re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.+^$(){}|[\]\\]/g, '\\$&');
  }
  return re;
}

/** The root .gitignore's plain patterns (negations are ignored: then the file is searched). */
function gitignoreMatcher(root: string): (rel: string, isDir: boolean) => boolean {
  let text = '';
  try {
    text = fs.readFileSync(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return () => false;
  }
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => {
      const dirOnly = l.endsWith('/');
      const p = dirOnly ? l.slice(0, -1) : l;
      const anchored = p.includes('/');
      return { dirOnly, anchored, re: new RegExp(`^${globSource(p.replace(/^\//, ''))}$`) };
    });
  return (rel, isDir) =>
    rules.some((r) => (!r.dirOnly || isDir) && r.re.test(r.anchored ? rel : rel.slice(rel.lastIndexOf('/') + 1)));
}
