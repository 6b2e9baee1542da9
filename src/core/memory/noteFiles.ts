// Reading the note files under `notes/`: walking the tree, decoding, parsing. Nothing here writes.
// A file that cannot be read as a note becomes a NoteProblem; it is never deleted or rewritten.
import type { Dirent } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import { parseNote } from './noteFormat';
import { hasConflictMarkers, reconcileConflicts } from './noteMerge3';
import type { LoadedNote, NoteProblem } from './noteSchema';

/** Larger files are not notes (and would bloat the agent's context). */
export const MAX_NOTE_BYTES = 256 * 1024;
const READ_CONCURRENCY = 64;

export type NoteFileResult = { loaded: LoadedNote; text: string } | { problem: NoteProblem };

/**
 * `*.md` files under `notesDir`, relative with forward slashes, sorted. Hidden entries (temp files, `.git`)
 * and symbolic links are skipped: a link could point outside the memory folder.
 */
export async function listNoteFiles(notesDir: string): Promise<string[]> {
  return (await listNoteTree(notesDir)).files;
}

/** `listNoteFiles`, and the folders walked (relative, `''` for `notesDir` itself, which may not exist). */
export async function listNoteTree(notesDir: string): Promise<{ files: string[]; dirs: string[] }> {
  const out: string[] = [];
  const dirs: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    dirs.push(rel);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && rel === '') return;
      throw err;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), childRel);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(childRel);
    }
  };
  await walk(notesDir, '');
  return { files: out.sort(), dirs };
}

/** Absolute path of a note file given relative to `notes/`; refuses anything that leaves `notes/`. */
export function noteFilePath(notesDir: string, file: string): string {
  const parts = file.split('/');
  if (file === '' || path.isAbsolute(file) || file.includes('\\') || file.includes('\0') ||
      parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`Not a note path inside notes/: ${JSON.stringify(file)}`);
  }
  return path.join(notesDir, ...parts);
}

/** Reads and parses one note file. */
export async function readNoteFile(notesDir: string, file: string): Promise<NoteFileResult> {
  const problem = (message: string): NoteFileResult => ({ problem: { file, message } });
  let bytes: Buffer;
  try {
    const full = noteFilePath(notesDir, file);
    const stat = await fs.lstat(full);
    if (!stat.isFile()) return problem('not a regular file');
    if (stat.size > MAX_NOTE_BYTES) return problem(`too large for a note (${stat.size} bytes, at most ${MAX_NOTE_BYTES})`);
    bytes = await fs.readFile(full);
  } catch (err) {
    return problem(`cannot read: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem('not valid UTF-8 text (binary file?)');
  }
  const label = `notes/${file}`;
  const result = parseNote(text, label);
  if ('error' in result) {
    // A merge left git's conflict markers: both sides are read and merged; the next write (a dream) stores the result.
    const merged = hasConflictMarkers(text) ? reconcileConflicts(text, label) : undefined;
    if (merged) return { loaded: { note: merged.note, file, humanOwned: !merged.note.fingerprint, reconciled: true }, text };
    return problem(result.error.replace(`${label}: `, ''));
  }
  return { loaded: { note: result.note, file, humanOwned: result.humanOwned }, text };
}

/** Every note under `notesDir`. Of two files with the same id, the first in path order wins; the other is a problem. */
export async function loadNoteFiles(notesDir: string): Promise<{ notes: LoadedNote[]; problems: NoteProblem[] }> {
  const files = await listNoteFiles(notesDir);
  const results: NoteFileResult[] = new Array(files.length);
  for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
    const batch = files.slice(i, i + READ_CONCURRENCY);
    const read = await Promise.all(batch.map((f) => readNoteFile(notesDir, f)));
    read.forEach((r, j) => (results[i + j] = r));
  }
  const notes: LoadedNote[] = [];
  const problems: NoteProblem[] = [];
  const seen = new Map<string, string>();
  for (const r of results) {
    if ('problem' in r) {
      problems.push(r.problem);
      continue;
    }
    const first = seen.get(r.loaded.note.id);
    if (first !== undefined) {
      problems.push({ file: r.loaded.file, message: `duplicate id ${r.loaded.note.id} (also in notes/${first}); skipped` });
      continue;
    }
    seen.set(r.loaded.note.id, r.loaded.file);
    notes.push(r.loaded);
  }
  return { notes, problems };
}
