// What one session contributes to the dream: its lesson-worthy episodes, its noise (counted), the user's
// corrections, and its verdicts on the notes it was given or recalled. Replaced whole when the session is read
// again; the difference of the verdicts against the old contribution is what changes a note's counters.
import type { Note } from '../../memory/noteSchema';
import type { SessionRead } from '../../sessions/sessionReader';
import type { NoteVerdicts, SessionContribution } from './episodeTypes';
import { adviceFeedback, contextNotes, recallFeedback, type Feedback } from './noteFeedback';
import { readSessionEpisodes } from './sessionEpisodes';
import { criterionEpisodes, sessionOutcome } from './sessionOutcome';

export function contributionOf(sessionId: string, read: SessionRead, notes: ReadonlyMap<string, Note>, fallbackDay: string): SessionContribution {
  const day = (read.header?.startedAt ?? fallbackDay).slice(0, 10);
  const found = readSessionEpisodes({ sessionId, day, events: read.events, workspace: read.header?.workspace });
  const noise: Record<string, number> = {};
  for (const e of found.episodes) if (e.noise) noise[e.noise] = (noise[e.noise] ?? 0) + 1;
  const feedback = recallFeedback(found.timeline, notes);
  adviceFeedback(found.timeline, contextNotes(read.events), notes, feedback);
  const outcome = sessionOutcome(read.events);
  return {
    day,
    episodes: [...found.episodes.filter((e) => !e.noise), ...criterionEpisodes(sessionId, day, outcome)],
    noise,
    failures: found.episodes.length,
    resolved: found.episodes.filter((e) => e.outcome === 'fixed').length,
    corrections: found.corrections.map((c) => c.text),
    ...(found.timeline.request ? { request: found.timeline.request } : {}),
    ...(found.timeline.created.size ? { created: [...found.timeline.created.keys()].slice(0, 10) } : {}),
    feedback,
    ...(outcome ? { outcome } : {}),
  };
}

/** The change of verdicts from an old contribution to a new one, added into `into`. */
export function addFeedbackDelta(into: Map<string, NoteVerdicts>, before: Feedback | undefined, after: Feedback): void {
  for (const id of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) {
    const b = before?.[id] ?? { helpful: 0, harmful: 0 };
    const a = after[id] ?? { helpful: 0, harmful: 0 };
    const d = into.get(id) ?? { helpful: 0, harmful: 0 };
    d.helpful += a.helpful - b.helpful;
    d.harmful += a.harmful - b.harmful;
    // A refutation is news once: reading the same session again does not refute the note again.
    if (a.refuted && a.refuted !== b.refuted) d.refuted ??= a.refuted;
    into.set(id, d);
  }
}
