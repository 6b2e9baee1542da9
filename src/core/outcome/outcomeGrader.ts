// The grader: a separate model call with a fresh context. It sees a grading system prompt, the outcome's
// description and rubric, and the evidence (the diff of what the session changed, the agent's final answer, the
// results of the `run:` checks); never the agent's conversation, tools or system prompt. It must answer through a
// forced `grade_outcome` tool call, validated with zod; an invalid answer is asked for once more, then grading
// fails with a clear message. A `run:` check decides its own criterion, and a failed one means `needs_revision`
// whatever the model says.
import type { ContentBlockParam, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { CriterionVerdict, OutcomeDefinition, OutcomeEvaluation } from '../agent/agentEvents';
import type { ModelClient } from '../model/modelClient';

export const GRADE_TOOL = 'grade_outcome';
const MAX_ANSWER_CHARS = 20_000;

export class GradingError extends Error {}

/** The result of a `run:` criterion's command. */
export interface CheckResult {
  command: string;
  /** Undefined when the command did not run (denied, not trusted, stopped). */
  exitCode?: number;
  /** Its output (tail), or why it did not run. */
  output: string;
}

export interface GradeInput {
  outcome: OutcomeDefinition;
  iteration: number;
  /** The agent's final answer of this iteration. */
  answer: string;
  diff: string;
  /** By criterion index, for the `run:` criteria. */
  checks: Map<number, CheckResult>;
  signal?: AbortSignal;
}

export const GRADER_SYSTEM = `You are a strict, fair grader. Another agent was asked to produce a result; you did not do the work and you cannot ask it anything.
You get the description of the result, a rubric of criteria, and the evidence: the diff of the files the agent changed, its final answer, and the results of commands that check some criteria.
Grade every criterion of the rubric, in order: met only when the evidence shows it; explain in one or two sentences what you saw, and for an unmet criterion what is missing.
Then the result: "satisfied" when every criterion is met; "needs_revision" when the agent can still meet the missing ones; "failed" only when the result cannot be reached at all (the request is impossible or contradicts itself).
Answer only by calling the ${GRADE_TOOL} tool.`;

const TOOL: Tool = {
  name: GRADE_TOOL,
  description: 'Report the grade of the work against the rubric, criterion by criterion.',
  input_schema: {
    type: 'object',
    properties: {
      criteria: {
        type: 'array',
        description: 'One entry per rubric criterion, in the rubric order.',
        items: {
          type: 'object',
          properties: { criterion: { type: 'string' }, met: { type: 'boolean' }, explanation: { type: 'string' } },
          required: ['criterion', 'met', 'explanation'],
        },
      },
      result: { type: 'string', enum: ['satisfied', 'needs_revision', 'failed'] },
      explanation: { type: 'string', description: 'The overall verdict in a few sentences: what is missing, if anything.' },
    },
    required: ['criteria', 'result', 'explanation'],
  },
};

const gradeSchema = z.object({
  criteria: z.array(z.object({ criterion: z.string(), met: z.boolean(), explanation: z.string() })),
  result: z.enum(['satisfied', 'needs_revision', 'failed']),
  explanation: z.string(),
});
type Grade = z.infer<typeof gradeSchema>;

const cap = (t: string, n: number) => (t.length > n ? `${t.slice(0, n)}\n…[cut]` : t);

/** The one user message the grader reads. */
export function gradingRequest(i: GradeInput): string {
  const rubric = i.outcome.criteria.map((c, k) => {
    const check = i.checks.get(k);
    const ran = check ? (check.exitCode === undefined ? `did not run: ${check.output}` : `exit code ${check.exitCode}\n${cap(check.output, 3000)}`) : '';
    return `${k + 1}. ${c.text}${check ? `\n   Check \`${check.command}\`: ${ran.replace(/\n/g, '\n   ')}` : ''}`;
  });
  return [
    `# The result asked for\n${i.outcome.description}`,
    `# Rubric (${i.outcome.criteria.length} criteria)\n${rubric.join('\n')}`,
    `# The agent's final answer (iteration ${i.iteration})\n${cap(i.answer || '(no answer)', MAX_ANSWER_CHARS)}`,
    `# What changed\n${i.diff}`,
  ].join('\n\n');
}

function validate(input: unknown, count: number): Grade | string {
  const parsed = gradeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue?.path.join('.') || 'input'}: ${issue?.message}`;
  }
  if (parsed.data.criteria.length !== count) return `criteria has ${parsed.data.criteria.length} entries; the rubric has ${count}`;
  return parsed.data;
}

/** Asks the grader (twice at most); returns the evaluation with the `run:` checks applied. */
export async function gradeOutcome(client: ModelClient, i: GradeInput): Promise<OutcomeEvaluation> {
  const messages: MessageParam[] = [{ role: 'user', content: gradingRequest(i) }];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let problem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const { message, usage: u } = await client.streamTurn(
      { max_tokens: 4096, system: GRADER_SYSTEM, messages, tools: [TOOL], tool_choice: { type: 'tool', name: GRADE_TOOL } },
      { signal: i.signal },
    );
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
    const use = message.content.find((b) => b.type === 'tool_use' && b.name === GRADE_TOOL);
    const grade = use?.type === 'tool_use' ? validate(use.input, i.outcome.criteria.length) : `the answer did not call ${GRADE_TOOL}`;
    if (typeof grade !== 'string') return applyChecks(grade, i, usage);
    problem = grade;
    if (attempt === 2) break;
    messages.push({ role: 'assistant', content: message.content as ContentBlockParam[] });
    const retry = `Your answer was invalid (${problem}). Call ${GRADE_TOOL} again with one entry per rubric criterion (${i.outcome.criteria.length}), in order.`;
    messages.push({
      role: 'user',
      content: use?.type === 'tool_use' ? [{ type: 'tool_result', tool_use_id: use.id, is_error: true, content: retry }] : retry,
    });
  }
  throw new GradingError(`The grader's answer was invalid twice (${problem}); the outcome could not be evaluated.`);
}

/** The model's grade with the `run:` checks deciding their criteria; a failed check forces `needs_revision`. */
function applyChecks(g: Grade, i: GradeInput, usage: OutcomeEvaluation['usage']): OutcomeEvaluation {
  let checkFailed = false;
  const criteria: CriterionVerdict[] = i.outcome.criteria.map((c, k) => {
    const said = g.criteria[k];
    const check = i.checks.get(k);
    if (!check) return { criterion: c.text, met: said.met, explanation: said.explanation };
    const met = check.exitCode === 0;
    if (!met) checkFailed = true;
    const how = check.exitCode === undefined ? `\`${check.command}\` did not run (${check.output.split('\n')[0]})` : `\`${check.command}\` exited ${check.exitCode}`;
    return { criterion: c.text, met, explanation: met ? `${how}. ${said.explanation}`.trim() : `${how}: ${lastLines(check.output)}`, check: { command: check.command, ...(check.exitCode === undefined ? {} : { exitCode: check.exitCode }) } };
  });
  let result = g.result;
  let explanation = g.explanation;
  if (checkFailed) {
    if (result !== 'needs_revision') explanation = `A check failed, so the work needs revision. ${explanation}`;
    result = 'needs_revision';
  } else if (result === 'satisfied' && criteria.some((c) => !c.met)) result = 'needs_revision';
  return { iteration: i.iteration, maxIterations: i.outcome.maxIterations, criteria, result, explanation, usage };
}

function lastLines(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean);
  return lines.slice(-5).join('\n').slice(-600) || '(no output)';
}
