// The agent loop: ask the model, run the tools it calls, send their results back, until it answers
// without a tool call. Bounded by a turn cap, stoppable by an AbortSignal, honest about errors: a tool's
// failure goes back to the model as `is_error: true`; a model error ends the session with a clear message.
// The conversation is only extended by whole turns, so an error or a stop never leaves it half-written.
import type { ContentBlockParam, MessageParam, TextBlockParam, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelClient } from '../model/modelClient';
import { toModelError } from '../model/modelErrors';
import type { ApprovalGate } from '../tools/approvalPolicy';
import type { AgentTool, ToolOutcome } from '../tools/toolTypes';
import type { AgentEvent, SessionEndReason } from './agentEvents';
import { EventChannel } from './eventChannel';
import { compactConversation, COMPACT_AT, contextWindowOf } from './compaction';
import { DELEGATE_TOOL, type Delegator } from './delegation';
import type { NestedInstructions } from './projectInstructions';
import type { FailureRecaller } from './failureRecall';

export interface AgentLoopOptions {
  client: ModelClient;
  tools: AgentTool[];
  system: TextBlockParam[];
  /** The conversation so far (earlier exchanges of this session); extended in place by whole turns. */
  messages: MessageParam[];
  prompt: string;
  /** Images sent with the prompt (pasted or dropped in the panel), as image blocks. */
  images?: PromptImage[];
  workspaceRoot: string;
  trusted: boolean;
  approve: ApprovalGate;
  recaller?: FailureRecaller;
  /** Lets the lead delegate to specialists; its `delegate` calls of one turn run at once. */
  delegator?: Delegator;
  /** This session's id (a specialist's transcript links to it). */
  sessionId?: string;
  maxTurns?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Compact the conversation once a turn's prompt reaches this many tokens (default: 80% of the model's window). */
  compactAtTokens?: number;
  /** Told of every file the edit tool writes (checkpoints). */
  onEdit?: (file: string, before: string | undefined, after: string, callId: string) => void;
  /** The instructions of a sub-folder the agent starts working in (its CLAUDE.md / AGENTS.md), once each. */
  nested?: NestedInstructions;
  /** Extended thinking, with this many tokens for it (at least 1024); its text is shown, collapsed. */
  thinkingBudget?: number;
}

export interface PromptImage {
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  /** Base64. */
  data: string;
}

export const DEFAULT_MAX_TURNS = 50;
const DEFAULT_MAX_TOKENS = 8192;

/** Runs one user request to its end, yielding events as they happen. Returns why it ended. */
export async function* runAgentLoop(options: AgentLoopOptions): AsyncGenerator<AgentEvent, SessionEndReason> {
  const channel = new EventChannel<AgentEvent>();
  let reason: SessionEndReason = 'completed';
  const done = loop(options, (e) => channel.push(e)).then(
    (r) => (reason = r),
    (err) => {
      channel.push({ type: 'error', kind: 'internal', message: err instanceof Error ? err.message : String(err) });
      reason = 'error';
    },
  ).finally(() => channel.close());
  yield* channel.drain();
  await done;
  return reason;
}

/** Puts the cache breakpoint on the last block of the conversation, so each turn reads the previous one from cache. */
function withConversationCache(messages: MessageParam[]): MessageParam[] {
  if (!messages.length) return messages;
  const last = messages[messages.length - 1];
  const blocks: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...(last.content as ContentBlockParam[])];
  const tail = blocks[blocks.length - 1];
  if (tail && (tail.type === 'text' || tail.type === 'tool_result')) blocks[blocks.length - 1] = { ...tail, cache_control: { type: 'ephemeral' } };
  return [...messages.slice(0, -1), { ...last, content: blocks } as MessageParam];
}

async function loop(o: AgentLoopOptions, emit: (e: AgentEvent) => void): Promise<SessionEndReason> {
  const signal = o.signal ?? new AbortController().signal;
  const maxTurns = o.maxTurns ?? DEFAULT_MAX_TURNS;
  const images = (o.images ?? []).map((i): ContentBlockParam => ({ type: 'image', source: { type: 'base64', media_type: i.mediaType, data: i.data } }));
  const pending: MessageParam[] = [{ role: 'user', content: [...images, { type: 'text', text: o.prompt }] }];
  emit({ type: 'user_message', text: o.prompt, ...(images.length ? { images: images.length } : {}) });
  const compactAt = o.compactAtTokens ?? Math.floor(contextWindowOf(o.client.model) * COMPACT_AT);
  let promptTokens = 0;
  let retriedTooLong = false;
  for (let turn = 1; ; turn++) {
    if (signal.aborted) return stopped(o, pending);
    if (turn > maxTurns) {
      emit({ type: 'error', kind: 'max_turns', message: `Stopped after ${maxTurns} turns (the turn limit).` });
      return 'max_turns';
    }
    if (promptTokens >= compactAt) {
      if ((await compactInPlace(o, signal, emit, 'limit')) === 'aborted') return stopped(o, pending);
      promptTokens = 0; // measured again by the next turn
    }
    let result;
    try {
      result = await o.client.streamTurn(
        {
          max_tokens: Math.max(o.maxTokens ?? DEFAULT_MAX_TOKENS, (o.thinkingBudget ?? 0) + 4096), system: o.system,
          tools: [...o.tools.map((t) => t.definition), ...(o.delegator ? [o.delegator.definition] : [])], messages: withConversationCache([...o.messages, ...pending]),
          ...(o.thinkingBudget ? { thinking: { type: 'enabled', budget_tokens: Math.max(1024, o.thinkingBudget) } } : {}),
        },
        {
          signal,
          onTextDelta: (text) => emit({ type: 'text_delta', text }),
          onRetry: (attempt, error, delayMs) => emit({ type: 'retry', attempt, message: error.message, delayMs, kind: error.kind }),
        },
      );
    } catch (err) {
      const e = toModelError(err);
      if (e.kind === 'aborted') return stopped(o, pending);
      // Too long for the model: compact and try the same turn once more.
      if (e.kind === 'prompt_too_long' && !retriedTooLong) {
        retriedTooLong = true;
        const done = await compactInPlace(o, signal, emit, 'too_long');
        if (done === 'aborted') return stopped(o, pending);
        if (done === 'compacted') {
          turn--;
          continue;
        }
      }
      emit({ type: 'error', kind: e.kind, message: e.kind === 'prompt_too_long' ? `${e.message} Compacting did not make it fit: start a new session.` : e.message });
      return 'error';
    }
    retriedTooLong = false;
    const { message, usage } = result;
    promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
    emit({ type: 'usage', turn, ...usage });
    const toolUses: ToolUseBlock[] = [];
    for (const block of message.content) {
      if (block.type === 'thinking' && block.thinking) emit({ type: 'thinking', text: block.thinking });
      if (block.type === 'text' && block.text) emit({ type: 'assistant_text', text: block.text });
      if (block.type === 'tool_use') toolUses.push(block);
    }
    pending.push({ role: 'assistant', content: message.content as ContentBlockParam[] });
    if (!toolUses.length || message.stop_reason === 'end_turn' || message.stop_reason === 'refusal') {
      commit(o, pending);
      return 'completed';
    }
    const results = await runTools(o, toolUses, signal, emit);
    pending.push({ role: 'user', content: results });
    commit(o, pending);
    pending.length = 0;
  }
}

/** Folds the older turns of the conversation into a summary, in place. */
async function compactInPlace(o: AgentLoopOptions, signal: AbortSignal, emit: (e: AgentEvent) => void, reason: 'limit' | 'too_long'): Promise<'compacted' | 'nothing' | 'aborted'> {
  try {
    const c = await compactConversation(o.client, o.messages, signal);
    if (!c) return 'nothing';
    o.messages.splice(0, o.messages.length, ...c.messages);
    emit({ type: 'compacted', reason, folded: c.folded, summary: c.summary });
    return 'compacted';
  } catch (err) {
    const e = toModelError(err);
    if (e.kind === 'aborted') return 'aborted';
    emit({ type: 'error', kind: 'compaction', message: `Compacting the conversation failed: ${e.message}` });
    return 'nothing';
  }
}

function commit(o: AgentLoopOptions, pending: MessageParam[]): void {
  o.messages.push(...pending);
}

/** Keeps only whole exchanges: a dangling user message or an assistant turn without its tool results is dropped. */
function stopped(o: AgentLoopOptions, pending: MessageParam[]): SessionEndReason {
  const last = pending[pending.length - 1];
  if (pending.length && last.role === 'assistant' && !hasToolUse(last)) commit(o, pending);
  return 'stopped';
}

const hasToolUse = (m: MessageParam) => typeof m.content !== 'string' && (m.content as ContentBlockParam[]).some((b) => b.type === 'tool_use');

/** The turn's tool calls: `delegate` calls all start at once; the others run one after another, in order. */
async function runTools(o: AgentLoopOptions, uses: ToolUseBlock[], signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<ContentBlockParam[]> {
  const delegator = o.delegator;
  const started = new Map<string, Promise<ToolResultBlockParam>>();
  if (delegator) for (const use of uses.filter((u) => u.name === DELEGATE_TOOL)) started.set(use.id, runDelegate(delegator, o, use, signal, emit));
  const results: ContentBlockParam[] = [];
  for (const use of uses) results.push(await (started.get(use.id) ?? runTool(o, use, signal, emit)));
  return results;
}

async function runDelegate(d: Delegator, o: AgentLoopOptions, use: ToolUseBlock, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<ToolResultBlockParam> {
  const startedAt = Date.now();
  emit({ type: 'tool_call', id: use.id, name: use.name, input: use.input });
  const r = signal.aborted
    ? { content: 'Cancelled: the user stopped the session.', isError: true }
    : await d.run({ id: use.id, input: use.input }, { signal, emit, parentSessionId: o.sessionId ?? '' }).catch((err: unknown) => ({ content: `Error: ${err instanceof Error ? err.message : String(err)}`, isError: true }));
  emit({ type: 'tool_result', id: use.id, name: use.name, isError: r.isError, content: r.content, durationMs: Date.now() - startedAt });
  return { type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: r.content || '(no output)' }], is_error: r.isError };
}

async function runTool(o: AgentLoopOptions, use: ToolUseBlock, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<ToolResultBlockParam> {
  emit({ type: 'tool_call', id: use.id, name: use.name, input: use.input });
  const tool = o.tools.find((t) => t.name === use.name);
  let outcome: ToolOutcome;
  if (signal.aborted) outcome = { content: 'Cancelled: the user stopped the session.', isError: true, durationMs: 0 };
  else if (!tool) outcome = { content: `Unknown tool '${use.name}'. Available: ${o.tools.map((t) => t.name).join(', ')}.`, isError: true, durationMs: 0 };
  else {
    const approve: ApprovalGate = async (req) => {
      const d = await o.approve(req);
      emit({ type: 'approval', toolCallId: use.id, decision: d.allowed ? (d.how === 'user' ? 'allowed' : 'auto') : 'denied', ...(d.allowed ? {} : { reason: d.reason }) });
      return d;
    };
    try {
      outcome = await tool.run(use.input, { workspaceRoot: o.workspaceRoot, signal, approve, trusted: o.trusted, onOutput: (text) => emit({ type: 'tool_output', id: use.id, text }), ...(o.onEdit ? { onEdit: (file, before, after) => o.onEdit?.(file, before, after, use.id) } : {}) });
    } catch (err) {
      outcome = { content: `Error: ${err instanceof Error ? err.message : String(err)}`, isError: true, durationMs: 0 };
    }
  }
  emit({ type: 'tool_result', id: use.id, name: use.name, isError: outcome.isError, content: outcome.content, durationMs: outcome.durationMs, ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }), ...(outcome.meta ? { meta: outcome.meta } : {}) });
  const content: TextBlockParam[] = [{ type: 'text', text: outcome.content || '(no output)' }];
  if (use.name === 'bash' && outcome.isError && outcome.exitCode !== undefined && o.recaller) {
    const command = String((use.input as { command?: unknown })?.command ?? '');
    const recall = await o.recaller.recall({ command, output: outcome.content });
    if (recall) {
      emit({ type: 'recall', reason: 'tool-failure', notes: recall.notes, toolCallId: use.id });
      content.push({ type: 'text', text: recall.text });
    }
  }
  if (use.name === 'memory' && !outcome.isError) o.recaller?.invalidate();
  const folderRules = outcome.meta?.file && !outcome.isError ? await o.nested?.for(outcome.meta.file) : undefined;
  if (folderRules) content.push({ type: 'text', text: `<project-instructions>\n${folderRules}\n</project-instructions>` });
  return { type: 'tool_result', tool_use_id: use.id, content, is_error: outcome.isError };
}
