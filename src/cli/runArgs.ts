// `lucid run`'s arguments, checked before anything is opened or written: the approval policy, the limits, the
// outcome and its rubric, a custom slash command's prompt. A bad argument is a clear error with exit code 2.
import { parseArgs } from 'util';
import type { OutcomeDefinition } from '../core/agent/agentEvents';
import { resolveSlash } from '../core/agent/slashCommands';
import { defineOutcome, resolveRubricArg, RubricError } from '../core/outcome/rubric';
import type { ApprovalMode } from '../core/tools/approvalPolicy';
import { CliError } from './cliIo';

export const RUN_USAGE = `Usage: lucid run [--workspace DIR] [--approve none|edits|all] [--max-turns N] [--model M] [--json] [--no-delegate] [--plan] [--thinking TOKENS] [--continue | --resume ID]
                 [--outcome DESCRIPTION --rubric FILE|NAME|TEXT [--max-iterations N]] PROMPT
  --approve none   deny every edit and command (read-only session; the default)
  --approve edits  allow file edits; only read-only commands run
  --approve all    allow every edit and command
  --continue, -c   go on with the latest recorded session (its conversation is sent again); --resume ID: that one
  --thinking N     extended thinking with a budget of N tokens (at least 1024); shown on stderr, one line each
  --plan           plan mode: nothing is written and only read-only commands run; the answer is a plan
                   (go on with it: lucid run --continue --approve all "go ahead")
  --no-delegate    no specialists: the agent works alone (by default it may delegate to explore, test, review,
                   general and the team's own in .claude/agents/ and .agent-memory/agents/)
  --outcome        grade the work against a rubric and send it back until it passes: the rubric is a file, a
                   rubric's name in .agent-memory/rubrics/, or the criteria (one per line; "run: CMD" runs CMD,
                   met when it exits 0, under the same --approve rules). --max-iterations: 1 to 20, default 3.
Exit: 0 done (with --outcome: satisfied), 2 outcome not satisfied, 1 error, 130 interrupted.
Environment: ANTHROPIC_API_KEY (required), ANTHROPIC_BASE_URL (optional), LUCID_MODEL (optional).`;

export const POLICIES: Record<string, { edits: ApprovalMode; commands: ApprovalMode }> = {
  none: { edits: 'deny', commands: 'deny' },
  edits: { edits: 'allow', commands: 'ask' },
  all: { edits: 'allow', commands: 'allow' },
};

export interface RunArgs {
  typed: string;
  policy: { edits: ApprovalMode; commands: ApprovalMode };
  workspace?: string;
  maxTurns?: number;
  model?: string;
  json: boolean;
  memoryBudget?: number;
  delegate: boolean;
  plan: boolean;
  thinking?: number;
  continue: boolean;
  resume?: string;
  outcome?: string;
  rubric?: string;
  maxIterations?: string;
}

const positiveInt = (v: string | undefined, flag: string, min = 1): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${flag} must be a whole number of at least ${min} (got '${v}')`, 2);
  return n;
};

/** The arguments, checked; nothing is opened yet. */
export function parseRunArgs(argv: string[]): RunArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string', short: 'w' },
      approve: { type: 'string', default: 'none' },
      'max-turns': { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
      'memory-budget': { type: 'string' },
      'no-delegate': { type: 'boolean', default: false },
      plan: { type: 'boolean', default: false },
      thinking: { type: 'string' },
      continue: { type: 'boolean', short: 'c', default: false },
      resume: { type: 'string' },
      outcome: { type: 'string' },
      rubric: { type: 'string' },
      'max-iterations': { type: 'string' },
    },
  });
  const typed = positionals.join(' ').trim();
  if (!typed) throw new CliError(`run needs a prompt\n${RUN_USAGE}`, 2);
  const policy = POLICIES[values.approve ?? 'none'];
  if (!policy) throw new CliError(`--approve must be none, edits or all (got '${values.approve}')`, 2);
  if (values.outcome === undefined && (values.rubric !== undefined || values['max-iterations'] !== undefined)) throw new CliError('--rubric and --max-iterations need --outcome "DESCRIPTION"', 2);
  if (values.outcome !== undefined && !values.rubric) throw new CliError('--outcome needs --rubric FILE|NAME|TEXT (the criteria the work is graded against)', 2);
  return {
    typed, policy, json: !!values.json, delegate: !values['no-delegate'], plan: !!values.plan, continue: !!values.continue,
    ...(values.workspace ? { workspace: values.workspace } : {}),
    maxTurns: positiveInt(values['max-turns'], '--max-turns'),
    ...(values.model ? { model: values.model } : {}),
    memoryBudget: positiveInt(values['memory-budget'], '--memory-budget', 200),
    thinking: positiveInt(values.thinking, '--thinking', 1024),
    ...(values.resume !== undefined ? { resume: values.resume } : {}),
    ...(values.outcome !== undefined ? { outcome: values.outcome, rubric: values.rubric } : {}),
    ...(values['max-iterations'] !== undefined ? { maxIterations: values['max-iterations'] } : {}),
  };
}

/** A custom slash command's prompt (`.claude/commands/NAME.md`); the panel's own commands make no sense here. */
export async function expandSlash(typed: string, workspaceRoot: string): Promise<string> {
  const r = await resolveSlash(typed, workspaceRoot);
  if (r.kind === 'none') return typed;
  if (r.kind === 'prompt') return r.prompt;
  if (r.kind === 'built-in') throw new CliError(`/${r.name} is a command of the panel; lucid run takes one request.`, 2);
  throw new CliError(`Unknown command /${r.name}. Available: ${r.available.map((n) => `/${n}`).join(', ')} (custom ones live in .claude/commands/).`, 2);
}

/** The outcome of `--outcome` / `--rubric` / `--max-iterations`, or undefined without `--outcome`. */
export async function outcomeOf(a: RunArgs, cwd: string, memoryRoot: string): Promise<OutcomeDefinition | undefined> {
  if (a.outcome === undefined || !a.rubric) return undefined;
  const max = a.maxIterations;
  const maxIterations = max === undefined ? undefined : /^\d+$/.test(max) ? Number(max) : NaN;
  try {
    const rubric = await resolveRubricArg(a.rubric, cwd, memoryRoot);
    return defineOutcome({ description: a.outcome, rubric: rubric.text, maxIterations, ...(rubric.name ? { rubricName: rubric.name } : {}) });
  } catch (err) {
    if (err instanceof RubricError) throw new CliError(err.message, 2);
    throw err;
  }
}
