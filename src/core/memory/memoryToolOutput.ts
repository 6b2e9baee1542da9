// Text the memory tool returns to the model, in the shapes Anthropic's reference implementation uses:
// directory listings with sizes, file content with line numbers, snippets around an edit.
import * as fs from 'fs/promises';
import * as path from 'path';
import type { ToolPath } from './memoryToolPaths';

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
