// The parsed-note index: `.cache/parsed-notes.json` (local, gitignored) keeps every note file's parse result with
// the file's size, times, inode and content hash, so a session start with an unchanged `notes/` folder stats the
// files and parses nothing. It is a cache, never the truth:
// - a file whose size, mtime, ctime or inode differ is read again; if its content hash is the one recorded, the
//   recorded parse is reused, else it is parsed (a person's edit is always seen: an edit changes ctime, which no
//   tool can set back);
// - a file changed within RACY_MS of the moment its entry was checked may have changed again within the same
//   timestamp tick: it is verified by hash until its entry is older than that (git's "racily clean" rule);
// - an index that does not parse, has another version, or holds an entry of the wrong shape is ignored whole and
//   rebuilt; a parse result that JSON cannot carry exactly (say an `.inf` in an unknown key) is never cached.
// Files that fail to parse are cached as the same problem, so they are still reported on every load.
import { createHash } from 'crypto';
import { lstatSync, type Stats } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { writeFileAtomic } from './atomicWrite';
import { stampOf, type FileStat } from './folderStamp';
import { listNoteTree, MAX_NOTE_BYTES, noteFilePath, readNoteFile } from './noteFiles';
import type { LoadedNote, NoteProblem } from './noteSchema';
import { gateText } from '../redact/redactionGate';

/** Bump when parsing changes (noteFormat.ts, noteSchema.ts, noteFiles.ts): every cached parse is dropped. */
export const PARSED_INDEX_VERSION = 1;
export const PARSED_INDEX_FILE = 'parsed-notes.json';
/** A file changed this close to its last check is verified by content hash (timestamp granularity, clock skew). */
export const RACY_MS = 2000;

type Parsed = { loaded: LoadedNote } | { problem: NoteProblem };

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** When the stat above was taken (before the read): a change after it shows in ctime. */
  checkedAt: number;
  /** sha256 of the decoded text (absent for a file that could not be read as text). */
  hash?: string;
  /** The parse (absent in the file for an uncached entry). */
  parsed?: Parsed;
  /** Parsed on every load, never stored: JSON cannot carry it exactly, or it holds a secret. The stat is kept, so an
   * unchanged file does not make every load rewrite the index. */
  uncached?: true;
}

interface IndexFile {
  version: number;
  entries: Record<string, Entry>;
}

export interface IndexedLoad {
  notes: LoadedNote[];
  problems: NoteProblem[];
  /** Content hash of each loaded note's file, by note id (for caches keyed by content, such as the search index). */
  hashes: Map<string, string>;
  /** What the load did: files reused from the index, verified by hash, and parsed. */
  stats: { reused: number; verified: number; parsed: number };
  /** The folder's stamp (folderStamp.ts) that stands for exactly these notes; undefined when a file is parsed on
   * every load (uncached) or changed too recently for its stats to be trusted. */
  stamp?: string;
  /** The folders walked (`''`: notes/ itself) with their times when listed: while none changed, no file was added,
   * removed or renamed. */
  dirs: ReadonlyArray<{ rel: string; stamp: DirStamp }>;
  /** Each file's stats as this load found them. */
  fileStats: ReadonlyMap<string, FileStat>;
}

const READ_CONCURRENCY = 64;

/** The last load of each notes folder in this process: its entries stand in for the index file, and when no file
 * changed, its result is returned again (the same arrays and objects: frozen, for every reader shares them). */
interface Memo {
  files: string[];
  entries: Map<string, Entry>;
  result: Omit<IndexedLoad, 'stats'>;
}
const memos = new Map<string, Memo>();
/** Notes folders whose last load is kept (the most recently used): one per workspace in practice. */
const MEMO_MAX = 4;

/** Forgets this process's last loads: the next load reads the index file, as a new process would. */
export function forgetLoads(): void {
  memos.clear();
}

/** Every note under `notesDir`, as `loadNoteFiles` reads them, through the index in `cacheDir`. */
export async function loadNotesIndexed(notesDir: string, cacheDir: string, options: { now?: () => number } = {}): Promise<IndexedLoad> {
  const now = options.now ?? Date.now;
  const memo = memos.get(notesDir);
  // The folders as listed last: while none changed (a file added, removed or renamed changes its folder's times), the
  // list of files is the same and the folders are not read again.
  const tree = memo && sameListing(notesDir, memo.result.dirs) ? undefined : await listNoteTree(notesDir);
  const files = tree?.files ?? memo!.files;
  const dirs = tree ? tree.dirs.map((rel) => ({ rel, stamp: dirStamp(notesDir, rel, now()) })) : memo!.result.dirs;
  const old = memo?.entries ?? new Map(Object.entries(files.length ? await readIndex(cacheDir) : {}));
  const stats = { reused: 0, verified: 0, parsed: 0 };
  const listed = new Set(files);
  let dirty = [...old.keys()].some((f) => !listed.has(f));
  // Stats first (synchronous: far cheaper than 10,000 round trips through the thread pool), then the reads.
  const entries: Entry[] = new Array(files.length);
  const work: Array<() => Promise<void>> = [];
  files.forEach((file, i) => {
    const prev = old.get(file);
    const checkedAt = now();
    const stat = statOf(notesDir, file);
    if (prev && stat && sameStat(prev, stat) && Math.max(stat.mtimeMs, stat.ctimeMs) < prev.checkedAt - RACY_MS) {
      if (prev.uncached) work.push(async () => void (entries[i] = { ...prev, parsed: await parse(notesDir, file, stats) }));
      else stats.reused++;
      entries[i] = prev;
      return;
    }
    dirty = true;
    work.push(async () => void (entries[i] = await refresh(notesDir, file, prev, stat, checkedAt, stats)));
  });
  if (memo && !dirty && work.length === 0 && files.length === memo.files.length) return { ...memo.result, stats };
  for (let i = 0; i < work.length; i += READ_CONCURRENCY) await Promise.all(work.slice(i, i + READ_CONCURRENCY).map((w) => w()));
  if (dirty && files.length) await writeIndex(cacheDir, Object.fromEntries(files.map((f, i) => [f, entries[i]])));
  const byFile = new Map(files.map((f, i) => [f, entries[i]]));
  const result = { ...collect(entries), stamp: stampOfEntries(files, entries), dirs, fileStats: byFile };
  memos.delete(notesDir);
  memos.set(notesDir, { files, entries: byFile, result });
  while (memos.size > MEMO_MAX) memos.delete(memos.keys().next().value!);
  return { ...result, stats };
}

/** Each file's entry must be older than the racy window of its own check: then any later write changes its stats. */
function stampOfEntries(files: string[], entries: Entry[]): string | undefined {
  const trusted = entries.every((e) => !e.uncached && Math.max(e.mtimeMs, e.ctimeMs) < e.checkedAt - RACY_MS);
  return trusted ? stampOf(files, entries) : undefined;
}

/** The entry of a file whose stat changed (or is racy): verified by content hash, else parsed. */
async function refresh(notesDir: string, file: string, prev: Entry | undefined, stat: Stats | undefined, checkedAt: number,
  stats: IndexedLoad['stats']): Promise<Entry> {
  const base = stat ? { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, checkedAt } : undefined;
  if (base && prev?.hash && stat?.isFile() && stat.size <= MAX_NOTE_BYTES && (await hashOfFile(notesDir, file)) === prev.hash) {
    stats.verified++;
    return { ...base, hash: prev.hash, parsed: prev.parsed };
  }
  const read = await readNoteFile(notesDir, file);
  stats.parsed++;
  const parsed: Parsed = 'problem' in read ? { problem: read.problem } : { loaded: read.loaded };
  const hash = 'text' in read ? hashText(read.text) : undefined;
  // A file we could not stat is read again next time; a parse JSON cannot carry exactly is parsed every time.
  if (!base) return { size: -1, mtimeMs: -1, ctimeMs: -1, ino: -1, checkedAt: 0, parsed, uncached: true };
  if (!roundTrips(parsed)) return { ...base, parsed, uncached: true };
  return { ...base, ...(hash ? { hash } : {}), parsed };
}

async function parse(notesDir: string, file: string, stats: IndexedLoad['stats']): Promise<Parsed> {
  const read = await readNoteFile(notesDir, file);
  stats.parsed++;
  return 'problem' in read ? { problem: read.problem } : { loaded: read.loaded };
}

/** A folder's times and inode when listed; `undefined` when it did not exist. */
export type DirStamp = { mtimeMs: number; ctimeMs: number; ino: number; checkedAt: number } | undefined;

function dirStamp(notesDir: string, rel: string, checkedAt: number): DirStamp {
  const s = statOf(notesDir, rel);
  return s?.isDirectory() ? { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, checkedAt } : undefined;
}

/** Every folder as it was when listed, and not changed within RACY_MS of that (git's untracked cache does the same). */
export function sameListing(notesDir: string, dirs: IndexedLoad['dirs']): boolean {
  return dirs.every(({ rel, stamp }) => {
    const now = dirStamp(notesDir, rel, 0);
    if (!stamp || !now) return !stamp && !now;
    return now.mtimeMs === stamp.mtimeMs && now.ctimeMs === stamp.ctimeMs && now.ino === stamp.ino &&
      Math.max(now.mtimeMs, now.ctimeMs) < stamp.checkedAt - RACY_MS;
  });
}

/** `file` comes from `listNoteFiles` (relative, no `..`): a plain join, not `noteFilePath`'s checks, 10,000 times. */
function statOf(notesDir: string, file: string): Stats | undefined {
  try {
    return lstatSync(file ? `${notesDir}${path.sep}${file}` : notesDir, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function sameStat(e: Entry, s: Stats): boolean {
  return e.size === s.size && e.mtimeMs === s.mtimeMs && e.ctimeMs === s.ctimeMs && e.ino === s.ino;
}

async function hashOfFile(notesDir: string, file: string): Promise<string | undefined> {
  try {
    const bytes = await fs.readFile(noteFilePath(notesDir, file));
    return hashText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function roundTrips(parsed: Parsed): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed);
}

/** Of two files with the same id, the first in path order wins; the other is a problem (as `loadNoteFiles`). */
function collect(entries: Entry[]): Pick<IndexedLoad, 'notes' | 'problems' | 'hashes'> {
  const notes: LoadedNote[] = [];
  const problems: NoteProblem[] = [];
  const hashes = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const { parsed, hash } of entries as Array<Entry & { parsed: Parsed }>) {
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const { loaded } = parsed;
    const first = seen.get(loaded.note.id);
    if (first !== undefined) {
      problems.push({ file: loaded.file, message: `duplicate id ${loaded.note.id} (also in notes/${first}); skipped` });
      continue;
    }
    seen.set(loaded.note.id, loaded.file);
    if (hash) hashes.set(loaded.note.id, hash);
    notes.push(deepFreeze(loaded));
  }
  return { notes: Object.freeze(notes) as LoadedNote[], problems, hashes };
}

/** Shared by every load that finds its file unchanged: nobody may change it (copy it to edit). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The entries of the index in `cacheDir`; empty when it is missing, unreadable, of another version or malformed. */
export async function readIndex(cacheDir: string): Promise<Record<string, Entry>> {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(path.join(cacheDir, PARSED_INDEX_FILE), 'utf8'));
  } catch {
    return {};
  }
  const file = data as Partial<IndexFile> | null;
  if (!file || file.version !== PARSED_INDEX_VERSION || typeof file.entries !== 'object' || !file.entries) return {};
  for (const [name, e] of Object.entries(file.entries)) if (!validEntry(name, e)) return {};
  return file.entries;
}

function validEntry(name: string, e: Entry | null | undefined): boolean {
  if (!e || typeof e !== 'object') return false;
  for (const k of ['size', 'mtimeMs', 'ctimeMs', 'ino', 'checkedAt'] as const) if (typeof e[k] !== 'number') return false;
  if (e.uncached === true && e.parsed === undefined && e.hash === undefined) return true;
  if (e.uncached !== undefined || !e.parsed || typeof e.parsed !== 'object') return false;
  if (e.hash !== undefined && typeof e.hash !== 'string') return false;
  if ('problem' in e.parsed) return e.parsed.problem?.file === name && typeof e.parsed.problem.message === 'string';
  const l = (e.parsed as { loaded?: LoadedNote }).loaded;
  const n = l?.note;
  return !!n && l.file === name && typeof l.humanOwned === 'boolean' && typeof n.id === 'string' && typeof n.title === 'string' &&
    typeof n.body === 'string' && typeof n.status === 'string' && !!n.triggers && Array.isArray(n.triggers.errors) &&
    Array.isArray(n.triggers.commands) && Array.isArray(n.triggers.keywords) && !!n.evidence && !!n.counters && Array.isArray(n.scope);
}

/** Best effort (a cache), written atomically: a reader sees the old index or the new one whole. */
async function writeIndex(cacheDir: string, entries: Record<string, Entry>): Promise<void> {
  // Redaction gate: a person's note (or a broken file's problem) holding a secret is not copied into the cache.
  const safe = Object.fromEntries(Object.entries(entries).map(([f, e]) => [f, e.uncached || holdsSecret(e.parsed!) ? uncachedEntry(e) : e]));
  await fs.mkdir(cacheDir, { recursive: true })
    .then(() => writeFileAtomic(path.join(cacheDir, PARSED_INDEX_FILE), JSON.stringify({ version: PARSED_INDEX_VERSION, entries: safe } satisfies IndexFile)))
    .catch(() => undefined);
}

function uncachedEntry({ size, mtimeMs, ctimeMs, ino, checkedAt }: Entry): Entry {
  return { size, mtimeMs, ctimeMs, ino, checkedAt, uncached: true };
}

/** Lucid's own notes went through the gate when sealed; only a person's note or a problem can still hold a secret. */
function holdsSecret(parsed: Parsed): boolean {
  if ('loaded' in parsed && !parsed.loaded.humanOwned) return false;
  const text = JSON.stringify(parsed);
  return gateText(text) !== text;
}
