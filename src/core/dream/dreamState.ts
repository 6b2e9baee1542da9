// The dream's local state (`.agent-memory/.cache/dream-state.json`, not committed): which transcripts it has read
// (by content), and what each session contributed (its episodes, corrections and verdicts on notes). Lessons are
// folded from the contributions on every dream, so reading a session again replaces its contribution: evidence is
// a set keyed by session and call, never a running total. Also the model pass's answers, keyed by what it judged.
import * as fs from 'fs/promises';
import * as path from 'path';
import type { MemoryPaths } from '../memory/memoryLayout';
import { gateDeep } from '../redact/redactionGate';
import type { SessionIndex } from '../sessions/sessionIndex';
import type { SessionContribution } from './read/episodeTypes';

export interface DreamState {
  v: 2;
  files: SessionIndex;
  /** By session id. */
  sessions: Record<string, SessionContribution>;
  /** The model pass's answers, by the hash of the request (see judge/judgeCache). */
  judged?: Record<string, unknown>;
  lastDream?: string;
}

export const DREAM_STATE_FILE = '.cache/dream-state.json';

export const emptyDreamState = (): DreamState => ({ v: 2, files: {}, sessions: {} });

/** Reads the state; a missing file is a first dream; an older or damaged one is set aside (kept) and the dream starts over. */
export async function readDreamState(paths: Pick<MemoryPaths, 'root'>, onProblem: (message: string) => void): Promise<DreamState> {
  const file = path.join(paths.root, DREAM_STATE_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyDreamState();
    throw err;
  }
  try {
    const state = JSON.parse(text) as DreamState | { v: 1 };
    if (state?.v === 1) {
      onProblem(`${DREAM_STATE_FILE} is from an earlier version of Lucid: every session is read again`);
      return emptyDreamState();
    }
    if (state?.v !== 2 || typeof state.files !== 'object' || typeof state.sessions !== 'object') throw new Error('unknown format');
    return state as DreamState;
  } catch (err) {
    const aside = `${file}.damaged-${Date.now()}`;
    await fs.rename(file, aside).catch(() => undefined);
    onProblem(`${DREAM_STATE_FILE} could not be read (${(err as Error).message}); kept as ${path.basename(aside)}, re-reading all sessions`);
    return emptyDreamState();
  }
}

const sorted = <T>(o: Record<string, T> | undefined): Record<string, T> => Object.fromEntries(Object.keys(o ?? {}).sort().map((k) => [k, o![k]]));

/**
 * Deterministic serialization, so an unchanged state is byte-identical: the maps keyed by file, session or note are
 * sorted; the records in them are built by the same code every time, so their key order is already fixed.
 */
export function serializeDreamState(state: DreamState): string {
  const sessions = Object.fromEntries(
    Object.keys(state.sessions).sort().map((id) => {
      const c = state.sessions[id];
      return [id, { ...c, noise: sorted(c.noise), feedback: sorted(c.feedback) }];
    }),
  );
  const out = { v: state.v, files: sorted(state.files), sessions, ...(state.judged ? { judged: sorted(state.judged) } : {}), ...(state.lastDream ? { lastDream: state.lastDream } : {}) };
  // Each session's contribution went through the redaction gate when it was read (see gateContribution).
  return `${JSON.stringify(out)}\n`;
}

/**
 * A session's contribution through the redaction gate, once, when the session is read: episodes quote commands
 * and error lines, and a transcript another tool wrote may not have been redacted.
 */
export function gateContribution<T>(contribution: T): T {
  return gateDeep(contribution);
}
