// The dream's vocabulary: what it finds in sessions (episodes), what it proposes (candidates), and the
// incremental operations it applies to memory (never a wholesale rewrite), each with a reason and evidence.
import type { Evidence, Note, NoteKind, Triggers } from '../memory/noteSchema';

/** A failed command seen in a session, and how (if at all) the session got past it. */
export interface FailureEpisode {
  sessionId: string;
  /** `YYYY-MM-DD` of the session. */
  day: string;
  /** The failing command, as run (already redacted in the transcript). */
  command: string;
  /** What the command was trying to do: program + subcommand (e.g. `npm test`, `git checkout`). */
  intent: string;
  /** The meaningful error lines (see errors/errorExtract). */
  signatures: Array<{ tool: string; key: string; line: string; code?: string }>;
  /** A short excerpt of the output, for evidence. */
  excerpt: string;
  resolution?: Resolution;
  /** Why this episode is not memory-worthy (a typo, a test failing on purpose, a grep with no match…). */
  noise?: string;
}

export interface Resolution {
  /**
   * `variant`: a later call with the same intent succeeded with a change (a flag, npx in front, a label);
   * `fix-then-retry`: a fix step (install, codegen, create a file, stash) after which the same call succeeded.
   */
  kind: 'variant' | 'fix-then-retry';
  /** The command that worked (variant), or the original command that worked after the fix. */
  command: string;
  /** The fix steps, for `fix-then-retry`. */
  fixSteps: string[];
}

/** A correction the user gave ("no, use pnpm here"): a convention to remember. */
export interface CorrectionEpisode {
  sessionId: string;
  day: string;
  text: string;
}

/** A proposed note, aggregated over every episode that shares its key. */
export interface Candidate {
  /** Stable grouping key (an error signature key plus intent, or a convention's normalised text). */
  key: string;
  kind: NoteKind;
  title: string;
  body: string;
  triggers: Triggers;
  evidence: Evidence;
  /** How many times it happened (across all sessions). */
  occurrences: number;
}

export type DreamOp =
  | { op: 'add'; note: Note; reason: string }
  | { op: 'update'; id: string; file: string; note: Note; reason: string }
  | { op: 'merge'; into: string; from: string[]; note: Note; reason: string }
  | { op: 'stale'; id: string; file: string; reason: string }
  | { op: 'retire'; id: string; file: string; reason: string }
  /** A change to a person's note: proposed, never made. */
  | { op: 'propose'; id: string; file: string; note: Note; reason: string };

export interface DreamReport {
  startedAt: string;
  finishedAt: string;
  sessionsRead: number;
  eventsRead: number;
  episodes: { failures: number; resolved: number; noise: number; corrections: number };
  mode: 'apply' | 'review';
  model: { used: boolean; ok?: boolean; message?: string };
  added: NoteRef[];
  updated: NoteRef[];
  merged: Array<NoteRef & { from: string[] }>;
  staled: NoteRef[];
  retired: NoteRef[];
  proposed: NoteRef[];
  digestTokens: number;
  /** Problems met (unreadable notes or transcript lines), reported, never fatal. */
  problems: string[];
}

export interface NoteRef {
  id: string;
  title: string;
  /** Path relative to the workspace, e.g. `.agent-memory/notes/x.md`. */
  path: string;
  reason: string;
}
