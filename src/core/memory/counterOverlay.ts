// Usage counters of human-owned notes. Lucid never rewrites a person's file just to count a recall, so those
// counts go to a local side file, `.cache/counters.json` (gitignored), as deltas that `load()` adds on top of
// the counters in the note. If Lucid later writes the note itself, the deltas are folded into the file.
import * as fs from 'fs/promises';
import * as path from 'path';
import { writeFileAtomic } from './atomicWrite';
import { isDeepStrictEqual } from 'util';
import type { Counters, LoadedNote, Note } from './noteSchema';

export type CounterKey = keyof Counters;
export type CounterDeltas = Record<string, Counters>;

const FILE_NAME = 'counters.json';

export function counterOverlayPath(cacheDir: string): string {
  return path.join(cacheDir, FILE_NAME);
}

/** The deltas by note id. A missing or unreadable file counts as empty (it is a cache). */
export async function readCounterOverlay(cacheDir: string): Promise<CounterDeltas> {
  let text: string;
  try {
    text = await fs.readFile(counterOverlayPath(cacheDir), 'utf8');
  } catch {
    return {};
  }
  try {
    const data = JSON.parse(text) as { counters?: unknown };
    const out: CounterDeltas = {};
    const raw = data && typeof data.counters === 'object' && data.counters ? (data.counters as Record<string, unknown>) : {};
    for (const [id, value] of Object.entries(raw)) {
      const v = (value ?? {}) as Partial<Record<CounterKey, unknown>>;
      out[id] = { recalled: count(v.recalled), helpful: count(v.helpful), harmful: count(v.harmful) };
    }
    return out;
  } catch {
    return {};
  }
}

/** Adds `by` to one counter of one note. The caller holds the memory lock. */
export async function bumpCounterOverlay(cacheDir: string, id: string, key: CounterKey, by: number): Promise<Counters> {
  const deltas = await readCounterOverlay(cacheDir);
  const entry = deltas[id] ?? { recalled: 0, helpful: 0, harmful: 0 };
  entry[key] += by;
  deltas[id] = entry;
  await writeCounterOverlay(cacheDir, deltas);
  return { ...entry };
}

/** Removes and returns the deltas of one note (to fold them into its file). The caller holds the memory lock. */
export async function takeCounterOverlay(cacheDir: string, id: string): Promise<Counters | undefined> {
  const deltas = await readCounterOverlay(cacheDir);
  const entry = deltas[id];
  if (!entry) return undefined;
  delete deltas[id];
  await writeCounterOverlay(cacheDir, deltas);
  return entry;
}

export function addCounters(a: Counters, b: Counters | undefined): Counters {
  if (!b) return { ...a };
  return { recalled: a.recalled + b.recalled, helpful: a.helpful + b.helpful, harmful: a.harmful + b.harmful };
}

/** The side file's bytes: the one format `readCounterOverlay` reads (ids sorted, so equal deltas are equal bytes). */
export function serializeCounterOverlay(deltas: CounterDeltas): string {
  const sorted: CounterDeltas = {};
  for (const id of Object.keys(deltas).sort()) sorted[id] = deltas[id];
  return `${JSON.stringify({ version: 1, counters: sorted }, null, 2)}\n`;
}

async function writeCounterOverlay(cacheDir: string, deltas: CounterDeltas): Promise<void> {
  await fs.mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(counterOverlayPath(cacheDir), serializeCounterOverlay(deltas));
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** The notes with this machine's pending counts added (copies of those with counts); the same array again when the
 * notes and the counts are those of the last call, so what is derived from it (search, digest, recall) is kept. */
const withCounts = new WeakMap<readonly LoadedNote[], { deltas: Record<string, Counters>; notes: LoadedNote[] }>();
export function withCounterDeltas(notes: readonly LoadedNote[], deltas: Record<string, Counters>): LoadedNote[] {
  const last = withCounts.get(notes);
  if (last && isDeepStrictEqual(last.deltas, deltas)) return last.notes;
  const counted = Object.freeze(notes.map((n) => (deltas[n.note.id] ? { ...n, note: addCountersTo(n.note, deltas[n.note.id]) } : n))) as LoadedNote[];
  withCounts.set(notes, { deltas, notes: counted });
  return counted;
}

export function addCountersTo(note: Note, deltas: Counters | undefined): Note {
  return deltas ? { ...note, counters: addCounters(note.counters, deltas) } : note;
}
