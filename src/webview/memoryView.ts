// The memory tab: what the digest costs against its budget, pending dream proposals (accept or reject), the notes
// by kind with their evidence and status (open one in the editor), and the last dream's report.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { MemoryViewData, NoteSummary, ProposalSummary } from '../shared/panelState';
import { button, h, replaceChildren, shortDate } from './dom';
import { post } from './hostChannel';
import { renderMarkdown } from './markdown';

const KIND_TITLES: Record<string, string> = {
  'build-error': 'Build errors',
  workaround: 'Workarounds',
  pitfall: 'Pitfalls',
  command: 'Commands',
  convention: 'Conventions',
  fact: 'Facts',
};

export class MemoryView {
  readonly element = h('div', { class: 'memory-pane' });

  render(m: MemoryViewData, workspace: string | null): void {
    replaceChildren(
      this.element,
      this.summary(m),
      ...m.problems.map((p) => h('div', { class: 'notice warning', role: 'alert' }, p)),
      ...m.proposals.map(proposalCard),
      ...this.notes(m.notes, workspace),
      m.instructions ? instructionsSection(m.instructions) : false,
      this.report(m.lastReport),
    );
  }

  private summary(m: MemoryViewData): HTMLElement {
    const ratio = m.budget > 0 ? Math.min(1, m.digestTokens / m.budget) : 0;
    const fill = h('div', { class: `meter-fill${m.digestTokens > m.budget ? ' over' : ''}` });
    fill.style.width = `${Math.round(ratio * 100)}%`; // CSSOM, not a style attribute: allowed by the CSP
    const active = m.notes.filter((n) => n.status === 'active').length;
    return h(
      'div',
      { class: 'memory-summary' },
      h(
        'div',
        { class: 'digest-line' },
        h('span', {}, 'Digest: '),
        h('strong', { 'data-testid': 'digest-tokens', 'data-tokens': m.digestTokens }, `~${m.digestTokens.toLocaleString()}`),
        h('span', { class: 'muted' }, ` / ${m.budget.toLocaleString()} tokens loaded every session · ${active} active of ${m.notes.length} note${m.notes.length === 1 ? '' : 's'}`),
      ),
      h('div', { class: 'meter', role: 'meter', 'aria-label': 'Digest tokens against the budget', 'aria-valuemin': 0, 'aria-valuemax': m.budget, 'aria-valuenow': m.digestTokens }, fill),
      h(
        'div',
        { class: 'toolbar' },
        button('Dream Now', () => post({ type: 'dreamNow' }), { testid: 'dream-now', title: 'Refine the memory from recent sessions now (works without an API key)' }),
        m.lastReport ? button('Open Report', () => post({ type: 'openReport' }), { testid: 'open-report', title: "Open the last dream's report in the editor" }) : false,
      ),
    );
  }

  private notes(notes: NoteSummary[], workspace: string | null): HTMLElement[] {
    if (!notes.length) {
      return [h('p', { class: 'muted empty' }, workspace ? 'No notes yet. Lucid writes notes as it works, and dreaming distils them from past sessions.' : 'Open a folder to see its memory.')];
    }
    const byKind = new Map<string, NoteSummary[]>();
    for (const n of notes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
    return [...byKind].map(([kind, list]) =>
      h(
        'section',
        { class: 'kind-group', 'aria-label': KIND_TITLES[kind] ?? kind },
        h('h3', { class: 'section-title' }, KIND_TITLES[kind] ?? kind, ' ', h('vscode-badge', { variant: 'counter' }, list.length)),
        h('ul', { class: 'note-list' }, ...list.map(noteRow)),
      ),
    );
  }

  private report(markdown: string | undefined): HTMLElement {
    if (!markdown) return h('p', { class: 'muted', 'data-testid': 'dream-report', 'data-empty': 'true' }, 'No dream yet.');
    const body = h('div', { class: 'markdown report' });
    body.append(renderMarkdown(markdown));
    return h('vscode-collapsible', { title: 'Last dream', 'data-testid': 'dream-report', open: true }, body);
  }
}

/** The project's instruction files the agent reads, their size, and what the cap cut. */
function instructionsSection(i: NonNullable<MemoryViewData['instructions']>): HTMLElement {
  const size = (chars: number) => `${chars.toLocaleString()} characters`;
  return h(
    'section',
    { class: 'instructions', 'aria-label': 'Project instructions', 'data-testid': 'instruction-files' },
    h('h3', { class: 'section-title' }, 'Project instructions'),
    i.files.length
      ? h(
          'ul',
          { class: 'note-list' },
          ...i.files.map((f) =>
            h(
              'li',
              { 'data-testid': 'instruction-file', 'data-file': f.file, 'data-cut': f.cut },
              h('code', {}, f.file),
              h('span', { class: 'muted' }, ` · ${size(f.chars)}`),
              f.cut ? h('span', { class: 'warning-text' }, ` · ${f.cut === f.chars ? 'left out' : `${size(f.cut)} cut`}: the instructions are capped at ${size(i.maxChars)}`) : h('span', { class: 'muted' }, ' · read whole'),
            ),
          ),
        )
      : h('p', { class: 'muted', 'data-testid': 'instruction-file-none' }, 'No CLAUDE.md, .claude/CLAUDE.md or AGENTS.md: the agent reads none.'),
  );
}

function noteRow(n: NoteSummary): HTMLElement {
  const evidence = [
    `seen in ${n.evidence.sessions} session${n.evidence.sessions === 1 ? '' : 's'}`,
    n.evidence.lastSeen ? `last ${n.evidence.lastSeen}` : '',
    n.recalled ? `recalled ${n.recalled}×` : '',
    n.provenance,
  ].filter(Boolean);
  return h(
    'li',
    { class: `note ${n.status}`, 'data-testid': 'memory-note', 'data-note-id': n.id, 'data-status': n.status },
    h(
      'div',
      { class: 'note-head' },
      h('a', { href: '#', role: 'button', class: 'note-title', title: `Open ${n.id}`, onclick: (e: Event) => (e.preventDefault(), post({ type: 'openNote', id: n.id })) }, n.title),
      n.status !== 'active' ? h('vscode-badge', { class: `note-status ${n.status}`, title: n.reason ?? n.status }, n.status) : false,
      n.inDigest ? h('span', { class: 'in-digest', title: 'In the digest loaded every session' }, '●') : false,
    ),
    h('div', { class: 'note-meta muted' }, evidence.join(' · ')),
    n.status === 'unverified'
      ? h('div', { class: 'actions' }, h('span', { class: 'muted' }, 'Written by the agent: not in the digest or recall until a dream finds evidence or you accept it. '),
          button('Accept', () => post({ type: 'acceptNote', id: n.id }), { testid: 'note-accept' }))
      : false,
    ...n.evidence.examples.map((ex) => h('blockquote', { class: 'evidence' }, ex)),
  );
}

function proposalCard(p: ProposalSummary): HTMLElement {
  const boxes = p.changes.map((c) => {
    const box = h('input', { type: 'checkbox', checked: true, id: `p-${p.file}-${c.id}`, 'data-note-id': c.id });
    return { id: c.id, box, row: h('li', {}, box, h('label', { for: `p-${p.file}-${c.id}` }, h('strong', {}, `${c.op}: `), c.title), c.reason ? h('div', { class: 'muted' }, c.reason) : false) };
  });
  const accept = () => post({ type: 'decideProposal', file: p.file, accept: boxes.filter((b) => (b.box as HTMLInputElement).checked).map((b) => b.id) });
  return h(
    'div',
    { class: 'card proposal', 'data-testid': 'dream-proposal' },
    h('div', { class: 'card-title' }, `Dream proposal of ${shortDate(p.createdAt)}: ${p.changes.length} change${p.changes.length === 1 ? '' : 's'} to review`),
    h('ul', { class: 'proposal-changes' }, ...boxes.map((b) => b.row)),
    h(
      'div',
      { class: 'actions' },
      button('Accept Selected', accept, { testid: 'proposal-accept', primary: true }),
      button('Reject All', () => post({ type: 'decideProposal', file: p.file, accept: [] }), { testid: 'proposal-reject' }),
    ),
  );
}
