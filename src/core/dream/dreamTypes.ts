// The dream's vocabulary: what it finds in sessions (episodes), what it proposes (candidates), and the
// incremental operations it applies to memory (never a wholesale rewrite), each with a reason and evidence.
import type { Note } from '../memory/noteSchema';

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
  model: ModelPassReport;
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

/** What the model pass did, truthfully: whether it was asked, and what it changed or was refused. */
export interface ModelPassReport {
  /** A request was sent (false: no key, --no-llm, nothing to judge, or every answer came from the cache). */
  asked: boolean;
  /** Answers reused from the cache (the same episodes were judged before). */
  cached?: number;
  ok?: boolean;
  message?: string;
  /** Notes the model's judgement changed: added, reworded, rejected. */
  added?: string[];
  reworded?: string[];
  rejected?: string[];
  /** What the model proposed that could not be verified against the sessions, and why: dropped. */
  dropped?: string[];
}

export interface NoteRef {
  id: string;
  title: string;
  /** Path relative to the workspace, e.g. `.agent-memory/notes/x.md`. */
  path: string;
  reason: string;
}
