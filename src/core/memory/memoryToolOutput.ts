// Text the memory tool returns to the model, in the shapes Anthropic's reference implementation uses:
// directory listings with sizes, file content with line numbers, snippets around an edit.
import { createReadStream } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import { MemoryToolError, type ToolPath } from './memoryToolPaths';

/** Files and folders up to 2 levels deep, hidden items, node_modules and symbolic links left out. */
export async function listDirectory(tp: ToolPath, size: number): Promise<string> {
  const base = tp.display.replace(/\/+$/, '') || '/';
  const lines = [`${formatSize(size)}\t${base}`];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.isSymbolicLink()) continue;
      const full = path.join(dir, e.name);
      const itemRel = rel ? `${rel}/${e.name}` : e.name;
      const stat = await fs.lstat(full).catch(() => undefined);
      if (!stat) continue;
      if (stat.isDirectory()) {
        lines.push(`${formatSize(stat.size)}\t${base}/${itemRel}/`);
        if (depth < 2) await walk(full, itemRel, depth + 1);
      } else if (stat.isFile()) lines.push(`${formatSize(stat.size)}\t${base}/${itemRel}`);
    }
  };
  await walk(tp.full, '', 1);
  return `Here're the files and directories up to 2 levels deep in ${tp.display}, excluding hidden items and node_modules:\n${lines.join('\n')}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ['K', 'M', 'G'];
  let n = bytes / 1024;
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${n % 1 === 0 ? n : n.toFixed(1)}${units[i]}`;
}

/** Lines of a text; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

export function numbered(lines: string[], start: number): string {
  return lines.map((line, i) => `${String(start + i).padStart(6)}\t${line}`).join('\n');
}

export function snippet(text: string, line: number, span: number): string {
  const lines = splitLines(text);
  const from = Math.max(1, line - 4);
  const to = Math.min(lines.length, line + Math.max(1, span) + 3);
  return numbered(lines.slice(from - 1, to), from);
}

/** Start offsets of the non-overlapping occurrences of `needle`. */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** The most characters `view` returns: a huge file is shown up to here, with how to see the rest. */
export const VIEW_CAP_CHARS = 100_000;

/**
 * `view` of a file: its lines numbered, `range` ([start, end], end -1 for the rest) or all, at most `cap`
 * characters. Read as a stream: past the cap (or outside the range) lines are only counted, never kept, so a
 * 30 MB file costs no more memory than the part shown.
 */
export async function viewFile(tp: ToolPath, range?: readonly number[], cap = VIEW_CAP_CHARS): Promise<string> {
  const [a, b] = range ?? [1, -1];
  const shown: string[] = [];
  let chars = 0;
  let total = 0;
  let capped = false;
  let cutLine = false;
  const wanted = (n: number) => !capped && n >= a && (b === -1 || n <= b);
  const add = (line: string) => {
    const n = ++total;
    if (!wanted(n)) return;
    const text = `${String(n).padStart(6)}\t${line}`;
    if (chars + text.length > cap) {
      capped = true;
      if (shown.length) return;
      cutLine = true; // a single line longer than the cap: its head
      shown.push(text.slice(0, cap));
      return;
    }
    shown.push(text);
    chars += text.length + 1;
  };
  let pending = ''; // the line being read (empty while it is not wanted: only its end matters)
  let heldCr = false;
  let first = true;
  for await (const chunk of createReadStream(tp.full, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    let t: string = (heldCr ? '\r' : '') + (first ? chunk.replace(/^\uFEFF/, '') : chunk);
    first = false;
    heldCr = t.endsWith('\r');
    if (heldCr) t = t.slice(0, -1); // maybe half of a CRLF
    const parts = t.replace(/\r\n?/g, '\n').split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      add(pending + parts[i]);
      pending = '';
    }
    const rest = parts[parts.length - 1];
    if (wanted(total + 1)) pending = (pending + rest).slice(0, cap + 1);
    else if (pending || rest) pending = ' '; // not shown: only that the line has begun matters
  }
  if (heldCr || pending !== '') add(pending); // a final CR ends its line; an unterminated last line is a line
  if (a < 1 || a > Math.max(1, total) || (b !== -1 && b < a)) {
    throw new MemoryToolError(`Invalid view_range [${a}, ${b}]: ${tp.display} has ${total} lines; use [start, end] with 1 <= start <= end, or end = -1 for the rest.`);
  }
  const head = `Here's the content of ${tp.display} with line numbers:\n${shown.join('\n')}`;
  if (!capped) return head;
  const last = a + shown.length - 1;
  const size = formatSize((await fs.stat(tp.full)).size);
  return `${head}\n[... truncated at ${cap} characters: showing lines ${a}-${last}${cutLine ? ` (line ${last} cut)` : ''} of ${total} (the file is ${size}); use view_range to see more]`;
}
