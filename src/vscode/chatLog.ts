// The chat transcript the panel shows, built from agent events (live) or from a recorded session (read-only).
// Pure: no `vscode` import, so the unit tier tests it. Every change is reported to `onChange` as the delta the
// webview applies (a new or updated item, or streamed text).
import type { AgentEvent, OutcomeDefinition, OutcomeResult } from '../core/agent/agentEvents';
import { DELEGATE_TOOL } from '../core/agent/delegation';
import type { ReadEvent } from '../core/sessions/sessionSchema';
import type { ChatItem, OutcomeCardItem, SpecialistCardItem, ToolCardItem, WaitStatus } from '../shared/panelState';
import { endPatch, evaluationPatch, gradingPatch, outcomeCard, requestText, revisionItem, type OutcomeCardPatch } from './outcomeItems';
import { recordedToAgentEvent } from '../core/agent/recordedEvents';
import * as specialist from './specialistItems';
import { appendStreamed, capOutput, describeCall } from './toolItems';
import { addCounts, costItem, usageLine, zeroCounts } from './usageTally';
import { WaitTracker } from './waitStatus';

export type ChatChange = { type: 'item'; item: ChatItem } | { type: 'appendText'; itemId: string; text: string } | { type: 'waitStatus'; status: WaitStatus | null };

type NewItem = ChatItem extends infer T ? (T extends ChatItem ? Omit<T, 'id'> : never) : never;

export class ChatLog {
  private items: ChatItem[] = [];
  private seq = 0;
  private streamingId: string | undefined;
  private readonly cards = new Map<string, string>();
  /** The running outcome: its card (added after the request's own message), and a revision the grader sent back. */
  private outcome: { definition: OutcomeDefinition; cardId?: string; revision?: { iteration: number; maxIterations: number } } | undefined;
  /** The specialist cards by `delegate` call, with when each specialist started (for its duration). */
  private readonly specialists = new Map<string, { itemId: string; startedAt?: number }>();
  /** The request under way: the lead's tokens, the specialist cards it made, every count (for its token line). */
  private request = newRequest();
  /** Every token of the session's finished requests, specialists included (for `/cost`). */
  private session = zeroCounts();
  /** The model the session runs (prices the token lines); unknown: no cost shown. */
  model: string | undefined;
  /** The clock for durations (a replay reads the recorded times). */
  private now: () => number = Date.now;
  /** Whether the request waits for the model (or a retry): the panel's spinner line. */
  private readonly wait = new WaitTracker((status) => this.onChange({ type: 'waitStatus', status }));

  constructor(private readonly onChange: (change: ChatChange) => void = () => undefined) {}

  get transcript(): ChatItem[] {
    return this.items;
  }

  get(id: string): ChatItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Starts over, empty or with the given items (a recorded session). Reports nothing: send a snapshot. */
  reset(items: ChatItem[] = []): void {
    this.items = items;
    this.seq = Math.max(this.seq, ...items.map((i) => Number(/^i(\d+)$/.exec(i.id)?.[1] ?? 0))); // new ids never repeat shown ones
    this.streamingId = undefined;
    this.cards.clear();
    this.outcome = undefined;
    this.specialists.clear();
    this.request = newRequest();
    this.session = zeroCounts();
    this.wait.reset();
  }

  add(item: NewItem): ChatItem {
    const full = { ...item, id: `i${++this.seq}` } as ChatItem;
    this.items.push(full);
    this.onChange({ type: 'item', item: full });
    return full;
  }

  update<T extends ChatItem>(id: string, patch: Partial<Omit<T, 'id' | 'kind'>>): void {
    const at = this.items.findIndex((i) => i.id === id);
    if (at < 0) return;
    const next = { ...this.items[at], ...patch } as ChatItem;
    this.items[at] = next;
    this.onChange({ type: 'item', item: next });
  }

  /** Ends a reply cut short (stopped, failed): it stays as streamed so far. */
  finishStreaming(): void {
    if (this.streamingId) this.update(this.streamingId, { streaming: false });
    this.streamingId = undefined;
  }

  /** Ends an outcome whose end never came (the request failed, the session was cut): its card gets `result`. */
  settleOutcome(result: OutcomeResult, explanation: string): void {
    if (!this.outcome) return;
    const id = this.outcomeCardId();
    this.outcome = undefined;
    const card = this.get(id);
    if (card?.kind === 'outcome' && card.phase !== 'done') this.update<OutcomeCardItem>(id, { phase: 'done', result, explanation });
  }

  /**
   * The request ended: a line with its tokens follows it (the lead's, each specialist's, the total, cache reads,
   * the cost when the model has a price). The next events belong to a new request.
   */
  endRequest(): void {
    this.wait.set(null);
    const cards = this.request.cards.map((id) => this.get(id)).filter((c): c is SpecialistCardItem => c?.kind === 'specialist' && !!c.sessionId);
    const line = usageLine(this.model, this.request.lead, cards.map((c) => ({ agent: c.agent, ...c.tokens })), this.request.counts);
    if (line) this.add(line);
    this.session = addCounts(this.session, this.request.counts);
    this.request = newRequest();
  }

  /** `/cost`: adds an item with the session's tokens so far and their cost. */
  addCost(model: string): void {
    this.add(costItem(model, addCounts(this.session, this.request.counts)));
  }

  apply(e: AgentEvent): void {
    this.wait.follow(e);
    if (this.applyOutcome(e) || this.applySpecialist(e)) return;
    switch (e.type) {
      case 'user_message':
        this.add({ kind: 'user', text: e.text });
        return;
      case 'text_delta': {
        if (!this.streamingId) this.streamingId = this.add({ kind: 'assistant', markdown: '', streaming: true }).id;
        const item = this.get(this.streamingId);
        if (item?.kind === 'assistant') item.markdown += e.text;
        this.onChange({ type: 'appendText', itemId: this.streamingId, text: e.text });
        return;
      }
      case 'assistant_text':
        if (this.streamingId) this.update(this.streamingId, { markdown: e.text, streaming: false });
        else this.add({ kind: 'assistant', markdown: e.text });
        this.streamingId = undefined;
        return;
      case 'retry':
        if (this.streamingId) this.update(this.streamingId, { markdown: '' });
        return;
      case 'thinking': // it comes after the turn's streamed text: it goes on that reply, shown before it
        if (this.streamingId) this.update(this.streamingId, { thinking: e.text });
        else this.add({ kind: 'thinking', text: e.text });
        return;
      case 'tool_call': {
        const call = describeCall(e.name, e.input);
        this.cards.set(e.id, this.add({ kind: 'tool', name: e.name, callId: e.id, ...call, status: 'running', ...(call.action === 'command' ? { startedAt: this.now() } : {}) }).id);
        return;
      }
      case 'tool_output': {
        const card = this.get(this.cards.get(e.id) ?? '');
        if (card?.kind === 'tool' && card.status === 'running') this.update<ToolCardItem>(card.id, { output: appendStreamed(card.output, e.text) });
        return;
      }
      case 'tool_result': {
        const patch: Partial<ToolCardItem> = {
          status: e.isError ? 'error' : 'ok',
          output: capOutput(e.content),
          durationMs: e.durationMs,
          ...(e.exitCode === undefined ? {} : { exitCode: e.exitCode }),
          ...(e.meta?.file ? { subject: e.meta.file } : {}),
        };
        const cardId = this.cards.get(e.id);
        if (cardId) this.update<ToolCardItem>(cardId, patch);
        else this.add({ kind: 'tool', name: e.name, action: 'other', subject: e.name, status: 'ok', ...patch });
        return;
      }
      case 'recall':
        if (e.notes.length && e.reason !== 'digest') this.add({ kind: 'recall', reason: e.reason, notes: e.notes.map((n) => ({ id: n.id, title: n.title })) });
        return;
      case 'error':
        this.finishStreaming();
        this.add({ kind: 'error', message: e.message });
        return;
      case 'compacted':
        this.finishStreaming();
        this.add({ kind: 'compacted', reason: e.reason, folded: e.folded });
        return;
      default:
        return; // session_start, approval (shown by the approval item), session_end
    }
  }

  /** The outcome events, and the request's messages while an outcome runs; false for anything else. */
  private applyOutcome(e: AgentEvent): boolean {
    const o = this.outcome;
    switch (e.type) {
      case 'outcome_start':
        this.outcome = { definition: e.outcome };
        return true;
      case 'user_message':
        if (!o) return false;
        if (o.revision) this.add(revisionItem(o.revision, e.text));
        else this.add({ kind: 'user', text: o.cardId ? e.text : requestText(e.text, o.definition) });
        o.revision = undefined;
        this.outcomeCardId(); // the card follows the request it belongs to
        return true;
      case 'error':
        if (o) this.outcomeCardId(); // an outcome that fails before its request's message still shows first
        return false;
      case 'outcome_grading':
        this.patchOutcome(() => gradingPatch(e));
        return true;
      case 'outcome_evaluation':
        this.patchOutcome((card) => evaluationPatch(card, e));
        if (o && e.result === 'needs_revision' && e.iteration < e.maxIterations) o.revision = { iteration: e.iteration + 1, maxIterations: e.maxIterations };
        return true;
      case 'outcome_end':
        this.patchOutcome(() => endPatch(e));
        this.outcome = undefined;
        return true;
      default:
        return false;
    }
  }

  /** The `delegate` calls and what their specialists do; the lead's tokens. False for anything else. */
  private applySpecialist(e: AgentEvent): boolean {
    switch (e.type) {
      case 'usage':
        this.request.lead = specialist.addTokens(this.request.lead, specialist.tokensOf(e));
        this.request.counts = addCounts(this.request.counts, e);
        return true;
      case 'tool_call':
        if (e.name !== DELEGATE_TOOL) return false;
        this.specialistCard(e.id, e.input);
        return true;
      case 'tool_result':
        if (e.name !== DELEGATE_TOOL) return false;
        this.patchSpecialist(e.id, (card) => specialist.resultPatch(card, e));
        return true;
      case 'specialist_start':
        this.specialistCard(e.callId, { agent: e.agent, task: e.task }).startedAt = this.now();
        this.patchSpecialist(e.callId, () => specialist.startPatch(e));
        return true;
      case 'specialist_event':
        this.patchSpecialist(e.callId, (card) => specialist.eventPatch(card, e.event));
        return true;
      case 'specialist_end': {
        this.request.counts = addCounts(this.request.counts, e.usage);
        const startedAt = this.specialists.get(e.callId)?.startedAt;
        this.patchSpecialist(e.callId, (card) => specialist.endPatch(card, e, startedAt === undefined ? undefined : Math.max(0, this.now() - startedAt)));
        return true;
      }
      default:
        return false;
    }
  }

  /** The card of a `delegate` call, added now if it is not shown yet. */
  private specialistCard(callId: string, input: unknown): { itemId: string; startedAt?: number } {
    let known = this.specialists.get(callId);
    if (!known) {
      known = { itemId: this.add(specialist.specialistCard(callId, input)).id };
      this.specialists.set(callId, known);
      this.request.cards.push(known.itemId);
    }
    return known;
  }

  private patchSpecialist(callId: string, patch: (card: SpecialistCardItem) => specialist.SpecialistPatch | undefined): void {
    const card = this.get(this.specialistCard(callId, {}).itemId);
    const p = card?.kind === 'specialist' ? patch(card) : undefined;
    if (card && p) this.update<SpecialistCardItem>(card.id, p);
  }

  /** The running outcome's card, added now if it is not shown yet. */
  private outcomeCardId(): string {
    const o = this.outcome!;
    if (!o.cardId) {
      this.finishStreaming();
      o.cardId = this.add(outcomeCard(o.definition)).id;
    }
    return o.cardId;
  }

  private patchOutcome(patch: (card: OutcomeCardItem) => OutcomeCardPatch): void {
    if (!this.outcome) return;
    const card = this.get(this.outcomeCardId());
    if (card?.kind === 'outcome') this.update<OutcomeCardItem>(card.id, patch(card));
  }

  /**
   * Replays a recorded session (from `sessions/`); returns the items, for a read-only view. `children` holds the
   * transcripts of its specialists by session id, when they could be read: their calls go on their cards.
   */
  static fromRecorded(events: readonly ReadEvent[], children: ReadonlyMap<string, readonly ReadEvent[]> = new Map(), model?: string): ChatItem[] {
    const log = new ChatLog();
    log.model = model;
    for (const e of events) {
      const agentEvent = recordedToAgentEvent(e);
      if (!agentEvent) continue;
      if (e.type !== 'unknown' && e.t) log.now = () => Date.parse(e.t!);
      if (agentEvent.type === 'outcome_start' || (agentEvent.type === 'user_message' && !log.outcome)) log.endRequest();
      log.apply(agentEvent);
      if (agentEvent.type !== 'specialist_start') continue;
      for (const c of children.get(agentEvent.sessionId) ?? []) {
        const event = c.type === 'user_message' ? undefined : recordedToAgentEvent(c);
        if (event) log.apply({ type: 'specialist_event', callId: agentEvent.callId, agent: agentEvent.agent, event });
      }
    }
    log.settleOutcome('interrupted', 'The session ended before the outcome was graded to the end.');
    log.endRequest();
    for (const item of log.items) {
      if (item.kind === 'tool' && item.status === 'running') item.status = 'error';
      if (item.kind === 'specialist' && (item.status === 'running' || item.status === 'queued')) Object.assign(item, { status: 'stopped', error: 'The session ended before the specialist did.' });
    }
    return log.items;
  }
}

const newRequest = () => ({ lead: specialist.noTokens(), cards: [] as string[], counts: zeroCounts() });
