// The session-start snapshot (`.cache/session-start.bin`, local, gitignored): what a session start needs of 10,000
// notes, so that a new window or CLI run does not load them all first (stat-ing 10,000 files alone can take longer
// than the whole budget). It keeps, for the notes as they were when it was taken: the notes folders' times, each
// note's stats, line in the digest, file and title, the digest's ranking, the counts pending on this machine and
// the search index's signature.
//
// A session start in a new process uses it when the counts are the same and no folder changed (no file added,
// removed or renamed: git's untracked-cache rule, racy window included). It reads only the lines, files and titles
// it uses and searches the kept index (keptSearchIndex.ts). What it shows is never stale: every note of the digest
// is stat-checked (one changed: the notes are loaded instead), and a relevant note is read from its file. A note
// changed in place that it does not show may still be ranked as it was: right after, every file is checked against
// the stamp (folderStamp.ts), and a change found drops the snapshot, so the next session start loads every note
// and takes it again. Anything else (other counts, no kept index, a damaged file) is a full load. A cache, never
// the truth.
import { createHash } from 'crypto';
import { lstatSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import * as fs from 'fs/promises';
import * as path from 'path';
import { digestOfLines, rankedLines, type Digest, type RankedLines } from './digest';
import { currentStamp, type FileStat } from './folderStamp';
import { keptSearchIndex, type KeptSearchIndex } from './keptSearchIndex';
import { addCountersTo, type CounterDeltas } from './counterOverlay';
import { readNoteFile } from './noteFiles';
import { NOTE_KINDS, type LoadedNote, type NoteProblem } from './noteSchema';
import type { SearchHit } from './noteSearch';
import { sameListing, type DirStamp } from './parsedNoteIndex';
import type { SearchOptions } from './searchScoring';
import { decodeSections, encodeSections, type SectionFile, type TextSection } from './sectionFile';
import { gateText } from '../redact/redactionGate';

export const START_SNAPSHOT_FILE = 'session-start.bin';
const MAGIC = 'LUCIDSS\n';
/** Bump when the digest's lines or ranking, or this layout, change. */
const VERSION = 1;

interface Header {
  version: number;
  stamp: string;
  dirs: Array<{ rel: string; stamp: DirStamp }>;
  counters: string;
  search: string;
  /** Notes loaded (every status). */
  notes: number;
  /** Of the notes listed in the sections, the first `ranked` are the digest's (active, most useful first). */
  ranked: number;
  problems: NoteProblem[];
}

export interface SnapshotInput {
  stamp: string;
  dirs: ReadonlyArray<{ rel: string; stamp: DirStamp }>;
  fileStats: ReadonlyMap<string, FileStat>;
  deltas: CounterDeltas;
  /** The search index signature of these notes. */
  search: string;
  notes: readonly LoadedNote[];
  /** The active notes, ranked for the digest. */
  ranked: readonly LoadedNote[];
  problems: readonly NoteProblem[];
}

/** A session start's view of the memory, from the snapshot. */
export interface StartView {
  /** Notes loaded (every status). */
  notes: number;
  problems: NoteProblem[];
  /** Undefined when a note it lists changed since the snapshot: load the notes instead. */
  digest(budgetTokens: number): Digest | undefined;
  /** Undefined when the kept index turns out to be damaged: load the notes instead. */
  search(query: string, options?: SearchOptions): Promise<SearchHit[] | undefined>;
  /** The title of a note the snapshot lists (active and stale ones). */
  title(id: string): string | undefined;
  /** Checks every note file against the snapshot's stamp, and drops the snapshot when one changed. */
  verify(): Promise<void>;
}

export function countersKey(deltas: CounterDeltas): string {
  return createHash('sha256').update(JSON.stringify(deltas)).digest('hex');
}

/** Takes the snapshot, unless the one on disk is already of these notes. Best effort: a cache. */
export async function writeStartSnapshot(cacheDir: string, input: SnapshotInput): Promise<void> {
  const target = path.join(cacheDir, START_SNAPSHOT_FILE);
  const counters = countersKey(input.deltas);
  const old = await readSnapshot(cacheDir);
  if (old && consistent(old) && old.header.stamp === input.stamp && old.header.counters === counters && old.header.search === input.search &&
    isDeepStrictEqual(old.header.dirs, input.dirs)) return;
  const listed = [...input.ranked, ...input.notes.filter((n) => n.note.status === 'stale')];
  const stats = new Float64Array(listed.length * 4);
  for (const [i, n] of listed.entries()) {
    const st = input.fileStats.get(n.file);
    if (!st) return;
    stats.set([st.size, st.mtimeMs, st.ctimeMs, st.ino], i * 4);
  }
  const lines = rankedLines(listed);
  const all = listed.map((_, i) => i);
  const header: Header = {
    version: VERSION, stamp: input.stamp, dirs: [...input.dirs], counters, search: input.search, notes: input.notes.length, ranked: input.ranked.length,
    problems: [...input.problems],
  };
  const bytes = encodeSections(MAGIC, header, {
    ids: { pieces: listed.map((n) => n.note.id) },
    // Places by id, for a binary search (an id's place without decoding every id).
    byId: Uint32Array.from(all.sort((a, b) => (listed[a].note.id < listed[b].note.id ? -1 : 1))),
    kinds: Uint32Array.from(listed, (n) => NOTE_KINDS.indexOf(n.note.kind)),
    minChars: Uint32Array.from(listed, (_, i) => lines.minChars(i)),
    tokens: Uint32Array.from(listed, (_, i) => lines.line(i).tokens),
    lines: { pieces: listed.map((_, i) => lines.line(i).text) },
    files: { pieces: listed.map((n) => n.file) },
    stats,
    // Lucid's own notes went through the gate when sealed; a person's title is gated here (digest lines already are).
    titles: { pieces: listed.map((n) => (n.humanOwned ? gateText(n.note.title) : n.note.title)) },
  });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, target);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** The snapshot's sections, checked for consistency (throws when they are not). */
function sectionsOf(file: SectionFile<Header>) {
  const [ids, files, titles, lines] = [file.text('ids'), file.text('files'), file.text('titles'), file.text('lines')];
  const [byId, stats, kinds, minChars, tokens] = [file.u32('byId'), file.f64('stats'), file.u32('kinds'), file.u32('minChars'), file.u32('tokens')];
  const n = ids.count;
  const counts = [byId.length, kinds.length, minChars.length, tokens.length, lines.count, files.count, titles.count, stats.length / 4];
  if (!counts.every((c) => c === n) || file.header.ranked > n || kinds.some((k) => !NOTE_KINDS[k])) throw new Error('session-start snapshot: inconsistent');
  return { ids, files, titles, lines, byId, stats, kinds, minChars, tokens };
}

/** The view, when the snapshot is of the notes as they are now and the search index it names is kept; else undefined. */
export async function readStartView(notesDir: string, cacheDir: string, deltas: CounterDeltas): Promise<StartView | undefined> {
  const file = await readSnapshot(cacheDir);
  if (!file || file.header.counters !== countersKey(deltas) || !sameListing(notesDir, file.header.dirs)) return undefined;
  const kept = await keptSearchIndex(cacheDir, file.header.search);
  if (!kept) return undefined;
  try {
    return new SnapshotView(file, kept, notesDir, cacheDir, deltas);
  } catch {
    return undefined;
  }
}

function consistent(file: SectionFile<Header>): boolean {
  try {
    return !!sectionsOf(file);
  } catch {
    return false;
  }
}

async function readSnapshot(cacheDir: string): Promise<SectionFile<Header> | undefined> {
  try {
    const file = decodeSections<Header>(MAGIC, await fs.readFile(path.join(cacheDir, START_SNAPSHOT_FILE)));
    const h = file?.header;
    if (!file || h?.version !== VERSION || typeof h.stamp !== 'string' || typeof h.search !== 'string' || !Array.isArray(h.problems) || !Array.isArray(h.dirs)) return undefined;
    return file;
  } catch {
    return undefined;
  }
}

class SnapshotView implements StartView {
  readonly notes: number;
  readonly problems: NoteProblem[];
  private readonly ids: TextSection;
  private readonly byId: Uint32Array;
  private readonly files: TextSection;
  private readonly titles: TextSection;
  private readonly lines: RankedLines;
  private readonly stats: Float64Array;
  private readonly stamp: string;

  constructor(file: SectionFile<Header>, private readonly kept: KeptSearchIndex, private readonly notesDir: string, private readonly cacheDir: string,
    private readonly deltas: CounterDeltas) {
    const { header } = file;
    this.stamp = header.stamp;
    this.notes = header.notes;
    this.problems = header.problems;
    const { ids, files, titles, byId, stats, kinds, minChars, tokens, lines } = sectionsOf(file);
    [this.ids, this.files, this.titles, this.byId, this.stats] = [ids, files, titles, byId, stats];
    this.lines = {
      count: header.ranked,
      id: (i) => this.ids.piece(i),
      kind: (i) => NOTE_KINDS[kinds[i]],
      minChars: (i) => minChars[i],
      line: (i) => ({ text: lines.piece(i), tokens: tokens[i] }),
    };
  }

  digest(budgetTokens: number): Digest | undefined {
    // The lines were built by digestLine when the snapshot was taken (gated then).
    const digest = digestOfLines(this.lines, { budgetTokens, linesGated: true });
    return digest.included.every((id) => this.unchanged(this.indexOf(id)!)) ? digest : undefined;
  }

  /** Never rejects (nobody may be waiting for it): a folder that cannot be read drops the snapshot too. */
  async verify(): Promise<void> {
    const now = await currentStamp(this.notesDir).catch(() => undefined);
    if (now !== this.stamp) await fs.rm(path.join(this.cacheDir, START_SNAPSHOT_FILE), { force: true }).catch(() => undefined);
  }

  async search(query: string, options?: SearchOptions): Promise<SearchHit[] | undefined> {
    const found = this.kept.search(query, options);
    if (!found) return undefined;
    const hits: SearchHit[] = [];
    for (const h of found) {
      const at = this.indexOf(h.id);
      if (at === undefined) continue;
      // The file is as it was when the snapshot was taken (the stamp): it parses to the note indexed.
      const read = await readNoteFile(this.notesDir, this.files.piece(at));
      if (!('loaded' in read) || read.loaded.note.id !== h.id) continue;
      const { note } = read.loaded;
      const d = this.deltas[h.id];
      hits.push({ ...h, note: { ...read.loaded, note: addCountersTo(note, d) } });
    }
    return hits;
  }

  title(id: string): string | undefined {
    const at = this.indexOf(id);
    return at === undefined ? undefined : this.titles.piece(at);
  }

  /** The note file at this place has the stats it had when the snapshot was taken. */
  private unchanged(at: number): boolean {
    const now = lstatSync(path.join(this.notesDir, ...this.files.piece(at).split('/')), { throwIfNoEntry: false });
    const [size, mtimeMs, ctimeMs, ino] = this.stats.subarray(at * 4, at * 4 + 4);
    return !!now?.isFile() && now.size === size && now.mtimeMs === mtimeMs && now.ctimeMs === ctimeMs && now.ino === ino;
  }

  /** The note's place in the snapshot (a binary search over the places sorted by id). */
  private indexOf(id: string): number | undefined {
    let lo = 0;
    let hi = this.byId.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.byId[mid];
      const here = this.ids.piece(at);
      if (here === id) return at;
      if (here < id) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }
}
