// What the dream keeps of one changed session once it is read: its contribution (through the redaction gate), how
// many events it had and the problems reading it found; a session the reading fails on is a problem, skipped.
// Computed where the session was read (in the dream's own thread or in a reading worker, see sessionPool.ts); the
// events themselves are dropped.
import type { Note } from '../memory/noteSchema';
import { gateError } from '../redact/redactionGate';
import { readLook, type ChangedSession, type SessionFileEntry, type ToRead } from '../sessions/sessionIndex';
import { gateContribution } from './dreamState';
import type { SessionContribution } from './read/episodeTypes';
import { contributionOf } from './read/sessionContribution';

export interface SessionReading {
  name: string;
  sessionId: string;
  eventsRead: number;
  problems: string[];
  contribution: SessionContribution;
}

/** `notes`: the notes the session's verdicts are about. `startedAt`: the dream's start (a session without a day). */
export function readingOf(s: ChangedSession, notes: ReadonlyMap<string, Note>, startedAt: string): SessionReading {
  return {
    name: s.name,
    sessionId: s.sessionId,
    eventsRead: s.read.events.length,
    problems: s.read.problems,
    contribution: gateContribution(contributionOf(s.sessionId, s.read, notes, startedAt)),
  };
}

/** A changed file read and, when it holds a session, turned into its reading: what the dream keeps of it. */
export interface ReadOutcome {
  entry?: SessionFileEntry;
  problem?: string;
  reading?: SessionReading;
}

export function readOutcome(dir: string, file: ToRead, notes: ReadonlyMap<string, Note>, startedAt: string): ReadOutcome {
  const l = readLook(dir, file);
  const looked = { ...(l.entry ? { entry: l.entry } : {}), ...(l.problem ? { problem: l.problem } : {}) };
  if (!l.changed) return looked;
  try {
    return { ...looked, reading: readingOf(l.changed, notes, startedAt) };
  } catch (e) {
    // A transcript this version's reading cannot take (input it did not foresee): reported and skipped, not the end
    // of every dream. Its earlier entry is kept (none: no entry), so a later version reads it again.
    return { ...(file.prev ? { entry: file.prev } : {}), problem: `sessions/${file.name}: could not be read as a session (${gateError(e)}); skipped` };
  }
}
