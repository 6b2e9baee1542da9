// `lucid run [options] PROMPT` (see RUN_USAGE in runArgs.ts): a headless agent session. Streams the answer to
// stdout (JSON events with --json), records the session like the panel does, and exits with what happened:
// 0 done (an outcome: satisfied), 2 an outcome not satisfied, 1 an error, 130 interrupted.
import * as path from 'path';
import type { AgentEvent, OutcomeResult, SessionEndReason } from '../core/agent/agentEvents';
import { runOutcome } from '../core/outcome/outcomeLoop';
import { CliError, type CliIo } from './cliIo';
import { CostTally } from './costTally';
import { GatedEvents } from './gatedEvents';
import { parseRunArgs } from './runArgs';
import { openRun } from './runSetup';


export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const a = parseRunArgs(argv);
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) throw new CliError('ANTHROPIC_API_KEY is not set: export your Anthropic API key to run the agent.');
  const run = await openRun(a, io, apiKey);
  const { session, outcome, prompt, client, approve, workspaceRoot, transcript } = run;
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  let ended: SessionEndReason | OutcomeResult = 'error';
  const cost = new CostTally(client.model);
  let streamed = false;
  const gated = new GatedEvents();
  const print = (e: AgentEvent, midLine: boolean): boolean => {
    if (!a.json) return printHuman(e, io, midLine);
    io.out(`${JSON.stringify(e)}\n`);
    return midLine;
  };
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
      for (const e of gated.take(r.value)) streamed = print(e, streamed);
    }
  } finally {
    for (const e of gated.flush()) streamed = print(e, streamed);
    process.off('SIGINT', onSigint);
    await run.close(sessionEnd(ended));
  }
  if (a.json) io.out(`${JSON.stringify({ type: 'total_usage', ...cost.total() })}\n`);
  else io.err(`lucid: ${cost.line()}\n`);
  if (!a.json && streamed) io.out('\n');
  if (transcript.file && !a.json) io.err(`lucid: session recorded in ${path.relative(io.cwd, transcript.file)}\n`);
  return exitCode(ended);
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
    case 'thinking':
      io.err(`${midLine ? '\n' : ''}lucid: (thinking) ${e.text.split('\n')[0].slice(0, 160)}${e.text.includes('\n') || e.text.length > 160 ? ' …' : ''}\n`);
      return false;
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
