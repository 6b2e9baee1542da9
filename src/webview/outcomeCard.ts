// The outcome card (what the request must produce, the iteration, each criterion met or not with the grader's
// explanation and the check's exit code, the final result), and the line that marks work sent back for revision.
// Every state is said in text as well as colour: ✓ met, ✗ not met, ○ not graded yet, and the result in words.
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { ChatItem, OutcomeCardItem, OutcomeCriterionView } from '../shared/panelState';
import { h } from './dom';
import { itemShell } from './toolCard';

const RESULT_TEXT: Record<NonNullable<OutcomeCardItem['result']>, { glyph: string; text: string }> = {
  satisfied: { glyph: '✓', text: 'Satisfied' },
  max_iterations_reached: { glyph: '✗', text: 'Max iterations reached' },
  failed: { glyph: '✗', text: 'Failed' },
  interrupted: { glyph: '■', text: 'Interrupted' },
};
const GRADE_TEXT = { satisfied: 'satisfied', needs_revision: 'needs revision', failed: 'failed' } as const;

export function outcomeCard(item: OutcomeCardItem): HTMLElement {
  const iteration = `Iteration ${item.iteration} of ${item.maxIterations}`;
  const card = h(
    'section',
    {
      class: `card outcome-card ${item.phase} ${item.result ?? ''}`,
      'data-testid': 'outcome-card',
      'data-phase': item.phase,
      'data-result': item.result ?? '',
      'aria-label': `Outcome: ${item.description}`,
    },
    h(
      'div',
      { class: 'card-header' },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, '◎'),
      h('span', { class: 'card-verb outcome-title' }, 'Outcome'),
      status(item),
    ),
    h('div', { class: 'outcome-description', 'data-testid': 'outcome-description' }, item.description),
    h(
      'div',
      { class: 'muted outcome-meta' },
      h('span', { class: 'outcome-iteration', 'data-testid': 'outcome-iteration' }, iteration),
      ` · rubric: ${item.rubricName ?? 'typed criteria'}`,
    ),
    h('ul', { class: 'outcome-criteria', 'aria-label': 'Criteria' }, ...item.criteria.map(criterion)),
    item.explanation && h('div', { class: 'outcome-explanation', 'data-testid': 'outcome-explanation' }, h('span', { class: 'muted' }, item.phase === 'done' ? 'Result: ' : 'Grader: '), item.explanation),
    item.grades.length > 0 &&
      h(
        'div',
        { class: 'muted outcome-grades', 'data-testid': 'outcome-grades' },
        'Grades: ',
        item.grades.map((g) => `iteration ${g.iteration}: ${GRADE_TEXT[g.result]} (${g.met} of ${g.total} met)`).join(' · '),
      ),
  );
  return itemShell(item, card);
}

function status(item: OutcomeCardItem): HTMLElement {
  const attrs = (cls: string) => ({ class: `outcome-status ${cls}`, role: 'status', 'data-testid': 'outcome-status' });
  if (item.phase === 'working') return h('span', attrs('running'), h('span', { class: 'pulse', 'aria-hidden': 'true' }, '● '), 'working…');
  if (item.phase === 'grading') return h('span', attrs('running'), h('span', { class: 'pulse', 'aria-hidden': 'true' }, '● '), 'grading…');
  const r = RESULT_TEXT[item.result ?? 'interrupted'];
  return h('span', attrs(`result ${item.result ?? 'interrupted'}`), h('span', { 'aria-hidden': 'true' }, `${r.glyph} `), r.text);
}

function criterion(c: OutcomeCriterionView): HTMLElement {
  const state = c.met === undefined ? 'pending' : c.met ? 'met' : 'unmet';
  const mark = { pending: '○', met: '✓', unmet: '✗' }[state];
  const said = { pending: 'Not graded yet', met: 'Met', unmet: 'Not met' }[state];
  // A `run:` criterion is its command and how the command ended; any other, its text.
  const what = c.run
    ? h('div', { class: 'criterion-check', 'data-testid': 'outcome-check' }, h('span', { class: 'sr-only' }, `${said}: `), h('span', { class: 'muted' }, 'run'), h('code', { title: c.run }, c.run), checkStatus(c.check))
    : h('div', { class: 'criterion-text' }, h('span', { class: 'sr-only' }, `${said}: `), c.text);
  return h(
    'li',
    { class: `criterion ${state}`, 'data-testid': 'outcome-criterion', 'data-met': String(c.met ?? 'pending') },
    h('span', { class: 'criterion-mark', 'aria-hidden': 'true' }, mark),
    h('div', { class: 'criterion-body' }, what, c.explanation && h('div', { class: 'criterion-why muted' }, c.explanation)),
  );
}

function checkStatus(check: OutcomeCriterionView['check']): HTMLElement | false {
  if (!check) return false;
  if (check.exitCode === undefined) return h('span', { class: 'status error', title: 'the check did not run' }, 'did not run');
  return h('span', { class: `status ${check.exitCode === 0 ? 'ok' : 'error'}`, title: `exit code ${check.exitCode}` }, `exit ${check.exitCode}`);
}

/** The grader sent the work back: a line in the conversation, its message collapsible. */
export function revisionLine(item: Extract<ChatItem, { kind: 'revision' }>): HTMLElement {
  return itemShell(
    item,
    h(
      'div',
      { class: 'revision-line' },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, '↻'),
      h('span', {}, `Sent back for revision: iteration ${item.iteration} of ${item.maxIterations}`),
    ),
    h('vscode-collapsible', { class: 'card-output', title: 'What the grader told the agent' }, h('pre', { class: 'output' }, item.text)),
  );
}
