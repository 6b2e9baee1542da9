// Runs the lead's `delegate` calls: each specialist is its own agent session (its role, the memory digest and the
// notes relevant to its task, its own tools and turn limit, no `delegate` tool), recorded as its own transcript
// linked to the lead's session and call, so dreams read it like any session. At most `maxParallel` run at once;
// the rest wait for a slot. Its approvals go through the lead's rules with its name on them; what its role may
// not do is refused before anyone is asked. Stop reaches every specialist; one that fails is an error result
// for the lead and the others go on.
import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { AgentEvent, SessionEndReason, SpecialistStatus, SpecialistUsage } from '../agent/agentEvents';
import { AgentSession } from '../agent/agentSession';
import { DELEGATE_TOOL, type DelegateContext, type Delegator } from '../agent/delegation';
import type { Checkpoints } from '../agent/checkpoints';
import type { Transcript } from '../agent/transcriptSink';
import type { MemoryStore } from '../memory/memoryStore';
import type { ModelClient } from '../model/modelClient';
import type { SessionParent } from '../sessions/sessionSchema';
import { isReadOnlyCommand, type ApprovalGate } from '../tools/approvalPolicy';
import { createBashTool } from '../tools/bashTool';
import { createMemoryNotesTool } from '../tools/memoryNotesTool';
import { createSearchTool } from '../tools/searchTool';
import { createTextEditorTool } from '../tools/textEditorTool';
import type { AgentTool } from '../tools/toolTypes';
import type { Specialist } from './roster';
import { Slots } from './slots';

export const DEFAULT_MAX_PARALLEL = 3;
export const DEFAULT_SPECIALIST_TURNS = 30;

export interface DelegatorDeps {
  workspaceRoot: string;
  store: MemoryStore;
  client: ModelClient;
  /** A client for a specialist with a model of its own (default: the lead's client). */
  clientFor?: (model: string) => ModelClient;
  approve: ApprovalGate;
  trusted: boolean;
  roster: Specialist[];
  maxParallel?: number;
  maxTurns?: number;
  memoryBudgetTokens?: number;
  bashTimeoutMs?: number;
  /** The lead's checkpoints: a specialist's edits are undone with the lead's turn. */
  checkpoints?: Checkpoints;
  /** Opens a specialist's transcript, linked to the lead; absent: specialists are not recorded. */
  openTranscript?: (parent: SessionParent, model: string) => Promise<Transcript>;
}

const inputSchema = z.object({ agent: z.string().min(1), task: z.string().min(1) });

/** The `delegate` tool, with the roster in its description. */
export function delegateDefinition(roster: Specialist[], maxParallel: number): Tool {
  const list = roster.map((s) => `- ${s.name}: ${s.description}`).join('\n');
  return {
    name: DELEGATE_TOOL,
    description: `Hand a self-contained task to a specialist: its own context, the same repository and memory. It sees nothing of this conversation, so give it everything it needs. Several delegate calls in one turn run in parallel (at most ${maxParallel} at once); each returns the specialist's report with the files it changed and the commands it ran.\nSpecialists:\n${list}`,
    input_schema: {
      type: 'object',
      properties: {
        agent: { type: 'string', enum: roster.map((s) => s.name), description: 'Which specialist.' },
        task: { type: 'string', description: 'The complete task, with the context it needs.' },
      },
      required: ['agent', 'task'],
    },
  };
}

export function createDelegator(deps: DelegatorDeps): Delegator {
  const maxParallel = Math.max(1, deps.maxParallel ?? DEFAULT_MAX_PARALLEL);
  const slots = new Slots(maxParallel);
  return {
    definition: delegateDefinition(deps.roster, maxParallel),
    async run(call, ctx) {
      const parsed = inputSchema.safeParse(call.input);
      if (!parsed.success) return { content: `Invalid input for ${DELEGATE_TOOL}: give {agent, task}.`, isError: true };
      const s = deps.roster.find((x) => x.name === parsed.data.agent);
      if (!s) return { content: `No specialist named '${parsed.data.agent}'. Available: ${deps.roster.map((x) => x.name).join(', ')}.`, isError: true };
      if (!(await slots.acquire(ctx.signal))) return { content: 'Cancelled: the user stopped the session.', isError: true };
      try {
        return await runSpecialist(deps, s, call.id, parsed.data.task, ctx);
      } finally {
        slots.release();
      }
    },
  };
}

/** A specialist's tools: view, search and commands always (its gate decides what runs); notes when its role allows. */
function toolsOf(s: Specialist, deps: DelegatorDeps): AgentTool[] {
  return [createBashTool({ timeoutMs: deps.bashTimeoutMs }), createTextEditorTool(), createSearchTool(), ...(s.can.memory ? [createMemoryNotesTool(deps.store)] : [])];
}

/** The lead's approval rules, with the specialist's name, after what its role may not do. */
function gateOf(s: Specialist, approve: ApprovalGate): ApprovalGate {
  return async (req) => {
    if (req.kind === 'edit' && !s.can.edit) return { allowed: false, reason: `The ${s.name} specialist does not edit files.` };
    if (req.kind === 'command' && s.can.commands === 'read-only' && !isReadOnlyCommand(req.command)) {
      return { allowed: false, reason: `The ${s.name} specialist runs read-only commands only.` };
    }
    return approve({ ...req, agent: s.name });
  };
}

interface Tally {
  answer: string;
  files: Set<string>;
  run: number;
  failed: string[];
  usage: SpecialistUsage;
  error?: string;
}

const FORWARDED = new Set<AgentEvent['type']>(['assistant_text', 'tool_call', 'tool_output', 'tool_result', 'approval', 'recall', 'usage', 'error', 'retry']);

async function runSpecialist(deps: DelegatorDeps, s: Specialist, callId: string, task: string, ctx: DelegateContext): Promise<{ content: string; isError: boolean }> {
  const client = s.model && deps.clientFor ? deps.clientFor(s.model) : deps.client;
  const transcript = deps.openTranscript ? await deps.openTranscript({ sessionId: ctx.parentSessionId || 'unrecorded', callId, agent: s.name }, client.model) : undefined;
  const session = new AgentSession({
    workspaceRoot: deps.workspaceRoot, store: deps.store, client, approve: gateOf(s, deps.approve), trusted: deps.trusted,
    maxTurns: deps.maxTurns ?? DEFAULT_SPECIALIST_TURNS, memoryBudgetTokens: deps.memoryBudgetTokens, role: { name: s.name, prompt: s.prompt },
    toolset: toolsOf(s, deps), ...(transcript ? { sessionId: transcript.sessionId, listeners: [transcript.listener] } : {}),
    ...(deps.checkpoints ? { checkpoints: deps.checkpoints } : {}),
  });
  ctx.emit({ type: 'specialist_start', callId, agent: s.name, task, sessionId: session.id });
  const t: Tally = { answer: '', files: new Set(), run: 0, failed: [], usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } };
  let reason: SessionEndReason = 'error';
  try {
    const it = session.send(task, ctx.signal);
    for (;;) {
      const r = await it.next();
      if (r.done) {
        reason = r.value;
        break;
      }
      tally(t, r.value);
      if (FORWARDED.has(r.value.type)) ctx.emit({ type: 'specialist_event', callId, agent: s.name, event: r.value });
    }
  } catch (err) {
    t.error = err instanceof Error ? err.message : String(err);
  } finally {
    await session.end(reason);
    await transcript?.close();
  }
  const status: SpecialistStatus = reason === 'completed' && !t.error ? 'done' : reason === 'stopped' ? 'stopped' : 'failed';
  const summary = { filesChanged: [...t.files].sort(), commandsRun: t.run, commandsFailed: t.failed.slice(0, 10) };
  ctx.emit({ type: 'specialist_end', callId, agent: s.name, status, summary, usage: t.usage, ...(t.error ? { error: t.error } : {}) });
  return { content: report(s.name, status, t), isError: status !== 'done' };
}

function tally(t: Tally, e: AgentEvent): void {
  if (e.type === 'assistant_text') t.answer = e.text;
  if (e.type === 'tool_call') t.answer = '';
  if (e.type === 'error') t.error = e.message;
  if (e.type === 'usage') {
    t.usage.inputTokens += e.inputTokens;
    t.usage.outputTokens += e.outputTokens;
    t.usage.cacheReadTokens += e.cacheReadTokens;
    t.usage.cacheWriteTokens += e.cacheWriteTokens;
  }
  if (e.type !== 'tool_result') return;
  if (e.meta?.kind === 'edit' && e.meta.file && !e.isError && e.meta.diff) t.files.add(e.meta.file);
  if (e.name === 'bash' && e.exitCode !== undefined) {
    t.run++;
    if (e.exitCode !== 0) t.failed.push(e.meta?.command?.split('\n')[0].slice(0, 120) ?? 'a command');
  }
}

/** What the lead reads: the specialist's answer, then a short summary of what it did and cost. */
function report(name: string, status: SpecialistStatus, t: Tally): string {
  const head = status === 'done' ? t.answer.trim() || '(no report)' : status === 'stopped' ? `The ${name} specialist was stopped.` : `The ${name} specialist failed: ${t.error ?? 'it did not finish'}.${t.answer ? `\nIts last words: ${t.answer.trim()}` : ''}`;
  const files = t.files.size ? `${t.files.size} file${t.files.size === 1 ? '' : 's'} changed (${[...t.files].sort().join(', ')})` : 'no file changed';
  const cmds = `${t.run} command${t.run === 1 ? '' : 's'} run${t.failed.length ? `, ${t.failed.length} failed (${t.failed.slice(0, 3).map((c) => `\`${c}\``).join(', ')})` : ''}`;
  const input = t.usage.inputTokens + t.usage.cacheReadTokens + t.usage.cacheWriteTokens;
  return `${head}\n\n[${name}: ${files}; ${cmds}; ${input} tokens in, ${t.usage.outputTokens} out]`;
}
