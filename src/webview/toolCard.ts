// The compact cards in the chat: a tool call (command or file, exit code, collapsible output), a memory recall
// ("recalled: <note>"), and an inline approval (what will run or change; Allow / Deny / Always). An edit's card
// opens that edit's diff ("Open diff"), and a proposed edit can be changed in the diff editor before it is allowed.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { ApprovalItem, ChatItem, ToolCardItem } from '../shared/panelState';
import { button, h } from './dom';
import { post } from './hostChannel';

const ACTION_GLYPH: Record<ToolCardItem['action'], string> = { command: '$', edit: '✎', view: '◉', search: '⌕', other: '⚙' };
const ACTION_LABEL: Record<ToolCardItem['action'], string> = { command: 'Ran', edit: 'Edited', view: 'Read', search: 'Searched', other: 'Tool' };

/** The shell every chat item shares: stable selectors for tests (`data-testid="chat-item"`, `data-kind`). */
export function itemShell(item: ChatItem, ...children: Array<Node | string | false | undefined>): HTMLElement {
  return h('div', { class: `chat-item ${item.kind}`, 'data-testid': 'chat-item', 'data-kind': item.kind, 'data-item-id': item.id }, ...children);
}

export function toolCard(item: ToolCardItem): HTMLElement {
  const label = item.status === 'running' ? (item.action === 'command' ? 'Running' : ACTION_LABEL[item.action]) : ACTION_LABEL[item.action];
  const status =
    item.status === 'running'
      ? item.startedAt !== undefined
        ? runningClock(item.startedAt)
        : h('span', { class: 'status running', 'aria-label': 'running' }, '…')
      : item.exitCode !== undefined
        ? h('vscode-badge', { class: `status ${item.status}`, variant: 'counter', title: `exit code ${item.exitCode}` }, `exit ${item.exitCode}`)
        : h('span', { class: `status ${item.status}`, 'aria-label': item.status === 'ok' ? 'succeeded' : 'failed' }, item.status === 'ok' ? '✓' : '✗');
  const header = h(
    'div',
    { class: 'card-header' },
    h('span', { class: 'glyph', 'aria-hidden': 'true' }, ACTION_GLYPH[item.action]),
    h('span', { class: 'card-verb' }, label),
    h('code', { class: 'card-subject', title: item.subject }, item.subject),
    status,
    opensDiff(item) && openDiffButton(item.callId ?? ''),
  );
  const output =
    item.output !== undefined &&
    h(
      'vscode-collapsible',
      { class: 'card-output', title: outputTitle(item), 'data-testid': 'tool-output', open: item.action === 'command' && item.status !== 'ok' },
      h('pre', { class: 'output' }, item.output || '(no output)'),
    );
  return itemShell(item, h('div', { class: `card tool-card ${item.status}`, 'data-status': item.status }, header, output));
}

/** Edits by the file editor tool are kept with their content before and after (the memory tool's are notes). */
const opensDiff = (item: ToolCardItem) => item.name === 'str_replace_based_edit_tool' && item.action === 'edit' && item.status === 'ok' && !!item.callId;

/** A small link-style button: the card's subject keeps the room. */
function openDiffButton(callId: string): HTMLElement {
  const title = 'Open diff: this edit in the diff editor, the file before and after it';
  return h('button', { class: 'link-button open-diff', type: 'button', 'data-testid': 'open-edit-diff', title, 'aria-label': 'Open diff', onclick: () => post({ type: 'openEditDiff', callId }) }, 'diff');
}

/** "running… Ns" on a running command, counted once a second while it is in the page. */
function runningClock(startedAt: number): HTMLElement {
  const el = h('span', { class: 'status elapsed', 'data-testid': 'tool-elapsed', 'data-started-at': String(startedAt) }, elapsedText(startedAt));
  startTicking();
  return el;
}

const elapsedText = (startedAt: number) => `running… ${Math.max(0, Math.floor((Date.now() - startedAt) / 1000))}s`;
let ticker: ReturnType<typeof setInterval> | undefined;

function startTicking(): void {
  ticker ??= setInterval(() => {
    const clocks = document.querySelectorAll<HTMLElement>('[data-testid="tool-elapsed"]');
    for (const el of clocks) el.textContent = elapsedText(Number(el.dataset.startedAt));
    if (!clocks.length) {
      clearInterval(ticker);
      ticker = undefined;
    }
  }, 1000);
}

function outputTitle(item: ToolCardItem): string {
  if (item.status === 'running') return 'Output so far';
  const lines = item.output ? item.output.split('\n').length : 0;
  const time = item.durationMs !== undefined ? ` · ${item.durationMs < 1000 ? `${item.durationMs} ms` : `${(item.durationMs / 1000).toFixed(1)} s`}` : '';
  return `Output (${lines} line${lines === 1 ? '' : 's'})${time}`;
}

export function recallCard(item: Extract<ChatItem, { kind: 'recall' }>): HTMLElement {
  const why = item.reason === 'tool-failure' ? 'after the failure' : 'from memory';
  return itemShell(
    item,
    h(
      'div',
      { class: 'recall-line' },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, '✦'),
      ...item.notes.flatMap((n, i) => [
        i > 0 ? ', ' : 'recalled: ',
        h('a', { href: '#', class: 'note-link', role: 'button', title: `Open note ${n.id}`, onclick: (e: Event) => (e.preventDefault(), post({ type: 'openNote', id: n.id })) }, n.title),
      ]),
      h('span', { class: 'muted' }, ` (${why})`),
    ),
  );
}

export function approvalCard(item: ApprovalItem): HTMLElement {
  const req = item.request;
  // A specialist's request says who asks; the lead's is a plain question.
  const who = item.agent ? `${item.agent} specialist wants to ` : '';
  const question = req.kind === 'command' ? (who ? `${who}run:` : 'Run this command?') : who ? `${who}edit ${req.file}:` : `Apply this edit to ${req.file}?`;
  const body =
    req.kind === 'command'
      ? h('pre', { class: 'command', 'data-testid': 'approval-command' }, req.command)
      : h(
          'div',
          {},
          h('p', { class: 'muted', 'data-testid': 'approval-edit-hint' }, 'The proposed change is open in the diff editor. You can change the proposed side (right) and save it: Allow applies what you saved (unsaved changes are asked about).'),
          diffView(req.diff),
        );
  const decide = (decision: 'allow' | 'deny' | 'always') => post({ type: 'approve', requestId: item.requestId, decision });
  const actions =
    item.status === 'pending'
      ? h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': 'Approval' },
          button('Allow', () => decide('allow'), { testid: 'approve-allow', primary: true, title: req.kind === 'command' ? 'Allow this command to run' : 'Apply this edit' }),
          button('Deny', () => decide('deny'), { testid: 'approve-deny', title: 'Deny: the agent is told and continues' }),
          item.canAlways && button('Always allow this command', () => decide('always'), { testid: 'approve-always', title: 'Allow this exact command in this workspace from now on' }),
        )
      : h('div', { class: `verdict ${item.status}`, role: 'status' }, item.status === 'allowed' ? '✓ Allowed' : `✗ Denied${item.reason ? `: ${item.reason}` : ''}`);
  return itemShell(item, h('div', { class: `card approval-card ${item.status}`, 'data-status': item.status, 'data-agent': item.agent ?? '' }, h('div', { class: 'card-title', 'data-testid': 'approval-question' }, question), body, actions));
}

/** A unified diff with added and removed lines marked (text only). */
function diffView(diff: string): HTMLElement {
  const pre = h('pre', { class: 'diff', 'data-testid': 'approval-diff' });
  for (const line of diff.split('\n')) {
    const cls = line.startsWith('+++') || line.startsWith('---') ? 'meta' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    pre.append(h('span', { class: `line ${cls}` }, `${line}\n`));
  }
  return pre;
}
