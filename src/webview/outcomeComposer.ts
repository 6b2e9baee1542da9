// Attaching an outcome to the next request, above the input: a chip for the outcome the host holds (edit,
// remove), and a small form (the result to produce, a team rubric or typed criteria, the iteration limit). The
// host checks what the form sends and answers a refusal with `outcomeProblem`; the form keeps what was typed.
import { OUTCOME_DESCRIPTION_MAX, type PanelState, type PendingOutcome, type RubricSummary } from '../shared/panelState';
import type { OutcomeInput } from '../shared/protocol';
import { button, h, replaceChildren } from './dom';
import { post } from './hostChannel';

const TYPED = '';
const DEFAULT_ITERATIONS = 3;
const RUBRIC_MAX = 20_000;

export class OutcomeComposer {
  /** The chip and the form, placed above the input. */
  readonly element: HTMLElement;
  /** The "Outcome…" button, placed with the composer's actions. */
  readonly toggle: HTMLElement;
  private readonly chip = h('div', { class: 'outcome-chip', role: 'group', 'aria-label': 'Outcome attached to the next request', 'data-testid': 'outcome-chip', hidden: true });
  private readonly form: HTMLElement;
  private readonly description: HTMLTextAreaElement;
  private readonly rubric: HTMLSelectElement;
  private readonly criteria: HTMLTextAreaElement;
  private readonly iterations: HTMLInputElement;
  private readonly problem = h('div', { class: 'form-problem', role: 'alert', 'data-testid': 'outcome-problem', hidden: true });
  private rubrics: RubricSummary[] = [];
  private pending: PendingOutcome | undefined;
  /** A refused outcome is being corrected: opening the form keeps what was typed. */
  private keepValues = false;
  /** The form's outcome was sent to the host: the form closes once the host holds it. */
  private attaching = false;

  constructor() {
    this.description = h('textarea', { class: 'field', rows: 2, maxlength: OUTCOME_DESCRIPTION_MAX, 'data-testid': 'outcome-description-input', placeholder: 'e.g. A CONTRIBUTING.md that explains how to build and test' });
    this.rubric = h('select', { class: 'field', 'data-testid': 'outcome-rubric', onchange: () => this.rubricChosen() });
    this.criteria = h('textarea', { class: 'field', rows: 4, maxlength: RUBRIC_MAX, 'data-testid': 'outcome-criteria', placeholder: '- The tests pass\n- run: npm test' });
    this.iterations = h('input', { class: 'field narrow', type: 'number', min: 1, max: 20, step: 1, value: DEFAULT_ITERATIONS, 'data-testid': 'outcome-max-iterations' });
    const field = (label: string, control: HTMLElement, hint?: string) => h('label', { class: 'form-field' }, h('span', { class: 'form-label' }, label), control, hint && h('span', { class: 'muted form-hint' }, hint));
    this.form = h(
      'form',
      { class: 'outcome-form', id: 'outcome-form', 'aria-label': 'Attach an outcome to the next request', 'data-testid': 'outcome-form', hidden: true, onsubmit: (e: Event) => (e.preventDefault(), this.attach()) },
      h('div', { class: 'card-title' }, 'Outcome for the next request'),
      field('Result to produce', this.description),
      field('Rubric', this.rubric),
      field('Criteria', this.criteria, 'One per line or as a list; "run: <command>" is met when the command exits 0.'),
      field('Max iterations', this.iterations),
      this.problem,
      h(
        'div',
        { class: 'actions' },
        button('Attach', () => this.attach(), { testid: 'outcome-attach', primary: true, title: 'Attach this outcome to the next request' }),
        button('Cancel', () => this.close(), { testid: 'outcome-cancel', title: 'Close without changing the outcome' }),
      ),
    );
    this.toggle = button('Outcome…', () => (this.form.hidden ? this.open() : this.close()), { testid: 'outcome-button', title: 'Attach an outcome: the work is graded against a rubric and sent back until it passes' });
    this.toggle.setAttribute('aria-controls', 'outcome-form');
    this.toggle.setAttribute('aria-expanded', 'false');
    this.element = h('div', { class: 'outcome-composer' }, this.chip, this.form);
    this.form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
  }

  render(state: PanelState): void {
    this.pending = state.pendingOutcome;
    this.renderChip();
    const rubrics = state.rubrics ?? [];
    if (JSON.stringify(rubrics) !== JSON.stringify(this.rubrics)) {
      this.rubrics = rubrics;
      this.renderRubricOptions();
    }
  }

  /** What the next `send` carries: the form's outcome while it is open (sending attaches it), else the chip's. */
  takeForSend(): OutcomeInput | undefined {
    if (!this.form.hidden) {
      const value = this.formValue();
      this.close();
      return value;
    }
    if (!this.pending) return undefined;
    const p = this.pending;
    return { description: p.description, rubric: p.rubric, maxIterations: p.maxIterations, ...(p.rubricName ? { rubricName: p.rubricName } : {}) };
  }

  /** The host refused the outcome: the form shows why, with what was typed. */
  showProblem(message: string): void {
    this.keepValues = true;
    this.attaching = false;
    if (this.form.hidden) this.open();
    this.problem.textContent = message;
    this.problem.hidden = false;
  }

  private renderChip(): void {
    const p = this.pending;
    this.chip.hidden = !p;
    if (!p) return replaceChildren(this.chip);
    if (this.attaching) this.close(); // the form's outcome is attached: the form is done
    this.attaching = false;
    const n = p.criteria.length;
    replaceChildren(
      this.chip,
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, '◎'),
      h(
        'div',
        { class: 'chip-main', title: p.criteria.join('\n') },
        h('div', { class: 'chip-text' }, h('strong', {}, 'Outcome: '), p.description),
        h('div', { class: 'muted chip-meta' }, `${n} criteri${n === 1 ? 'on' : 'a'}${p.rubricName ? ` from ${p.rubricName}` : ''} · up to ${p.maxIterations} iteration${p.maxIterations === 1 ? '' : 's'}`),
      ),
      h('button', { class: 'chip-button', type: 'button', 'data-testid': 'outcome-edit', title: 'Edit the outcome', 'aria-label': 'Edit the outcome', onclick: () => this.open() }, '✎'),
      h('button', { class: 'chip-button', type: 'button', 'data-testid': 'outcome-remove', title: 'Remove the outcome', 'aria-label': 'Remove the outcome', onclick: () => post({ type: 'setOutcome', outcome: null }) }, '×'),
    );
  }

  private renderRubricOptions(): void {
    const selected = this.rubric.value;
    replaceChildren(
      this.rubric,
      ...this.rubrics.map((r) => h('option', { value: r.name }, r.name)),
      h('option', { value: TYPED }, 'Type criteria…'),
    );
    this.rubric.value = this.rubrics.some((r) => r.name === selected) ? selected : (this.rubrics[0]?.name ?? TYPED);
  }

  private open(): void {
    if (!this.keepValues) this.fill();
    this.keepValues = false;
    this.form.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.description.focus();
  }

  private close(): void {
    this.form.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
    this.problem.hidden = true;
    this.keepValues = false;
  }

  /** The form from the attached outcome, or fresh: the first rubric (default.md comes first), 3 iterations. */
  private fill(): void {
    const p = this.pending;
    this.problem.hidden = true;
    this.description.value = p?.description ?? '';
    this.iterations.value = String(p?.maxIterations ?? DEFAULT_ITERATIONS);
    const named = p ? this.rubrics.find((r) => r.name === p.rubricName && r.text === p.rubric) : this.rubrics[0];
    this.rubric.value = named?.name ?? TYPED;
    this.criteria.value = named?.text ?? p?.rubric ?? '';
  }

  private rubricChosen(): void {
    const r = this.rubrics.find((x) => x.name === this.rubric.value);
    if (r) this.criteria.value = r.text;
    else if (this.rubrics.some((x) => x.text === this.criteria.value)) this.criteria.value = '';
  }

  private formValue(): OutcomeInput {
    const r = this.rubrics.find((x) => x.name === this.rubric.value);
    const n = Number(this.iterations.value);
    return {
      description: this.description.value,
      rubric: this.criteria.value,
      ...(this.iterations.value.trim() && Number.isFinite(n) ? { maxIterations: n } : {}),
      // The rubric's name only while its text is unchanged: edited criteria are the user's own.
      ...(r && r.text === this.criteria.value ? { rubricName: r.name } : {}),
    };
  }

  private attach(): void {
    this.problem.hidden = true;
    this.keepValues = false;
    this.attaching = true;
    post({ type: 'setOutcome', outcome: this.formValue() });
  }
}
