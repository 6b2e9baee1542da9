// A request with an outcome attached: the outcome the panel or the command asked for, checked with
// `defineOutcome`; the team's rubrics for the outcome form; and the events of a request, through `runOutcome` when
// it has an outcome (the grader is the agent's own client, in a fresh context).
import type { AgentEvent, OutcomeDefinition, OutcomeResult, SessionEndReason } from '../core/agent/agentEvents';
import type { PromptImage } from '../core/agent/agentLoop';
import type { AgentSession } from '../core/agent/agentSession';
import { memoryPaths } from '../core/memory/memoryLayout';
import type { ModelClient } from '../core/model/modelClient';
import { runOutcome } from '../core/outcome/outcomeLoop';
import { defineOutcome, listRubrics, readRubricFile, RubricError } from '../core/outcome/rubric';
import type { ApprovalGate } from '../core/tools/approvalPolicy';
import type { PendingOutcome, RubricSummary } from '../shared/panelState';
import type { OutcomeInput } from '../shared/protocol';

/** Rubrics offered in the panel: the first ones, each cut to what the form takes. */
const MAX_RUBRICS = 30;
const MAX_RUBRIC_TEXT = 20_000;

/** What a request needs beyond its text: the session and what the outcome's grader and checks run with. */
export interface RequestContext {
  agent: AgentSession;
  client: ModelClient;
  approve: ApprovalGate;
  root: string;
  trusted: boolean;
}

/** The outcome, or why it cannot be one (a clear sentence for the user). */
export function checkOutcome(input: OutcomeInput): { outcome: OutcomeDefinition } | { problem: string } {
  try {
    return { outcome: defineOutcome(input) };
  } catch (err) {
    if (err instanceof RubricError) return { problem: err.message };
    throw err;
  }
}

/** The chip's view of an outcome waiting for the next request. */
export function pendingView(o: OutcomeDefinition): PendingOutcome {
  return {
    description: o.description,
    rubric: o.rubric,
    maxIterations: o.maxIterations,
    ...(o.rubricName ? { rubricName: o.rubricName } : {}),
    criteria: o.criteria.map((c) => c.text),
  };
}

/** `.agent-memory/rubrics/*.md`, `default.md` first; one that cannot be read is left out. */
export async function loadRubrics(root: string): Promise<RubricSummary[]> {
  const files = (await listRubrics(memoryPaths(root).root).catch(() => [])).slice(0, MAX_RUBRICS);
  const out: RubricSummary[] = [];
  for (const f of files) {
    const text = await readRubricFile(f.file).catch(() => undefined);
    if (text !== undefined && text.length <= MAX_RUBRIC_TEXT) out.push({ name: f.name, text });
  }
  return out;
}

/** The events of one request: the agent's alone, or the outcome loop's around them. */
export function requestEvents(
  ctx: RequestContext,
  text: string,
  outcome: OutcomeDefinition | undefined,
  signal: AbortSignal,
  images: PromptImage[] = [],
): AsyncGenerator<AgentEvent, SessionEndReason | OutcomeResult> {
  if (!outcome) return ctx.agent.send(text, signal, images);
  if (images.length) throw new Error('Images cannot go with an outcome yet: send them in a request without one.');
  return runOutcome({ session: ctx.agent, outcome, prompt: text, grader: ctx.client, workspaceRoot: ctx.root, trusted: ctx.trusted, approve: ctx.approve, signal });
}
