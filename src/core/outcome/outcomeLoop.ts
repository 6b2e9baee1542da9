// An outcome around the agent loop (Managed Agents' "outcomes"): the agent works on the request; when it ends
// its turn, the `run:` checks run and the grader (a separate context) scores the work criterion by criterion.
// `needs_revision` sends the explanation and the unmet criteria back to the agent as a user message, and it works
// again, up to the outcome's iteration limit. Terminal results: satisfied, max_iterations_reached, failed,
// interrupted (Stop). Every step is an event: the transcript records it, the panel and the CLI show it.
import type { AgentEvent, OutcomeDefinition, OutcomeEvaluation, OutcomeResult } from '../agent/agentEvents';
import type { AgentSession } from '../agent/agentSession';
import type { ModelClient } from '../model/modelClient';
import { toModelError } from '../model/modelErrors';
import { createBashTool } from '../tools/bashTool';
import type { ApprovalGate } from '../tools/approvalPolicy';
import { gradeOutcome, GradingError, type CheckResult } from './outcomeGrader';
import { trackWorkChanges, type WorkChanges } from './workChanges';

export interface OutcomeRunOptions {
  session: AgentSession;
  outcome: OutcomeDefinition;
  prompt: string;
  /** The grader's client (a fresh context; the same model as the agent unless told otherwise). */
  grader: ModelClient;
  workspaceRoot: string;
  trusted: boolean;
  /** The same approval rules as any command, for the `run:` checks. */
  approve: ApprovalGate;
  signal?: AbortSignal;
  checkTimeoutMs?: number;
}

/** What the agent did in one iteration that the grader needs. */
interface Round {
  end: 'completed' | 'stopped' | 'error' | 'max_turns';
  answer: string;
}

/** Runs the request under the outcome; yields every agent and outcome event; returns the terminal result. */
export async function* runOutcome(o: OutcomeRunOptions): AsyncGenerator<AgentEvent, OutcomeResult> {
  const { session, outcome } = o;
  yield* session.announce({ type: 'outcome_start', outcome });
  const changes = await trackWorkChanges(o.workspaceRoot);
  let message = withOutcome(o.prompt, outcome);
  for (let iteration = 1; ; iteration++) {
    const round: Round = { end: 'completed', answer: '' };
    yield* work(session, message, o.signal, changes, round);
    if (round.end === 'stopped' || o.signal?.aborted) return yield* finish(session, 'interrupted', iteration, 'Stopped by the user.');
    if (round.end !== 'completed') {
      const why = round.end === 'max_turns' ? 'the agent reached its turn limit' : 'the agent stopped with an error';
      return yield* finish(session, 'failed', iteration, `Not graded: ${why}.`);
    }
    yield* session.announce({ type: 'outcome_grading', iteration, maxIterations: outcome.maxIterations });
    let evaluation: OutcomeEvaluation;
    try {
      const checks = await runChecks(o);
      if (o.signal?.aborted) return yield* finish(session, 'interrupted', iteration, 'Stopped by the user during grading.');
      evaluation = await gradeOutcome(o.grader, { outcome, iteration, answer: round.answer, diff: await changes.evidence(), checks, signal: o.signal });
    } catch (err) {
      if (o.signal?.aborted) return yield* finish(session, 'interrupted', iteration, 'Stopped by the user during grading.');
      const text = err instanceof GradingError ? err.message : `The grader could not be asked: ${toModelError(err).message}`;
      yield* session.announce({ type: 'error', kind: 'outcome', message: text });
      return yield* finish(session, 'failed', iteration, text);
    }
    yield* session.announce({ type: 'outcome_evaluation', ...evaluation });
    if (evaluation.result === 'satisfied') return yield* finish(session, 'satisfied', iteration, evaluation.explanation);
    if (evaluation.result === 'failed') return yield* finish(session, 'failed', iteration, evaluation.explanation);
    if (iteration >= outcome.maxIterations) return yield* finish(session, 'max_iterations_reached', iteration, evaluation.explanation);
    message = revisionRequest(evaluation);
  }
}

/** One turn of the agent: its events pass through; its final answer and its edits are kept for the grader. */
async function* work(session: AgentSession, message: string, signal: AbortSignal | undefined, changes: WorkChanges, round: Round): AsyncGenerator<AgentEvent> {
  const it = session.send(message, signal);
  for (;;) {
    const r = await it.next();
    if (r.done) {
      round.end = r.value;
      return;
    }
    const e = r.value;
    if (e.type === 'assistant_text') round.answer = e.text;
    if (e.type === 'tool_call') round.answer = '';
    if (e.type === 'tool_result' && e.meta?.kind === 'edit' && e.meta.file && e.meta.diff && !e.isError) changes.edited(e.meta.file, e.meta.diff);
    yield e;
  }
}

async function* finish(session: AgentSession, result: OutcomeResult, iterations: number, explanation: string): AsyncGenerator<AgentEvent, OutcomeResult> {
  yield* session.announce({ type: 'outcome_end', result, iterations, explanation });
  return result;
}

/** The request with what it will be graded against, so the agent can aim for it the first time. */
export function withOutcome(prompt: string, outcome: OutcomeDefinition): string {
  const criteria = outcome.criteria.map((c) => (c.run ? `- \`${c.run}\` exits 0 (it will be run)` : `- ${c.text}`));
  return [prompt, '', '---', `The result asked for: ${outcome.description}`, 'When you end your turn, a grader checks the work against these criteria:', ...criteria].join('\n');
}

/** The user message that sends the work back: the grader's explanation and what is not met yet. */
export function revisionRequest(e: OutcomeEvaluation): string {
  const unmet = e.criteria.filter((c) => !c.met).map((c) => `- ${c.criterion}: ${c.explanation}`);
  return [
    `A grader checked your work against the rubric: it needs revision (iteration ${e.iteration} of ${e.maxIterations}).`,
    '',
    `Grader: ${e.explanation}`,
    ...(unmet.length ? ['', 'Not met yet:', ...unmet] : []),
    '',
    'Revise the work so that every criterion is met, then end your turn.',
  ].join('\n');
}

/** Runs each `run:` criterion's command in the workspace, through the same approvals as the agent's commands. */
async function runChecks(o: OutcomeRunOptions): Promise<Map<number, CheckResult>> {
  const out = new Map<number, CheckResult>();
  const bash = createBashTool({ timeoutMs: o.checkTimeoutMs });
  for (const [k, c] of o.outcome.criteria.entries()) {
    if (!c.run) continue;
    if (o.signal?.aborted) break;
    const signal = o.signal ?? new AbortController().signal;
    const r = await bash.run({ command: c.run }, { workspaceRoot: o.workspaceRoot, signal, approve: o.approve, trusted: o.trusted });
    out.set(k, { command: c.run, ...(r.exitCode === undefined ? {} : { exitCode: r.exitCode }), output: r.content });
  }
  return out;
}
