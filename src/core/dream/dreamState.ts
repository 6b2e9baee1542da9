// The dream's local state (`.agent-memory/.cache/dream-state.json`, not committed): where it stopped
// reading sessions, and what it has learned about each error signature so far.
import * as fs from 'fs/promises';
import * as path from 'path';
import type { MemoryPaths } from '../memory/memoryLayout';
import { emptyCursor, type SessionCursor } from '../sessions/sessionCursor';
import type { SignatureStat } from './signatureStats';

export interface DreamState {
  v: 1;
  cursor: SessionCursor;
  stats: Record<string, SignatureStat>;
  lastDream?: string;
}

export const DREAM_STATE_FILE = '.cache/dream-state.json';

export const emptyDreamState = (): DreamState => ({ v: 1, cursor: emptyCursor(), stats: {} });

/** Reads the state; a missing file is a first dream; a damaged one is set aside (kept) and the dream starts over. */
export async function readDreamState(paths: MemoryPaths, onProblem: (message: string) => void): Promise<DreamState> {
  const file = path.join(paths.root, DREAM_STATE_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyDreamState();
    throw err;
  }
  try {
    const state = JSON.parse(text) as DreamState;
    if (state?.v !== 1 || typeof state.cursor !== 'object' || typeof state.stats !== 'object') throw new Error('unknown format');
    return state;
  } catch (err) {
    const aside = `${file}.damaged-${Date.now()}`;
    await fs.rename(file, aside).catch(() => undefined);
    onProblem(`${DREAM_STATE_FILE} could not be read (${(err as Error).message}); kept as ${path.basename(aside)}, re-reading all sessions`);
    return emptyDreamState();
  }
}

/** Deterministic serialization, so an unchanged state is byte-identical. */
export function serializeDreamState(state: DreamState): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
  return `${JSON.stringify(sortKeys(state), null, 1)}\n`;
}
