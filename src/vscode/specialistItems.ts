// The specialist cards' state from the lead's `delegate` calls and the specialists' events (live or replayed): what
// each event changes on a card, and the request's token line (the lead's and each specialist's). Pure: no `vscode`
// import, so the unit tier tests it through ChatLog.
import type { AgentEvent, SpecialistUsage } from '../core/agent/agentEvents';
import type { SpecialistCardItem, SpecialistToolView, TokenCount } from '../shared/panelState';
import { capOutput, describeCall } from './toolItems';

type Event<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
export type SpecialistPatch = Partial<Omit<SpecialistCardItem, 'id' | 'kind'>>;

/** A card lists its newest calls, up to this many (the rest are counted). */
export const LISTED_CALLS = 40;
/** The report the lead got back, as kept on the card. */
export const REPORT_CHARS = 4000;

export const noTokens = (): TokenCount => ({ inputTokens: 0, outputTokens: 0 });

/** Everything read counts as input: fresh, from the cache, and written to it. */
export function tokensOf(u: SpecialistUsage): TokenCount {
  return { inputTokens: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, outputTokens: u.outputTokens };
}

export const addTokens = (a: TokenCount, b: TokenCount): TokenCount => ({ inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens });

/** A `delegate` call: the card waits for its specialist (a slot may not be free yet). */
export function specialistCard(callId: string, input: unknown): Omit<SpecialistCardItem, 'id'> {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { kind: 'specialist', callId, agent: str(i.agent) || '(none named)', task: str(i.task), status: 'queued', tools: [], tokens: noTokens() };
}

export function startPatch(e: Event<'specialist_start'>): SpecialistPatch {
  return { agent: e.agent, task: e.task, sessionId: e.sessionId, status: 'running' };
}

/** An event of the specialist's own loop; undefined when the card does not change. */
export function eventPatch(card: SpecialistCardItem, e: AgentEvent): SpecialistPatch | undefined {
  switch (e.type) {
    case 'tool_call':
      return listed(card, [...card.tools, { id: e.id, ...describeCall(e.name, e.input), status: 'running' }]);
    case 'tool_result': {
      const at = card.tools.findIndex((t) => t.id === e.id);
      if (at < 0) return undefined; // an old call no longer listed
      const tools = card.tools.slice();
      tools[at] = { ...tools[at], status: e.isError ? 'error' : 'ok', ...(e.exitCode === undefined ? {} : { exitCode: e.exitCode }), ...(e.meta?.file ? { subject: e.meta.file } : {}) };
      return { tools };
    }
    case 'usage':
      return { tokens: addTokens(card.tokens, tokensOf(e)) };
    case 'error':
      return { error: e.message };
    default:
      return undefined;
  }
}

function listed(card: SpecialistCardItem, tools: SpecialistToolView[]): SpecialistPatch {
  const over = tools.length - LISTED_CALLS;
  return over > 0 ? { tools: tools.slice(over), toolsHidden: (card.toolsHidden ?? 0) + over } : { tools };
}

export function endPatch(card: SpecialistCardItem, e: Event<'specialist_end'>, durationMs: number | undefined): SpecialistPatch {
  return {
    status: e.status,
    summary: e.summary,
    tokens: tokensOf(e.usage),
    tools: card.tools.map((t) => (t.status === 'running' ? { ...t, status: 'error' } : t)),
    ...(e.error ? { error: e.error } : {}),
    ...(durationMs === undefined ? {} : { durationMs }),
  };
}

/**
 * The `delegate` call's result: the report the lead reads. A call whose specialist never started (no such
 * specialist, stopped while waiting for a slot) or never ended ends here, with the result as its reason.
 */
export function resultPatch(card: SpecialistCardItem, e: Event<'tool_result'>): SpecialistPatch {
  if (card.status === 'queued' || card.status === 'running') {
    const stopped = /^Cancelled/.test(e.content);
    return { status: stopped ? 'stopped' : e.isError ? 'failed' : 'done', ...(e.isError ? { error: e.content.slice(0, 1000) } : { report: capOutput(e.content, REPORT_CHARS) }) };
  }
  return { report: capOutput(e.content, REPORT_CHARS) };
}
