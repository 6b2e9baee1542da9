// The chat transcript the panel shows, built from agent events (live) or from a recorded session (read-only).
// Pure: no `vscode` import, so the unit tier tests it. Every change is reported to `onChange` as the delta the
// webview applies (a new or updated item, or streamed text).
import type { AgentEvent, OutcomeDefinition, OutcomeResult } from '../core/agent/agentEvents';
import type { ReadEvent } from '../core/sessions/sessionSchema';
import type { ChatItem, OutcomeCardItem, ToolCardItem } from '../shared/panelState';
import { endPatch, evaluationPatch, gradingPatch, outcomeCard, requestText, revisionItem, type OutcomeCardPatch } from './outcomeItems';

export type ChatChange = { type: 'item'; item: ChatItem } | { type: 'appendText'; itemId: string; text: string };

/** Tool output kept on a card: the head and the tail, around a marker. */
export const CARD_OUTPUT_CHARS = 8000;

type NewItem = ChatItem extends infer T ? (T extends ChatItem ? Omit<T, 'id'> : never) : never;

export class ChatLog {
  private items: ChatItem[] = [];
  private seq = 0;
  private streamingId: string | undefined;
  private readonly cards = new Map<string, string>();
  /** The running outcome: its card (added after the request's own message), and a revision the grader sent back. */
  private outcome: { definition: OutcomeDefinition; cardId?: string; revision?: { iteration: number; maxIterations: number } } | undefined;

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
    this.streamingId = undefined;
    this.cards.clear();
    this.outcome = undefined;
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

  apply(e: AgentEvent): void {
    if (this.applyOutcome(e)) return;
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
      case 'tool_call':
        this.cards.set(e.id, this.add({ kind: 'tool', name: e.name, ...describeCall(e.name, e.input), status: 'running' }).id);
        return;
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
      default:
        return; // session_start, usage, approval (shown by the approval item), session_end
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

  /** Replays a recorded session (from `sessions/`); returns the items, for a read-only view. */
  static fromRecorded(events: readonly ReadEvent[]): ChatItem[] {
    const log = new ChatLog();
    for (const e of events) {
      const agentEvent = recordedToAgentEvent(e);
      if (agentEvent) log.apply(agentEvent);
    }
    log.settleOutcome('interrupted', 'The session ended before the outcome was graded to the end.');
    for (const item of log.items) if (item.kind === 'tool' && item.status === 'running') item.status = 'error';
    return log.items;
  }
}

function recordedToAgentEvent(e: ReadEvent): AgentEvent | undefined {
  switch (e.type) {
    case 'user_message':
    case 'assistant_text':
      return { type: e.type, text: e.text };
    case 'tool_call':
      return { type: 'tool_call', id: e.id, name: e.name, input: e.input };
    case 'tool_result':
      return { type: 'tool_result', id: e.id, name: e.name, isError: !e.ok, content: e.output, durationMs: e.durationMs, ...(typeof e.exitCode === 'number' ? { exitCode: e.exitCode } : {}) };
    case 'recall':
      return { type: 'recall', reason: e.reason, notes: e.noteIds.map((id, i) => ({ id, title: e.noteTitles?.[i] ?? id })) };
    case 'error':
      return { type: 'error', kind: e.kind, message: e.message };
    case 'outcome_start':
      return {
        type: 'outcome_start',
        outcome: { description: e.description, rubric: e.rubric, criteria: e.criteria, maxIterations: e.maxIterations, ...(e.rubricName ? { rubricName: e.rubricName } : {}) },
      };
    case 'outcome_evaluation':
      return { type: 'outcome_evaluation', iteration: e.iteration, maxIterations: e.maxIterations, criteria: e.criteria, result: e.result, explanation: e.explanation, usage: e.usage };
    case 'outcome_end':
      return { type: 'outcome_end', result: e.result, iterations: e.iterations, explanation: e.explanation };
    default:
      return undefined;
  }
}

/** The card's headline: what the call does, from the tool's input. */
export function describeCall(name: string, input: unknown): Pick<ToolCardItem, 'action' | 'subject'> {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (name === 'bash') return { action: 'command', subject: str(i.command) || (i.restart ? '(restart the shell)' : '(no command)') };
  if (name === 'str_replace_based_edit_tool' || name === 'memory') {
    const command = str(i.command);
    const target = str(i.path) || str(i.old_path) || '(no path)';
    return { action: command === 'view' ? 'view' : 'edit', subject: target };
  }
  if (name === 'search_workspace') return { action: 'search', subject: [str(i.pattern), str(i.glob)].filter(Boolean).join('  in ') };
  const text = JSON.stringify(input) ?? '';
  return { action: 'other', subject: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}

export function capOutput(text: string, max = CARD_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n…[${text.length - 2 * half} characters not shown]…\n${text.slice(-half)}`;
}
