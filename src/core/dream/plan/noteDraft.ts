// A note as the planner composes it, before it gets an id, citations and counters (see dreamPlanner.noteFromDraft).
import type { NoteFix, NoteKind, Triggers } from '../../memory/noteSchema';

export interface NoteDraft {
  kind: NoteKind;
  title: string;
  body: string;
  triggers: Triggers;
  fix?: NoteFix;
  known?: boolean;
  problems: string[];
  sessions: number;
  /** Sessions among them whose outcome the grader accepted. */
  verified?: number;
  firstSeen: string;
  lastSeen: string;
  examples: Array<{ session: string; text: string }>;
}
