// A specialist's card inside the lead's turn (where its `delegate` call is), updated live: its name and task, its
// status (waiting, running, done, failed with the error, stopped), its tool calls as a compact collapsible list,
// the summary (commands run and failed, files changed), its tokens and the report the lead got back. And the
// request's token line (the lead and each specialist). Every state is said in text as well as colour.
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { ChatItem, SpecialistCardItem, SpecialistToolView, TokenCount, TurnUsageItem } from '../shared/panelState';
import { h } from './dom';
import { renderMarkdown } from './markdown';
import { itemShell } from './toolCard';

const STATUS: Record<SpecialistCardItem['status'], { glyph: string; text: string }> = {
  queued: { glyph: '○', text: 'waiting for a slot…' },
  running: { glyph: '', text: 'running…' },
  done: { glyph: '✓', text: 'done' },
  failed: { glyph: '✗', text: 'failed' },
  stopped: { glyph: '■', text: 'stopped' },
};
const ACTION_GLYPH: Record<SpecialistToolView['action'], string> = { command: '$', edit: '✎', view: '◉', search: '⌕', other: '⚙' };
const ACTION_LABEL: Record<SpecialistToolView['action'], string> = { command: 'Command', edit: 'Edit', view: 'Read', search: 'Search', other: 'Tool' };
/** A task longer than this (or of several lines) is cut, with a button to show it whole. */
const SHORT_TASK = 100;

/** What the user opened on a card, kept across its re-renders (by its delegate call: unique across sessions). */
const opened = new Map<string, boolean>();
const fullTask = new Set<string>();

export function specialistCard(item: SpecialistCardItem): HTMLElement {
  const s = STATUS[item.status];
  const finished = item.status !== 'queued' && item.status !== 'running';
  const card = h(
    'section',
    {
      class: `card specialist-card ${item.status}`,
      'data-testid': 'specialist-card',
      'data-agent': item.agent,
      'data-status': item.status,
      'aria-label': `${item.agent} specialist, ${s.text.replace('…', '')}`,
    },
    h(
      'div',
      { class: 'card-header' },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, '⇢'),
      h('span', { class: 'specialist-name', 'data-testid': 'specialist-name' }, item.agent),
      h('span', { class: 'card-verb specialist-role' }, 'specialist'),
      h(
        'span',
        { class: `specialist-status ${item.status}`, role: 'status', 'data-testid': 'specialist-status' },
        item.status === 'running' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : h('span', { 'aria-hidden': 'true' }, `${s.glyph} `),
        s.text,
        finished && item.durationMs !== undefined ? h('span', { class: 'muted' }, ` · ${seconds(item.durationMs)}`) : false,
      ),
    ),
    task(item),
    tools(item, finished),
    item.error && h('div', { class: 'error-line specialist-error', 'data-testid': 'specialist-error' }, h('span', { 'aria-hidden': 'true' }, '✗ '), item.error),
    item.summary && h('div', { class: 'specialist-summary', 'data-testid': 'specialist-summary' }, summaryText(item.summary)),
    (item.tokens.inputTokens > 0 || item.tokens.outputTokens > 0) && h('div', { class: 'muted specialist-tokens', 'data-testid': 'specialist-tokens' }, `Tokens: ${tokenText(item.tokens)}`),
    item.report !== undefined &&
      collapsible(`${item.callId}:report`, 'Report to the lead', false, h('div', { class: 'markdown specialist-report', 'data-testid': 'specialist-report' }, renderMarkdown(item.report || '(empty)'))),
  );
  return itemShell(item, card);
}

function task(item: SpecialistCardItem): HTMLElement {
  const long = item.task.length > SHORT_TASK || item.task.includes('\n');
  const whole = !long || fullTask.has(item.callId);
  const shown = whole ? item.task : `${item.task.split('\n')[0].slice(0, SHORT_TASK).trimEnd()}…`;
  const toggle = (e: Event) => {
    if (fullTask.has(item.callId)) fullTask.delete(item.callId);
    else fullTask.add(item.callId);
    const el = (e.currentTarget as HTMLElement).closest('.specialist-task');
    el?.replaceWith(task(item));
  };
  return h(
    'div',
    { class: `specialist-task${whole ? ' whole' : ''}`, 'data-testid': 'specialist-task' },
    h('span', { class: 'muted' }, 'Task: '),
    shown,
    long && h('button', { class: 'link-button', type: 'button', 'aria-expanded': String(whole), onclick: toggle }, whole ? 'show less' : 'show all'),
  );
}

function tools(item: SpecialistCardItem, finished: boolean): HTMLElement | false {
  if (!item.tools.length) return false;
  const running = item.tools.filter((t) => t.status === 'running').length;
  const failed = item.tools.filter((t) => t.status === 'error').length;
  const count = item.tools.length + (item.toolsHidden ?? 0);
  const title = `${count} tool call${count === 1 ? '' : 's'}${running ? `, ${running} running` : ''}${failed ? `, ${failed} failed` : ''}`;
  const list = h(
    'ul',
    { class: 'specialist-tools', 'aria-label': `Tool calls of the ${item.agent} specialist` },
    item.toolsHidden ? h('li', { class: 'muted' }, `${item.toolsHidden} earlier call${item.toolsHidden === 1 ? '' : 's'} not shown`) : false,
    ...item.tools.map(toolLine),
  );
  return collapsible(`${item.callId}:tools`, title, !finished, list);
}

function toolLine(t: SpecialistToolView): HTMLElement {
  const status =
    t.status === 'running'
      ? h('span', { class: 'status running' }, '…', h('span', { class: 'sr-only' }, ' running'))
      : t.exitCode !== undefined
        ? h('span', { class: `status ${t.status}`, title: `exit code ${t.exitCode}` }, `exit ${t.exitCode}`)
        : h('span', { class: `status ${t.status}` }, t.status === 'ok' ? '✓' : '✗', h('span', { class: 'sr-only' }, t.status === 'ok' ? ' succeeded' : ' failed'));
  return h(
    'li',
    { class: `specialist-tool ${t.status}`, 'data-testid': 'specialist-tool', 'data-status': t.status },
    h('span', { class: 'glyph', 'aria-hidden': 'true' }, ACTION_GLYPH[t.action]),
    h('span', { class: 'sr-only' }, `${ACTION_LABEL[t.action]}: `),
    h('code', { class: 'card-subject', title: t.subject }, t.subject),
    status,
  );
}

/** A collapsible whose open state survives the card's re-renders; `open` until the user says otherwise. */
function collapsible(key: string, title: string, open: boolean, body: HTMLElement): HTMLElement {
  const el = h('vscode-collapsible', { class: 'card-output', title, open: opened.get(key) ?? open }, body);
  el.addEventListener('vsc-collapsible-toggle', (e) => opened.set(key, !!(e as CustomEvent<{ open: boolean }>).detail?.open));
  return el;
}

function summaryText(s: NonNullable<SpecialistCardItem['summary']>): string {
  const cmds = `${s.commandsRun} command${s.commandsRun === 1 ? '' : 's'} run${s.commandsFailed.length ? `, ${s.commandsFailed.length} failed (${s.commandsFailed.slice(0, 3).join(', ')})` : ''}`;
  const files = s.filesChanged.length ? `${s.filesChanged.length} file${s.filesChanged.length === 1 ? '' : 's'} changed (${s.filesChanged.slice(0, 5).join(', ')}${s.filesChanged.length > 5 ? ', …' : ''})` : 'no file changed';
  return `${cmds} · ${files}`;
}

/** `12.3k in · 456 out` */
export function tokenText(t: TokenCount): string {
  return `${compactNumber(t.inputTokens)} in · ${compactNumber(t.outputTokens)} out`;
}

export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** `$0.0123`, `$1.23` (as the core's formatCost). */
export const formatDollars = (d: number) => `$${d < 0.01 ? d.toFixed(4) : d.toFixed(2)}`;

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The request's tokens: the total (with cache reads and the cost when known), then the lead's and each specialist's. */
export function turnUsageLine(item: TurnUsageItem): HTMLElement {
  const parts = [`lead ${tokenText(item.lead)}`, ...item.specialists.map((s) => `${s.agent} ${tokenText(s)}`)];
  const extra = [item.cacheReadTokens ? `${compactNumber(item.cacheReadTokens)} from cache` : '', item.cost === undefined ? '' : formatDollars(item.cost)].filter(Boolean);
  return itemShell(
    item as ChatItem,
    h(
      'div',
      { class: 'usage-line', 'data-testid': 'turn-usage' },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, 'Σ'),
      h('span', {}, `Tokens for this request: ${tokenText(item.total)}${extra.length ? ` · ${extra.join(' · ')}` : ''}`),
      item.specialists.length ? h('span', { class: 'muted' }, ` (${parts.join('; ')})`) : false,
    ),
  );
}
