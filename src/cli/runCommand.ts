// `lucid run [--workspace DIR] [--approve none|edits|all] [--max-turns N] [--model M] [--json] PROMPT`
// A headless agent session: streams the answer to stdout (JSON events with --json), records the session
// like the panel does, and exits non-zero when the session fails.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import * as path from 'path';
import { parseArgs } from 'util';
import type { AgentEvent, OutcomeDefinition, OutcomeResult, SessionEndReason } from '../core/agent/agentEvents';
import { AgentSession } from '../core/agent/agentSession';
import { conversationFromEvents } from '../core/agent/resumeConversation';
import { resolveSlash } from '../core/agent/slashCommands';
import { openTranscript } from '../core/agent/transcriptSink';
import { listSessions, readSession } from '../core/sessions/sessionReader';
import { connectMcp } from '../core/mcp/mcpTools';
import { loadMcpConfig } from '../core/mcp/mcpConfig';
import { MemoryStore } from '../core/memory/memoryStore';
import { createModelClient, type ModelClient } from '../core/model/modelClient';
import { loadRoster } from '../core/specialists/roster';
import { createDelegator, type DelegatorDeps } from '../core/specialists/specialistRunner';
import { runOutcome } from '../core/outcome/outcomeLoop';
import { defineOutcome, resolveRubricArg, RubricError } from '../core/outcome/rubric';
import { createApprovalGate, type ApprovalGate, type ApprovalMode } from '../core/tools/approvalPolicy';
import { CliError, type CliIo } from './cliIo';
import { CostTally } from './costTally';

export const RUN_USAGE = `Usage: lucid run [--workspace DIR] [--approve none|edits|all] [--max-turns N] [--model M] [--json] [--no-delegate] [--plan] [--continue | --resume ID]
                 [--outcome DESCRIPTION --rubric FILE|NAME|TEXT [--max-iterations N]] PROMPT
  --approve none   deny every edit and command (read-only session; the default)
  --approve edits  allow file edits; only read-only commands run
  --approve all    allow every edit and command
  --continue, -c   go on with the latest recorded session (its conversation is sent again); --resume ID: that one
  --plan           plan mode: nothing is written and only read-only commands run; the answer is a plan
                   (go on with it: lucid run --continue --approve all "go ahead")
  --no-delegate    no specialists: the agent works alone (by default it may delegate to explore, test, review,
                   general and the team's own in .claude/agents/ and .agent-memory/agents/)
  --outcome        grade the work against a rubric and send it back until it passes: the rubric is a file, a
                   rubric's name in .agent-memory/rubrics/, or the criteria (one per line; "run: CMD" runs CMD,
                   met when it exits 0, under the same --approve rules). --max-iterations: 1 to 20, default 3.
Exit: 0 done (with --outcome: satisfied), 2 outcome not satisfied, 1 error, 130 interrupted.
Environment: ANTHROPIC_API_KEY (required), ANTHROPIC_BASE_URL (optional), LUCID_MODEL (optional).`;

const POLICIES: Record<string, { edits: ApprovalMode; commands: ApprovalMode }> = {
  none: { edits: 'deny', commands: 'deny' },
  edits: { edits: 'allow', commands: 'ask' },
  all: { edits: 'allow', commands: 'allow' },
};

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
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
  const maxTurns = values['max-turns'] === undefined ? undefined : Number(values['max-turns']);
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns > 0)) throw new CliError('--max-turns must be a positive whole number', 2);
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) throw new CliError('ANTHROPIC_API_KEY is not set: export your Anthropic API key to run the agent.');

  const workspaceRoot = path.resolve(io.cwd, values.workspace ?? '.');
  const prompt = await expandSlash(typed, workspaceRoot);
  const store = await MemoryStore.open(workspaceRoot);
  const outcome = await outcomeOf(values, io.cwd, store.paths.root);
  const resumed = values.continue || values.resume !== undefined ? await pastSession(store.paths.sessions, values.resume) : undefined;
  const clientFor = (model: string | undefined) => createModelClient({ apiKey, baseURL: io.env.ANTHROPIC_BASE_URL || undefined, model });
  const client = clientFor(values.model ?? io.env.LUCID_MODEL);
  const transcript = await openTranscript(store.paths.sessions, { workspace: workspaceRoot, model: client.model, knownSecrets: [apiKey], enabled: io.env.LUCID_RECORD_SESSIONS !== '0', ...(resumed ? { resumedFrom: resumed.id } : {}) });
  const approve = createApprovalGate({ ...policy, trusted: true });
  const mcp = await connectMcp(await loadMcpConfig(workspaceRoot, undefined, io.env), workspaceRoot);
  for (const p of mcp.problems) io.err(`lucid: ${p}\n`);
  const record = io.env.LUCID_RECORD_SESSIONS !== '0';
  const delegator = values['no-delegate'] ? undefined : await specialistsFor(workspaceRoot, store, client, clientFor, approve, (parent, model) =>
    openTranscript(store.paths.sessions, { workspace: workspaceRoot, model, knownSecrets: [apiKey], enabled: record, parent }), io);
  const session = new AgentSession({
    ...(delegator ? { delegator } : {}),
    ...(resumed ? { history: resumed.history } : {}),
    tools: mcp.tools,
    workspaceRoot,
    store,
    client,
    trusted: true,
    maxTurns,
    memoryBudgetTokens: values['memory-budget'] ? Number(values['memory-budget']) : undefined,
    approve,
    sessionId: transcript?.sessionId,
    listeners: transcript ? [transcript.listener] : [],
  });

  if (values.plan) session.setPlanMode(true);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  let ended: SessionEndReason | OutcomeResult = 'error';
  const cost = new CostTally(client.model);
  let streamed = false;
  try {
    const it: AsyncGenerator<AgentEvent, SessionEndReason | OutcomeResult> = outcome
      ? runOutcome({ session, outcome, prompt, grader: client, workspaceRoot, trusted: true, approve, signal: ac.signal })
      : session.send(prompt, ac.signal);
    for (;;) {
      const r = await it.next();
      if (r.done) {
        ended = r.value;
        break;
      }
      cost.add(r.value);
      if (values.json) io.out(`${JSON.stringify(r.value)}\n`);
      else streamed = printHuman(r.value, io, streamed);
    }
  } finally {
    process.off('SIGINT', onSigint);
    await session.end(sessionEnd(ended));
    await transcript?.close();
    await mcp.close();
  }
  if (values.json) io.out(`${JSON.stringify({ type: 'total_usage', ...cost.total() })}\n`);
  else io.err(`lucid: ${cost.line()}\n`);
  if (!values.json && streamed) io.out('\n');
  if (transcript.file && !values.json) io.err(`lucid: session recorded in ${path.relative(io.cwd, transcript.file)}\n`);
  return exitCode(ended);
}

/** A custom slash command's prompt (`.claude/commands/NAME.md`); the panel's own commands make no sense here. */
async function expandSlash(typed: string, workspaceRoot: string): Promise<string> {
  const r = await resolveSlash(typed, workspaceRoot);
  if (r.kind === 'none') return typed;
  if (r.kind === 'prompt') return r.prompt;
  if (r.kind === 'built-in') throw new CliError(`/${r.name} is a command of the panel; lucid run takes one request.`, 2);
  throw new CliError(`Unknown command /${r.name}. Available: ${r.available.map((n) => `/${n}`).join(', ')} (custom ones live in .claude/commands/).`, 2);
}

/** `--continue` (the latest session, not a specialist's) or `--resume ID` (an id or its first characters). */
async function pastSession(dir: string, id: string | undefined): Promise<{ id: string; history: MessageParam[] }> {
  const all = (await listSessions(dir)).filter((s) => !s.header?.parent);
  const found = id === undefined ? all.at(-1) : all.find((s) => s.id === id) ?? (id.length >= 4 ? all.filter((s) => s.id.startsWith(id)).at(-1) : undefined);
  if (!found) throw new CliError(id === undefined ? `No recorded session to continue in ${dir}.` : `No recorded session matches '${id}' in ${dir}.`, 2);
  const read = await readSession(found.path);
  return { id: found.id, history: conversationFromEvents(read.events) };
}

/** The lead's delegator over the roster (built-in specialists and the team's own); problems with definitions are said. */
async function specialistsFor(workspaceRoot: string, store: MemoryStore, client: ModelClient, clientFor: (model: string) => ModelClient, approve: ApprovalGate, open: DelegatorDeps['openTranscript'], io: CliIo) {
  const roster = await loadRoster(workspaceRoot, store.paths.root);
  for (const p of roster.problems) io.err(`lucid: specialist skipped: ${p}\n`);
  return createDelegator({ workspaceRoot, store, client, clientFor, approve, trusted: true, roster: roster.specialists, ...(open ? { openTranscript: open } : {}) });
}

/** 0 done (an outcome: satisfied), 2 an outcome not satisfied, 130 interrupted, 1 anything else. */
function exitCode(ended: SessionEndReason | OutcomeResult): number {
  if (ended === 'completed' || ended === 'satisfied') return 0;
  if (ended === 'stopped' || ended === 'interrupted') return 130;
  if (ended === 'max_iterations_reached' || ended === 'failed') return 2;
  return 1;
}

const sessionEnd = (ended: SessionEndReason | OutcomeResult): SessionEndReason =>
  ended === 'satisfied' || ended === 'max_iterations_reached' || ended === 'failed' ? 'completed' : ended === 'interrupted' ? 'stopped' : ended;

/** The outcome of `--outcome` / `--rubric` / `--max-iterations`, or undefined without `--outcome`. */
async function outcomeOf(values: { outcome?: string; rubric?: string; 'max-iterations'?: string }, cwd: string, memoryRoot: string): Promise<OutcomeDefinition | undefined> {
  if (values.outcome === undefined) {
    if (values.rubric !== undefined || values['max-iterations'] !== undefined) throw new CliError('--rubric and --max-iterations need --outcome "DESCRIPTION"', 2);
    return undefined;
  }
  if (!values.rubric) throw new CliError('--outcome needs --rubric FILE|NAME|TEXT (the criteria the work is graded against)', 2);
  const max = values['max-iterations'];
  const maxIterations = max === undefined ? undefined : /^\d+$/.test(max) ? Number(max) : NaN;
  try {
    const rubric = await resolveRubricArg(values.rubric, cwd, memoryRoot);
    return defineOutcome({ description: values.outcome, rubric: rubric.text, maxIterations, ...(rubric.name ? { rubricName: rubric.name } : {}) });
  } catch (err) {
    if (err instanceof RubricError) throw new CliError(err.message, 2);
    throw err;
  }
}

/** Human output: the reply on stdout as it streams; tool activity and errors on stderr. Returns whether text is mid-line. */
function printHuman(e: AgentEvent, io: CliIo, midLine: boolean): boolean {
  switch (e.type) {
    case 'text_delta':
      io.out(e.text);
      return true;
    case 'assistant_text':
      if (midLine) io.out('\n');
      return false;
    case 'retry':
      io.err(`\nlucid: retrying${e.delayMs === undefined ? '' : ` in ${Math.max(1, Math.round(e.delayMs / 1000))} s`}${e.kind === 'overloaded' ? ' (overloaded)' : ''} (attempt ${e.attempt + 1}): ${e.message}\n`);
      return false;
    case 'tool_call':
      io.err(`lucid: ${e.name} ${summarizeInput(e.input)}\n`);
      return midLine;
    case 'tool_result':
      if (e.isError) io.err(`lucid: ${e.name} failed${e.exitCode === undefined ? '' : ` (exit ${e.exitCode})`}\n`);
      return midLine;
    case 'recall':
      io.err(`lucid: recalled: ${e.notes.map((n) => n.title).join('; ')}\n`);
      return midLine;
    case 'error':
      io.err(`lucid: ${e.message}\n`);
      return false;
    case 'specialist_start':
      io.err(`${midLine ? '\n' : ''}lucid: [${e.agent}] started: ${e.task.split('\n')[0].slice(0, 120)}\n`);
      return false;
    case 'specialist_event':
      if (e.event.type === 'tool_call') io.err(`lucid: [${e.agent}] ${e.event.name} ${summarizeInput(e.event.input)}\n`);
      return midLine;
    case 'specialist_end':
      io.err(`lucid: [${e.agent}] ${e.status}${e.error ? `: ${e.error}` : ''} (${e.usage.inputTokens} tokens in, ${e.usage.outputTokens} out)\n`);
      return midLine;
    case 'outcome_grading':
      io.err(`${midLine ? '\n' : ''}lucid: grading iteration ${e.iteration} of ${e.maxIterations}…\n`);
      return false;
    case 'outcome_evaluation':
      for (const c of e.criteria) io.err(`  ${c.met ? '✓ met' : '✗ not met'}  ${c.criterion}: ${c.explanation.split('\n')[0]}\n`);
      io.err(`lucid: ${e.result.replace('_', ' ')}: ${e.explanation}\n`);
      return false;
    case 'outcome_end':
      io.err(`lucid: outcome ${e.result.replace(/_/g, ' ')} after ${e.iterations} iteration${e.iterations === 1 ? '' : 's'}\n`);
      return false;
    default:
      return midLine;
  }
}

function summarizeInput(input: unknown): string {
  const i = input as Record<string, unknown>;
  if (typeof i?.command === 'string' && !i.path) return i.command.split('\n')[0].slice(0, 160);
  return [i?.command, i?.path].filter((x) => typeof x === 'string').join(' ');
}
