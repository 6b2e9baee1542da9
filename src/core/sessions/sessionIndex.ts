// Which transcripts changed since a consumer (the dream) last read them, judged by content, not by time.
//
// The index is a small JSON value the consumer keeps: for each file, its size, mtime and the sha256 of its bytes,
// and the session id in it. A file whose size and mtime are unchanged is skipped without being read; one whose
// mtime changed but whose bytes did not (touched, copied back, re-imported identically) is skipped after hashing;
// only a file whose bytes changed is read again, whole, as a stream (line by line). The consumer then replaces what
// that session contributed instead of adding to it, so reading a session twice never counts it twice. A line still being written (no
// newline yet) is read as a truncated line and reported; the file is read again once it grows. An entry that is not
// a regular file (a directory, a FIFO, a socket) is reported and skipped without being opened.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { entryKind, MAX_SESSION_BYTES, SESSION_FILE_RE } from './sessionFiles';
import { hashSessionFile, readSessionFile, type SessionRead } from './sessionReader';

export interface SessionFileEntry {
  size: number;
  mtimeMs: number;
  /** sha256 of the file's bytes (hex, first 16 characters). */
  hash: string;
  sessionId: string;
}

export type SessionIndex = Record<string, SessionFileEntry>;

export interface ChangedSession {
  name: string;
  path: string;
  sessionId: string;
  read: SessionRead;
}

export { MAX_SESSION_BYTES } from './sessionFiles';

async function sessionFileNames(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir)).filter((n) => SESSION_FILE_RE.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The sessions whose content changed since `index`, read whole, and the index to keep once they are processed. */
export async function readChangedSessions(dir: string, index: SessionIndex = {}): Promise<{ changed: ChangedSession[]; index: SessionIndex; problems: string[] }> {
  const names = await sessionFileNames(dir);
  // Files are looked at a few at a time (the disk works while the CPU parses); results are taken in name order.
  const results: Array<Look | undefined> = new Array(names.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) results[i] = await look(dir, names[i], index[names[i]]);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
  const out: SessionIndex = {};
  const changed: ChangedSession[] = [];
  const problems: string[] = [];
  names.forEach((name, i) => {
    const r = results[i];
    if (!r) return;
    if (r.entry) out[name] = r.entry;
    if (r.problem) problems.push(r.problem);
    if (r.changed) changed.push(r.changed);
  });
  return { changed, index: out, problems };
}

const CONCURRENCY = 16;

interface Look {
  entry?: SessionFileEntry;
  changed?: ChangedSession;
  problem?: string;
}

async function look(dir: string, name: string, prev: SessionFileEntry | undefined): Promise<Look | undefined> {
  const file = path.join(dir, name);
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat) return undefined; // deleted meanwhile
  // A directory, FIFO or socket with a transcript's name: never opened (a FIFO would block the read forever).
  if (!stat.isFile()) return { problem: `sessions/${name}: ${entryKind(stat)}, not a transcript file; skipped` };
  if (prev && prev.size === stat.size && prev.mtimeMs === stat.mtimeMs) return { entry: prev };
  if (stat.size > MAX_SESSION_BYTES) {
    // Indexed as seen, so it is reported once and not read again until it changes.
    const problem = !prev || prev.size !== stat.size ? `sessions/${name}: ${Math.round(stat.size / 1048576)} MB, larger than any transcript Lucid writes; skipped` : undefined;
    return { entry: { size: stat.size, mtimeMs: stat.mtimeMs, hash: 'skipped', sessionId: '' }, ...(problem ? { problem } : {}) };
  }
  try {
    // Touched but not changed (same bytes): only hashed, as a stream, not parsed.
    if (prev && prev.hash === (await hashSessionFile(file))) return { entry: { ...prev, size: stat.size, mtimeMs: stat.mtimeMs } };
    const { read, hash, size } = await readSessionFile(file, name);
    const sessionId = read.header?.sessionId ?? SESSION_FILE_RE.exec(name)![5];
    return { entry: { size, mtimeMs: stat.mtimeMs, hash, sessionId }, changed: { name, path: file, sessionId, read } };
  } catch (e) {
    return { ...(prev ? { entry: prev } : {}), problem: `sessions/${name}: could not be read (${(e as Error).message}); skipped` };
  }
}

/** Cheap (listing and stats only): is there a session file the index does not have at this size and mtime? */
export async function hasChangedSessions(dir: string, index: SessionIndex = {}): Promise<boolean> {
  for (const name of await sessionFileNames(dir)) {
    const stat = await fsp.stat(path.join(dir, name)).catch(() => undefined);
    if (!stat?.isFile()) continue;
    const prev = index[name];
    if (!prev || prev.size !== stat.size || prev.mtimeMs !== stat.mtimeMs) return true;
  }
  return false;
}
