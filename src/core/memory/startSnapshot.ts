// The session-start snapshot (`.cache/session-start.bin`, local, gitignored): what a session start needs of 10,000
// notes, so that a new window or CLI run does not load them all first (stat-ing 10,000 files alone can take longer
// than the whole budget). It keeps, for the notes as they were when it was taken: the notes folders' times, each
// note's stats, line in the digest, file and title, the digest's ranking, the counts pending on this machine and
// the search index's signature.
//
// A session start in a new process uses it when no folder changed (no file added, removed or renamed: git's
// untracked-cache rule, racy window included); with other counts pending (a recall counted since), it ranks the
// digest's notes again from the counts, sessions and recency it keeps. It reads only the lines, files and titles
// it uses and searches the kept index (keptSearchIndex.ts). What it shows is never stale: every note of the digest
// is stat-checked (one changed: the notes are loaded instead), and a relevant note is read from its file. A note
// changed in place that it does not show may still be ranked as it was: right after, every note is loaded (while
// the model answers; just-in-time recall needs them), every file checked, and a snapshot that no longer matches is
// taken again or dropped, so the next session start sees the change. Anything else (no kept index, a damaged file)
// is a full load. A cache, never the truth.
import { lstatSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import * as fs from 'fs/promises';
import * as path from 'path';
import { writeFileAtomic } from './atomicWrite';
import { digestOfLines, newestDayOf, rankedLines, recencyOf, usefulnessOf, type Digest, type RankedLines } from './digest';
import type { FileStat } from './folderStamp';
import { keptSearchIndex, type KeptSearchIndex } from './keptSearchIndex';
import { lowerBound } from './lowerBound';
import { addCounters, addCountersTo, type CounterDeltas } from './counterOverlay';
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
  /** The counts pending on this machine when it was taken (its ranking is theirs). */
  deltas: CounterDeltas;
  search: string;
  /** Notes loaded (every status). */
  notes: number;
  /** Of the notes listed in the sections, the first `ranked` are the digest's (active, most useful first). */
  ranked: number;
  /** The collation its `idRank` follows (ties are broken by id as `localeCompare` orders them in this locale). */
  collation: string;
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
}

/** Takes the snapshot, unless the one on disk is already of these notes. Best effort: a cache. */
export async function writeStartSnapshot(cacheDir: string, input: SnapshotInput): Promise<void> {
  const target = path.join(cacheDir, START_SNAPSHOT_FILE);
  const old = await readSnapshot(cacheDir);
  if (old && consistent(old) && old.header.stamp === input.stamp && isDeepStrictEqual(old.header.deltas, input.deltas) && old.header.search === input.search &&
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
  // What the ranking is computed from, so that other pending counts rank again without loading the notes: the
  // counters as in the files (the counts pending now taken off), the sessions and the recency.
  const newestDay = newestDayOf(input.ranked);
  const ranked = input.ranked.map((n) => ({ n, d: input.deltas[n.note.id] }));
  const header: Header = {
    version: VERSION, stamp: input.stamp, dirs: [...input.dirs], deltas: input.deltas, collation: collation(), search: input.search, notes: input.notes.length, ranked: input.ranked.length,
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
    sessions: Float64Array.from(ranked, ({ n }) => n.note.evidence.sessions),
    recency: Float64Array.from(ranked, ({ n }) => recencyOf(n.note, newestDay)),
    idRank: idRanks(input.ranked.map((n) => n.note.id)),
    counts: Uint32Array.from(ranked.flatMap(({ n: { note: { counters: c } }, d }) => [c.recalled - (d?.recalled ?? 0), c.helpful - (d?.helpful ?? 0), c.harmful - (d?.harmful ?? 0)])),
    files: { pieces: listed.map((n) => n.file) },
    stats,
    // Lucid's own notes went through the gate when sealed; a person's title is gated here (digest lines already are).
    titles: { pieces: listed.map((n) => (n.humanOwned ? gateText(n.note.title) : n.note.title)) },
  });
  await writeFileAtomic(target, bytes).catch(() => undefined);
}

/** The snapshot's sections, checked for consistency (throws when they are not). */
function sectionsOf(file: SectionFile<Header>) {
  const [ids, files, titles, lines] = [file.text('ids'), file.text('files'), file.text('titles'), file.text('lines')];
  const [byId, stats, kinds, minChars, tokens] = [file.u32('byId'), file.f64('stats'), file.u32('kinds'), file.u32('minChars'), file.u32('tokens')];
  const [sessions, recency, counts, idRank] = [file.f64('sessions'), file.f64('recency'), file.u32('counts'), file.u32('idRank')];
  const n = ids.count;
  const { ranked } = file.header;
  const lengths = [byId.length, kinds.length, minChars.length, tokens.length, lines.count, files.count, titles.count, stats.length / 4];
  if (!lengths.every((c) => c === n) || !Number.isInteger(ranked) || ranked > n || sessions.length !== ranked || recency.length !== ranked || idRank.length !== ranked ||
    counts.length !== 3 * ranked || kinds.some((k) => !NOTE_KINDS[k])) throw new Error('session-start snapshot: inconsistent');
  return { ids, files, titles, lines, byId, stats, kinds, minChars, tokens, sessions, recency, counts, idRank };
}

/** Removes the snapshot (the notes as loaded cannot be vouched for by stats, or have no kept search index). */
export async function dropStartSnapshot(cacheDir: string): Promise<void> {
  await fs.rm(path.join(cacheDir, START_SNAPSHOT_FILE), { force: true }).catch(() => undefined);
}

/** The view, when the snapshot is of the notes as they are now and the search index it names is kept; else undefined. */
export async function readStartView(notesDir: string, cacheDir: string, deltas: CounterDeltas): Promise<StartView | undefined> {
  const file = await readSnapshot(cacheDir);
  if (!file || !sameListing(notesDir, file.header.dirs)) return undefined;
  const kept = await keptSearchIndex(cacheDir, file.header.search);
  if (!kept) return undefined;
  try {
    return new SnapshotView(file, kept, notesDir, deltas);
  } catch {
    return undefined;
  }
}

/**
 * The places of the digest's notes ranked as `rankForDigest` ranks them with these pending counts. The notes whose
 * counts differ from the snapshot's are taken out of its order and put back where they now belong (ties by id in
 * `localeCompare` order, by the ranks kept); in another collation than the snapshot's, all are sorted again.
 */
function rankAgain(s: ReturnType<typeof sectionsOf>, header: Header, deltas: CounterDeltas): Uint32Array {
  const counts = (i: number) => ({ recalled: s.counts[3 * i], helpful: s.counts[3 * i + 1], harmful: s.counts[3 * i + 2] });
  const score = (i: number) => usefulnessOf(s.sessions[i], s.recency[i], addCounters(counts(i), deltas[s.ids.piece(i)]));
  const all = Array.from({ length: header.ranked }, (_, i) => i);
  if (header.collation !== collation()) {
    const [ids, scores] = [s.ids.all(), all.map(score)];
    return Uint32Array.from(all.sort((a, b) => scores[b] - scores[a] || ids[a].localeCompare(ids[b])));
  }
  const moved = new Map<number, number>();
  for (const id of new Set([...Object.keys(header.deltas), ...Object.keys(deltas)])) {
    const i = isDeepStrictEqual(header.deltas[id], deltas[id]) ? undefined : placeOf(s, id);
    if (i !== undefined && i < header.ranked) moved.set(i, score(i));
  }
  // The others keep their order: their counts, so their scores, are those it was sorted by.
  const order = all.filter((i) => !moved.has(i));
  const before = (a: number, b: number) => (moved.get(b) ?? score(b)) - (moved.get(a) ?? score(a)) || s.idRank[a] - s.idRank[b];
  for (const i of [...moved.keys()].sort(before)) order.splice(lowerBound(order.length, (k) => before(order[k], i) < 0), 0, i);
  return Uint32Array.from(order);
}

/** Each id's place in `localeCompare` order. */
function idRanks(ids: readonly string[]): Uint32Array {
  const ranks = new Uint32Array(ids.length);
  ids.map((_, i) => i).sort((a, b) => ids[a].localeCompare(ids[b])).forEach((at, rank) => (ranks[at] = rank));
  return ranks;
}

function collation(): string {
  return new Intl.Collator().resolvedOptions().locale;
}

/** A note's place in the snapshot (a binary search over the places sorted by id). */
function placeOf(s: { ids: TextSection; byId: Uint32Array }, id: string): number | undefined {
  const i = lowerBound(s.byId.length, (k) => s.ids.piece(s.byId[k]) < id);
  return i < s.byId.length && s.ids.piece(s.byId[i]) === id ? s.byId[i] : undefined;
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
    // The notes folder itself must be among the folders it vouches for (a list without it would check nothing).
    if (!file || h?.version !== VERSION || typeof h.stamp !== 'string' || typeof h.search !== 'string' || !Array.isArray(h.problems) ||
      !Array.isArray(h.dirs) || !h.dirs.some((d) => d?.rel === '' && d.stamp) || typeof h.deltas !== 'object' || !h.deltas) return undefined;
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

  constructor(file: SectionFile<Header>, private readonly kept: KeptSearchIndex, private readonly notesDir: string,
    private readonly deltas: CounterDeltas) {
    const { header } = file;
    this.notes = header.notes;
    this.problems = header.problems;
    const sections = sectionsOf(file);
    const { ids, files, titles, byId, stats, kinds, minChars, tokens, lines } = sections;
    [this.ids, this.files, this.titles, this.byId, this.stats] = [ids, files, titles, byId, stats];
    // Other counts pending than when it was taken: ranked again (a recall counted since); else in its order.
    const order = isDeepStrictEqual(header.deltas, deltas) ? undefined : rankAgain(sections, header, deltas);
    const at = (i: number) => order?.[i] ?? i;
    this.lines = {
      count: header.ranked,
      id: (i) => this.ids.piece(at(i)),
      kind: (i) => NOTE_KINDS[kinds[at(i)]],
      minChars: (i) => minChars[at(i)],
      line: (i) => ({ text: lines.piece(at(i)), tokens: tokens[at(i)] }),
    };
  }

  digest(budgetTokens: number): Digest | undefined {
    // The lines were built by digestLine when the snapshot was taken (gated then).
    const digest = digestOfLines(this.lines, { budgetTokens, linesGated: true });
    return digest.included.every((id) => this.unchanged(this.indexOf(id)!)) ? digest : undefined;
  }

  async search(query: string, options?: SearchOptions): Promise<SearchHit[] | undefined> {
    const found = this.kept.search(query, options);
    if (!found) return undefined;
    const hits: SearchHit[] = [];
    for (const h of found) {
      const at = this.indexOf(h.id);
      if (at === undefined) continue;
      // Read now: what the context shows of a note is never the snapshot's (a file rewritten in place since is seen).
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

  private indexOf(id: string): number | undefined {
    return placeOf({ ids: this.ids, byId: this.byId }, id);
  }
}
