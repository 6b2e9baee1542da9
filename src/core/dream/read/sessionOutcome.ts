// What a session's outcome says to the dream (see core/outcome): how it ended (a satisfied outcome makes the
// session verified evidence; one that was not satisfied holds back lessons seen only there), and the criteria the
// grader found unmet at first and met later: each is a "before finishing" lesson when sessions agree on it.
import type { ReadEvent } from '../../sessions/sessionSchema';
import type { Episode, SessionOutcome } from './episodeTypes';

type Evaluation = Extract<ReadEvent, { type: 'outcome_evaluation' }>;

/** The key of a criterion: its text, case and spacing aside (a team's shared rubric reads the same everywhere). */
export const criterionKey = (text: string) => `outcome criterion: ${text.replace(/\s+/g, ' ').trim().toLowerCase()}`;

/** The session's last outcome, or undefined when it had none. */
export function sessionOutcome(events: ReadEvent[]): SessionOutcome | undefined {
  const start = events.map((e) => e.type).lastIndexOf('outcome_start');
  if (start < 0) return undefined;
  const after = events.slice(start);
  const evaluations = after.filter((e): e is Evaluation => e.type === 'outcome_evaluation');
  const end = after.find((e) => e.type === 'outcome_end');
  const result = end?.type === 'outcome_end' ? end.result : 'unfinished';
  const recovered: SessionOutcome['recovered'] = [];
  const first = evaluations[0];
  if (first) {
    for (const [k, c] of first.criteria.entries()) {
      if (c.met) continue;
      const later = evaluations.slice(1).find((e) => e.criteria[k]?.met && e.criteria[k].criterion === c.criterion);
      if (later) recovered.push({ criterion: c.criterion, said: c.explanation, ...(c.check ? { run: c.check.command } : {}), callId: `outcome-${start}-${k}` });
    }
  }
  return { result, recovered };
}

/** A recovered criterion as an episode: failed first, met later; its "fix" is to check it before finishing. */
export function criterionEpisodes(sessionId: string, day: string, o: SessionOutcome | undefined): Episode[] {
  return (o?.recovered ?? []).map((r) => ({
    sessionId, callId: r.callId, day, command: r.criterion, program: 'outcome', general: r.criterion,
    problem: { key: criterionKey(r.criterion), class: 'criterion', tool: 'outcome', line: r.criterion, subjects: [] },
    excerpt: r.said.slice(0, 400), outcome: 'fixed', failedTries: [],
    fix: { key: `criterion:${criterionKey(r.criterion).slice('outcome criterion: '.length)}`, steps: [], command: r.run ?? '' },
  }));
}
