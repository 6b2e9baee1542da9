// One agent session in a workspace: memory in context, the tools, just-in-time recall, and listeners
// (the transcript, the panel, the CLI) that receive every event. The panel sends several requests to one
// session; `lucid run` sends one.
import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { randomUUID } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import type { MemoryStore } from '../memory/memoryStore';
import type { ModelClient } from '../model/modelClient';
import { withPlanMode, type ApprovalGate } from '../tools/approvalPolicy';
import { createBashTool } from '../tools/bashTool';
import { createMemoryNotesTool } from '../tools/memoryNotesTool';
import { createSearchTool } from '../tools/searchTool';
import { createTextEditorTool } from '../tools/textEditorTool';
import type { AgentTool } from '../tools/toolTypes';
import type { AgentEvent, SessionEndReason } from './agentEvents';
import type { Delegator } from './delegation';
import { runAgentLoop, type PromptImage } from './agentLoop';
import { Checkpoints } from './checkpoints';
import { compactConversation } from './compaction';
import { createFailureRecaller, type FailureRecaller } from './failureRecall';
import { loadMemoryContext } from './memoryContext';
import { loadProjectInstructions, NestedInstructions } from './projectInstructions';
import { buildSystemPrompt } from './systemPrompt';

export type AgentListener = (event: AgentEvent) => void | Promise<void>;

export interface AgentSessionOptions {
  workspaceRoot: string;
  store: MemoryStore;
  client: ModelClient;
  approve: ApprovalGate;
  trusted: boolean;
  memoryBudgetTokens?: number;
  maxTurns?: number;
  bashTimeoutMs?: number;
  /** Extra tools, or replacements by name (tests). */
  tools?: AgentTool[];
  listeners?: AgentListener[];
  sessionId?: string;
  /** The lead's way to hand work to specialists (absent for specialists: they never delegate). */
  delegator?: Delegator;
  /** A specialist's role: who it is and how it works (it replaces nothing; the memory and tools rules still apply). */
  role?: { name: string; prompt: string };
  /** The tools, instead of the default set (a specialist's narrower set). */
  toolset?: AgentTool[];
  /** Compact the conversation once a turn's prompt reaches this many tokens (default: 80% of the model's window). */
  compactAtTokens?: number;
  /** The conversation so far, when continuing a recorded session (see resumeConversation.ts). */
  history?: MessageParam[];
  /** Extended thinking: the token budget for it (absent: off). */
  thinkingBudget?: number;
  /** The checkpoints to record edits into (a specialist shares its lead's, so undo covers its edits too). */
  checkpoints?: Checkpoints;
}

export const DEFAULT_MEMORY_BUDGET = 2000;
/** The API's limit per image (base64 of 5 MB), and how many go with one request. */
const MAX_IMAGE_BASE64 = Math.ceil((5 * 1024 * 1024 * 4) / 3);
const MAX_IMAGES = 20;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A clear error for images the API would refuse, before anything is sent. */
function checkImages(images: PromptImage[]): void {
  if (images.length > MAX_IMAGES) throw new Error(`At most ${MAX_IMAGES} images go with one request (got ${images.length}).`);
  for (const [k, i] of images.entries()) {
    if (!IMAGE_TYPES.has(i.mediaType)) throw new Error(`Image ${k + 1} is ${i.mediaType}: only PNG, JPEG, GIF and WebP images can be sent.`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(i.data)) throw new Error(`Image ${k + 1} is not base64 data.`);
    if (i.data.length > MAX_IMAGE_BASE64) throw new Error(`Image ${k + 1} is over 5 MB; the API refuses larger images.`);
  }
}

export class AgentSession {
  readonly id: string;
  private readonly messages: MessageParam[] = [];
  private system: TextBlockParam[] | undefined;
  private recaller: FailureRecaller | undefined;
  private readonly tools: AgentTool[];
  private readonly listeners: AgentListener[];
  private started = false;
  /** Every edit of this session's requests, to undo a turn or restore to an earlier one. */
  readonly checkpoints: Checkpoints;
  private nested: NestedInstructions | undefined;
  private planning = false;
  private readonly approve: ApprovalGate;
  private ended = false;

  constructor(private readonly o: AgentSessionOptions) {
    this.id = o.sessionId ?? randomUUID();
    this.listeners = [...(o.listeners ?? [])];
    this.messages.push(...(o.history ?? []));
    this.checkpoints = o.checkpoints ?? new Checkpoints();
    this.approve = withPlanMode(o.approve, () => this.planning);
    const base = o.toolset ?? [createBashTool({ timeoutMs: o.bashTimeoutMs }), createTextEditorTool(), createSearchTool(), createMemoryNotesTool(o.store)];
    const extra = o.tools ?? [];
    this.tools = [...base.filter((t) => !extra.some((x) => x.name === t.name)), ...extra];
  }

  /**
   * Plan mode: until it is turned off (the user approved the plan), nothing is written and only read-only commands
   * run; each request asks for a plan.
   */
  setPlanMode(on: boolean): void {
    this.planning = on;
  }

  get planMode(): boolean {
    return this.planning;
  }

  listen(listener: AgentListener): void {
    this.listeners.push(listener);
  }

  /** The conversation so far (read-only view). */
  get conversation(): readonly MessageParam[] {
    return this.messages;
  }

  private async emit(event: AgentEvent): Promise<void> {
    for (const l of this.listeners) await l(event);
  }

  /** Sends a request; yields every event until the model answers without a tool call, or stops. */
  async *send(prompt: string, signal?: AbortSignal, images: PromptImage[] = []): AsyncGenerator<AgentEvent, SessionEndReason> {
    if (this.ended) throw new Error('This session has ended; start a new one.');
    checkImages(images);
    yield* this.start();
    if (!this.system) {
      const memory = await loadMemoryContext(this.o.store, prompt, this.o.memoryBudgetTokens ?? DEFAULT_MEMORY_BUDGET);
      const project = await loadProjectInstructions(this.o.workspaceRoot);
      this.system = buildSystemPrompt({
        workspaceName: path.basename(this.o.workspaceRoot), platform: `${os.platform()} ${os.arch()}`, memory, trusted: this.o.trusted,
        ...(this.o.role ? { role: this.o.role } : {}), tools: this.tools.map((t) => t.name), delegates: !!this.o.delegator,
        projectInstructions: project.text,
      });
      this.recaller = createFailureRecaller(this.o.store, memory.allNotes ?? memory.loading);
      if (memory.notes.length) {
        yield* this.emitAndYield({ type: 'recall', reason: 'session-start', notes: memory.notes.map((n) => ({ id: n.id, title: n.title })) });
      }
      const listed = memory.digestNotes.filter((n) => !memory.relevantIds.includes(n.id));
      if (listed.length) yield* this.emitAndYield({ type: 'recall', reason: 'digest', notes: listed });
    }
    if (!this.o.role) this.checkpoints.begin(prompt); // a specialist's edits belong to its lead's turn
    const loop = runAgentLoop({
      onEdit: (file, before, after, callId) => this.checkpoints.record(file, before, after, callId),
      nested: (this.nested ??= new NestedInstructions(this.o.workspaceRoot)),
      ...(this.o.thinkingBudget ? { thinkingBudget: this.o.thinkingBudget } : {}),
      client: this.o.client,
      tools: this.tools,
      system: this.system,
      messages: this.messages,
      prompt: this.planning ? `${prompt}\n\n(Plan mode: change nothing yet. Investigate with read-only tools, then answer with a plan for the user to approve.)` : prompt,
      ...(images.length ? { images } : {}),
      workspaceRoot: this.o.workspaceRoot,
      trusted: this.o.trusted,
      approve: this.approve,
      recaller: this.recaller,
      ...(this.o.delegator ? { delegator: this.o.delegator } : {}),
      sessionId: this.id,
      ...(this.o.compactAtTokens ? { compactAtTokens: this.o.compactAtTokens } : {}),
      maxTurns: this.o.maxTurns,
      signal,
    });
    for (;;) {
      const r = await loop.next();
      if (r.done) return r.value;
      yield* this.emitAndYield(r.value);
    }
  }

  /** `/compact`: folds all but the last exchange into a summary now. False when there is nothing to fold. */
  async *compact(signal?: AbortSignal): AsyncGenerator<AgentEvent, boolean> {
    if (this.ended) throw new Error('This session has ended; start a new one.');
    const c = await compactConversation(this.o.client, this.messages, signal, 2);
    if (!c) return false;
    this.messages.splice(0, this.messages.length, ...c.messages);
    yield* this.announce({ type: 'compacted', reason: 'asked', folded: c.folded, summary: c.summary });
    return true;
  }

  /** An event from outside the loop (an outcome and its grades): to every listener (the transcript), then yielded. */
  async *announce(event: AgentEvent): AsyncGenerator<AgentEvent> {
    if (this.ended) throw new Error('This session has ended; start a new one.');
    yield* this.start();
    yield* this.emitAndYield(event);
  }

  private async *start(): AsyncGenerator<AgentEvent> {
    if (this.started) return;
    this.started = true;
    yield* this.emitAndYield({ type: 'session_start', sessionId: this.id, model: this.o.client.model });
  }

  private async *emitAndYield(event: AgentEvent): AsyncGenerator<AgentEvent> {
    await this.emit(event);
    yield event;
  }

  /** Ends the session: listeners get `session_end` (the transcript closes). */
  async end(reason: SessionEndReason = 'completed'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.started) await this.emit({ type: 'session_end', reason });
  }
}
