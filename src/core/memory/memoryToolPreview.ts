// What a memory-tool write would change, computed before anything is written, so the approval policy can show it
// (a memory write is an edit: `deny` refuses it, `ask` shows it). The command itself re-checks everything under the
// store's lock when it runs; a preview that cannot be computed means the command would fail without writing.
import * as fs from 'fs/promises';
import { MemoryToolError, resolveToolPath } from './memoryToolPaths';
import { normalizeText } from './noteFormat';
import { occurrences, splitLines } from './memoryToolOutput';

export interface MemoryWritePreview {
  /** The note file as the workspace sees it (`.agent-memory/notes/x.md`; `a.md → b.md` for a rename). */
  file: string;
  before?: string;
  after: string;
}

const shown = (rel: string) => `.agent-memory/notes/${rel}`;

async function readRaw(full: string): Promise<string | undefined> {
  try {
    return normalizeText(await fs.readFile(full, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The preview of a write command, or undefined when the command would fail before writing (it reports why). */
export async function previewMemoryWrite(notesDir: string, workspace: string, input: unknown): Promise<MemoryWritePreview | undefined> {
  const cmd = (input ?? {}) as Record<string, unknown>;
  const at = (p: unknown) => resolveToolPath(notesDir, p, workspace).catch((err: unknown) => {
    if (err instanceof MemoryToolError) return undefined;
    throw err;
  });
  const tp = await at(cmd.command === 'rename' ? cmd.old_path : cmd.path);
  if (!tp || tp.rel === '') return undefined;
  const before = await readRaw(tp.full);
  switch (cmd.command) {
    case 'create':
      return typeof cmd.file_text === 'string' && before === undefined ? { file: shown(tp.rel), after: normalizeText(cmd.file_text) } : undefined;
    case 'str_replace': {
      if (before === undefined || typeof cmd.old_str !== 'string' || cmd.old_str === '') return undefined;
      const found = occurrences(before, cmd.old_str);
      if (found.length !== 1) return undefined;
      const after = before.slice(0, found[0]) + String(cmd.new_str ?? '') + before.slice(found[0] + cmd.old_str.length);
      return { file: shown(tp.rel), before, after };
    }
    case 'insert': {
      if (before === undefined || typeof cmd.insert_text !== 'string' || typeof cmd.insert_line !== 'number') return undefined;
      const lines = splitLines(before);
      if (cmd.insert_line < 0 || cmd.insert_line > lines.length) return undefined;
      lines.splice(cmd.insert_line, 0, ...normalizeText(cmd.insert_text).replace(/\n$/, '').split('\n'));
      return { file: shown(tp.rel), before, after: `${lines.join('\n')}\n` };
    }
    case 'delete':
      if (before === undefined) return undefined;
      return { file: shown(tp.rel), before, after: retired(before) };
    case 'rename': {
      const to = await at(cmd.new_path);
      if (before === undefined || !to) return undefined;
      return { file: `${shown(tp.rel)} → ${shown(to.rel)}`, before, after: before };
    }
    default:
      return undefined;
  }
}

/** The note as `delete` leaves it: retired, not removed. */
function retired(text: string): string {
  if (/^status:.*$/m.test(text)) return text.replace(/^status:.*$/m, 'status: retired');
  return text.replace(/^(id:.*)$/m, '$1\nstatus: retired');
}
