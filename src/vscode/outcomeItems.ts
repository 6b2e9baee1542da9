// The outcome card's state from the outcome events (live or replayed): what each event changes on the card. Pure:
// no `vscode` import, so the unit tier tests it through ChatLog.
import type { AgentEvent, OutcomeDefinition } from '../core/agent/agentEvents';
import { withOutcome } from '../core/outcome/outcomeLoop';
import type { OutcomeCardItem, OutcomeCriterionView } from '../shared/panelState';

type Event<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
export type OutcomeCardPatch = Partial<Omit<OutcomeCardItem, 'id' | 'kind'>>;

/** A new card: iteration 1 under way, no criterion graded yet. */
export function outcomeCard(o: OutcomeDefinition): Omit<OutcomeCardItem, 'id'> {
  return {
    kind: 'outcome',
    description: o.description,
    ...(o.rubricName ? { rubricName: o.rubricName } : {}),
    maxIterations: o.maxIterations,
    iteration: 1,
    phase: 'working',
    criteria: o.criteria.map((c) => ({ text: c.text, ...(c.run ? { run: c.run } : {}) })),
    grades: [],
  };
}

export function gradingPatch(e: Event<'outcome_grading'>): OutcomeCardPatch {
  return { iteration: e.iteration, maxIterations: e.maxIterations, phase: 'grading' };
}

/**
 * A grade: each criterion's verdict (by rubric order), the grader's explanation, and the next step: another
 * iteration when the work goes back to the agent, else the end follows.
 */
export function evaluationPatch(card: OutcomeCardItem, e: Event<'outcome_evaluation'>): OutcomeCardPatch {
  const criteria: OutcomeCriterionView[] = e.criteria.map((v, k) => {
    const known = card.criteria[k];
    return {
      text: known?.text ?? v.criterion,
      ...(known?.run ? { run: known.run } : {}),
      met: v.met,
      explanation: v.explanation,
      ...(v.check ? { check: { command: v.check.command, ...(v.check.exitCode === undefined ? {} : { exitCode: v.check.exitCode }) } } : {}),
    };
  });
  for (const rest of card.criteria.slice(criteria.length)) criteria.push(rest);
  const revising = e.result === 'needs_revision' && e.iteration < e.maxIterations;
  return {
    criteria,
    explanation: e.explanation,
    maxIterations: e.maxIterations,
    iteration: revising ? e.iteration + 1 : e.iteration,
    phase: revising ? 'working' : 'grading',
    grades: [...card.grades, { iteration: e.iteration, result: e.result, met: e.criteria.filter((c) => c.met).length, total: e.criteria.length }],
  };
}

export function endPatch(e: Event<'outcome_end'>): OutcomeCardPatch {
  return { phase: 'done', result: e.result, iteration: Math.max(1, e.iterations), explanation: e.explanation };
}

/** What the user asked: the agent's first message also says what it is graded against, which the card shows. */
export function requestText(message: string, o: OutcomeDefinition): string {
  const appended = withOutcome('', o);
  return message.endsWith(appended) && message.length > appended.length ? message.slice(0, -appended.length) : message;
}

/** The message that sends the work back, shown as a revision line (not as if the user had typed it). */
export function revisionItem(next: { iteration: number; maxIterations: number }, text: string) {
  return { kind: 'revision' as const, iteration: next.iteration, maxIterations: next.maxIterations, text };
}
