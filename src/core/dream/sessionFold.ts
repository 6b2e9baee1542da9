// The dream's reading, one session at a time: each changed session's contribution replaces what it contributed
// before (evidence is a set, never a running total), and the difference of its verdicts on notes is what changes
// the notes' counters.
import type { DreamState } from './dreamState';
import type { DreamReport } from './dreamTypes';
import type { Feedback } from './plan/dreamPlanner';
import type { CorrectionEpisode } from './read/episodeTypes';
import { addFeedbackDelta } from './read/sessionContribution';
import type { SessionReading } from './sessionReading';

export interface Folded {
  feedback: Map<string, Feedback>;
  corrections: CorrectionEpisode[];
  eventsRead: number;
  episodes: DreamReport['episodes'];
  /** Each session's reading problems, named by file. */
  problems: string[];
}

export class SessionFold {
  private readonly out: Folded = { feedback: new Map(), corrections: [], eventsRead: 0, episodes: { failures: 0, resolved: 0, noise: 0, corrections: 0 }, problems: [] };

  constructor(private readonly state: DreamState) {}

  /** The sessions are added in name order. */
  add(s: SessionReading): void {
    const out = this.out;
    out.eventsRead += s.eventsRead;
    for (const p of s.problems) out.problems.push(`sessions/${s.name}: ${p}`);
    const c = s.contribution;
    const before = this.state.sessions[s.sessionId];
    addFeedbackDelta(out.feedback, before?.feedback, c.feedback);
    for (const text of c.corrections) if (!before?.corrections.includes(text)) out.corrections.push({ sessionId: s.sessionId, day: c.day, text });
    out.episodes.failures += c.failures;
    out.episodes.resolved += c.resolved;
    for (const n of Object.values(c.noise)) out.episodes.noise += n;
    this.state.sessions[s.sessionId] = c;
  }

  result(): Folded {
    this.out.episodes.corrections = this.out.corrections.length;
    return this.out;
  }
}
