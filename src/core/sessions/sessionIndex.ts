// Which transcripts changed since a consumer (the dream) last read them, judged by content, not by time.
//
// The index is a small JSON value the consumer keeps: for each file, its size, mtime and the sha256 of its bytes,
// and the session id in it. A file whose size and mtime are unchanged is skipped without being read; one whose
// mtime changed but whose bytes did not (touched, copied back, re-imported identically) is skipped after hashing;
// only a file whose bytes changed is read again, whole, as a stream (line by line). The consumer then replaces what
// that session contributed instead of adding to it, so reading a session twice never counts it twice. A line still being written (no
// newline yet) is read as a truncated line and reported; the file is read again once it grows. An entry that is not
// a regular file (a directory, a FIFO, a socket) is reported and skipped without being opened.
import { promises as fsp, statSync, type Stats } from 'fs';
import * as path from 'path';
import { entryKind, MAX_SESSION_BYTES, SESSION_FILE_RE } from './sessionFiles';
import { hashSessionFileSync, readSessionFileSync, type SessionRead } from './sessionReader';

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

export interface SessionsRead {
  /** The index to keep once the sessions read are processed. */
  index: SessionIndex;
  problems: string[];
}

/** What reading one file leaves for the index: its entry, and a problem. */
export interface Kept {
  entry?: SessionFileEntry;
  problem?: string;
}

/** The results of reading the changed files, asked for in their order; closed when no more are wanted. */
export interface FileReader<T extends Kept> {
  next(i: number): Promise<T>;
  close(): void;
}

/** What a look at one file found: its entry for the next index, a problem, and the session when it changed. */
export interface Look extends Kept {
  changed?: ChangedSession;
}

/** A file whose size or mtime changed since the index: to be read (`readLook`). */
export interface ToRead {
  name: string;
  prev: SessionFileEntry | undefined;
  size: number;
  mtimeMs: number;
}

/**
 * The files of a sessions folder in name order, each either settled by its stats alone (unchanged, not a file,
 * too large, gone) or to be read. Stats only, synchronous, a slice of work at a time.
 */
async function lookAtStats(dir: string, names: readonly string[], index: SessionIndex): Promise<Array<Look | ToRead | undefined>> {
  const slice = timeSlicer();
  const looks: Array<Look | ToRead | undefined> = [];
  for (const name of names) {
    await slice();
    looks.push(statLook(dir, name, index[name]));
  }
  return looks;
}

function statLook(dir: string, name: string, prev: SessionFileEntry | undefined): Look | ToRead | undefined {
  let stat: Stats;
  try {
    stat = statSync(path.join(dir, name));
  } catch {
    return undefined; // deleted meanwhile
  }
  // A directory, FIFO or socket with a transcript's name: never opened (a FIFO would block the read forever).
  if (!stat.isFile()) return { problem: `sessions/${name}: ${entryKind(stat)}, not a transcript file; skipped` };
  if (prev && prev.size === stat.size && prev.mtimeMs === stat.mtimeMs) return { entry: prev };
  if (stat.size > MAX_SESSION_BYTES) {
    // Indexed as seen, so it is reported once and not read again until it changes.
    const problem = !prev || prev.size !== stat.size ? `sessions/${name}: ${Math.round(stat.size / 1048576)} MB, larger than any transcript Lucid writes; skipped` : undefined;
    return { entry: { size: stat.size, mtimeMs: stat.mtimeMs, hash: 'skipped', sessionId: '' }, ...(problem ? { problem } : {}) };
  }
  return { name, prev, size: stat.size, mtimeMs: stat.mtimeMs };
}

const isToRead = (l: Look | ToRead | undefined): l is ToRead => l !== undefined && 'name' in l;

/** Reads a file its stats said changed: hashed only when the bytes may be the same, else parsed whole. Synchronous. */
export function readLook(dir: string, { name, prev, size: statSize, mtimeMs }: ToRead): Look {
  const file = path.join(dir, name);
  try {
    // Touched but not changed (same bytes): only hashed, as a stream, not parsed.
    if (prev && prev.hash === hashSessionFileSync(file)) return { entry: { ...prev, size: statSize, mtimeMs } };
    const { read, hash, size } = readSessionFileSync(file, name);
    const sessionId = read.header?.sessionId ?? SESSION_FILE_RE.exec(name)![5];
    return { entry: { size, mtimeMs, hash, sessionId }, changed: { name, path: file, sessionId, read } };
  } catch (e) {
    return { ...(prev ? { entry: prev } : {}), problem: `sessions/${name}: could not be read (${(e as Error).message}); skipped` };
  }
}

/** The work between two yields to the event loop (timers, a cancel, the editor's UI keep running meanwhile). */
const SLICE_MS = 20;

/** Lets timers and I/O run when the current slice of synchronous work has lasted long enough. */
export function timeSlicer(): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart <= SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = Date.now();
  };
}

/**
 * Every file of a sessions folder in name order: its stats looked at first, then each changed file read by the
 * reader made for the list of them (`read`), its result handed to `visit`; the entries and problems of all kept for
 * the next index.
 */
export async function readInOrder<T extends Kept>(dir: string, index: SessionIndex, read: (files: ToRead[]) => FileReader<T>, visit: (r: T) => void): Promise<SessionsRead> {
  const names = await sessionFileNames(dir);
  const looks = await lookAtStats(dir, names, index);
  const reader = read(looks.filter(isToRead));
  const out: SessionsRead = { index: {}, problems: [] };
  const keep = (name: string, r: Kept | undefined) => {
    if (r?.entry) out.index[name] = r.entry;
    if (r?.problem) out.problems.push(r.problem);
  };
  let next = 0;
  try {
    for (const [i, name] of names.entries()) {
      const l = looks[i];
      if (!isToRead(l)) keep(name, l);
      else {
        const r = await reader.next(next++);
        keep(name, r);
        visit(r);
      }
    }
  } finally {
    reader.close();
  }
  return out;
}

/**
 * The sessions whose content changed since `index`, read whole, and the index to keep once they are processed. Files
 * are read synchronously, a slice of work at a time: parsing is the cost, and a read per call through the thread
 * pool only adds to it. (The dream reads with `readSessions`, which keeps no session's events.)
 */
export async function readChangedSessions(dir: string, index: SessionIndex = {}): Promise<{ changed: ChangedSession[]; index: SessionIndex; problems: string[] }> {
  const changed: ChangedSession[] = [];
  const slice = timeSlicer();
  const reader = (files: ToRead[]): FileReader<Look> => ({
    next: async (i) => {
      await slice();
      return readLook(dir, files[i]);
    },
    close: () => undefined,
  });
  const r = await readInOrder(dir, index, reader, (l) => void (l.changed && changed.push(l.changed)));
  return { changed, ...r };
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
