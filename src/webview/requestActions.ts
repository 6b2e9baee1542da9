// What the user can do about a request: the line after one that edited files (which files, and "Undo these edits"
// while they can be put back: the newest request's; "Restore to here" on an older one: it and every later request;
// once undone, what was restored), "Approve plan" after a
// plan-mode request, and the approval mode switch above the input (Ask every time, Accept edits, Plan).
import type { ApprovalModeView, EditsItem, PlanItem } from '../shared/panelState';
import { button, h } from './dom';
import { post } from './hostChannel';
import { itemShell } from './toolCard';

export function editsLine(item: EditsItem): HTMLElement {
  const n = item.files.length;
  const body =
    item.state === 'undone'
      ? [h('span', { class: 'glyph', 'aria-hidden': 'true' }, '↶ '), `Undone: put back ${(item.restored ?? item.files).join(', ') || 'nothing'}.`]
      : [
          h('span', { class: 'glyph', 'aria-hidden': 'true' }, '✎ '),
          `Edited ${n} file${n === 1 ? '' : 's'}: ${item.files.join(', ')}`,
          item.state === 'undoable' &&
            button('Undo these edits', () => post({ type: 'undoEdits', itemId: item.id }), { testid: 'undo-edits', title: 'Put back the files as they were before this request' }),
          item.state === 'superseded' &&
            button('Restore to here', () => post({ type: 'restoreEdits', itemId: item.id }), { testid: 'restore-edits', title: 'Put back every file Lucid edited in this request and the later ones as it was before this request' }),
        ];
  return itemShell(item, h('div', { class: `session-line edits ${item.state}`, 'data-testid': 'edits-line', 'data-state': item.state, role: 'note' }, ...body));
}

export function planLine(item: PlanItem): HTMLElement {
  const body =
    item.state === 'pending'
      ? [
          h('span', {}, 'Plan mode: nothing was changed. Approve the plan to let Lucid carry it out.'),
          button('Approve plan', () => post({ type: 'approvePlan', itemId: item.id }), { testid: 'approve-plan', primary: true, title: 'Turn plan mode off and tell Lucid to go ahead with the plan' }),
        ]
      : [item.state === 'approved' ? '✓ Plan approved: plan mode is off.' : 'Plan not approved.'];
  return itemShell(item, h('div', { class: `session-line plan ${item.state}`, 'data-testid': 'plan-line', 'data-state': item.state, role: 'note' }, ...body));
}

const MODES: Array<{ mode: ApprovalModeView; label: string; title: string }> = [
  { mode: 'ask', label: 'Ask every time', title: 'Edits and commands are approved as the Lucid approval settings say' },
  { mode: 'acceptEdits', label: 'Accept edits', title: 'File edits are applied without asking in this session; commands as the settings say' },
  { mode: 'plan', label: 'Plan', title: 'Nothing is changed: Lucid investigates and answers with a plan to approve' },
];

/** The approval mode switch: a select, set by the host's state and sent on change. */
export function modeSwitch(): { element: HTMLElement; render(mode: ApprovalModeView): void } {
  const select = h(
    'select',
    { class: 'mode-switch', 'data-testid': 'approval-mode', 'aria-label': 'Approval mode', title: 'How requests are approved' },
    ...MODES.map((m) => h('option', { value: m.mode, title: m.title }, m.label)),
  );
  select.addEventListener('change', () => post({ type: 'setApprovalMode', mode: select.value as ApprovalModeView }));
  return { element: select, render: (mode) => void (select.value = mode) };
}
