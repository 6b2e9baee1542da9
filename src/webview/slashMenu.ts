// The slash command list under the input: shown while the input is `/` plus the start of a name, filtered as one
// types; ArrowUp/ArrowDown move, Enter or Tab complete (Enter on a name already typed in full sends it), Escape
// closes; a click completes. The input (a textbox with list autocompletion) points at the listbox and its active
// option (aria-controls, aria-activedescendant), so a screen reader follows the choice.
import { listKey } from './listKeys';
import type { SlashCommandView } from '../shared/panelState';
import { h, replaceChildren } from './dom';

const QUERY = /^\/([\w:-]*)$/;

export class SlashMenu {
  readonly element = h('ul', { class: 'slash-menu', id: 'slash-menu', role: 'listbox', 'aria-label': 'Commands', 'data-testid': 'slash-menu', hidden: true });
  private commands: SlashCommandView[] = [];
  private matches: SlashCommandView[] = [];
  private active = 0;

  constructor(private readonly input: HTMLTextAreaElement) {
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', 'slash-menu');
    input.addEventListener('input', () => this.update());
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  setCommands(commands: SlashCommandView[]): void {
    this.commands = commands;
    if (this.open || document.activeElement === this.input) this.update(); // `/` typed before the list arrived
  }

  /** Filters by what is typed after `/`: names that start with it first, then names that contain it. */
  update(): void {
    const m = QUERY.exec(this.input.value);
    if (!m) return this.close();
    const q = m[1].toLowerCase();
    const starts = this.commands.filter((c) => c.name.toLowerCase().startsWith(q));
    this.matches = [...starts, ...this.commands.filter((c) => !starts.includes(c) && c.name.toLowerCase().includes(q))];
    if (!this.matches.length) return this.close();
    this.active = Math.min(this.active, this.matches.length - 1);
    this.render();
  }

  /** Handles a key while the list is open; true when the key was for the list (the input must not act on it). */
  handleKey(e: KeyboardEvent): boolean {
    const k = this.open ? listKey(e, this.active, this.matches.length) : undefined;
    if (k === undefined) return false;
    if (k === 'close') this.close();
    else if (k !== 'pick') {
      this.active = k.move;
      this.render();
    } else {
      const c = this.matches[this.active];
      if (e.key === 'Enter' && this.input.value.trim() === `/${c.name}`) {
        this.close();
        return false; // typed in full: the input sends it
      }
      this.complete(c);
    }
    return true;
  }

  close(): void {
    this.element.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private complete(c: SlashCommandView): void {
    this.input.value = `/${c.name} `;
    this.input.dispatchEvent(new Event('input'));
    this.close();
    this.input.focus();
  }

  private render(): void {
    replaceChildren(
      this.element,
      ...this.matches.map((c, i) =>
        h(
          'li',
          {
            id: `slash-option-${i}`,
            role: 'option',
            class: i === this.active ? 'active' : '',
            'aria-selected': String(i === this.active),
            'data-testid': 'slash-option',
            'data-name': c.name,
            onmousedown: (e: Event) => (e.preventDefault(), this.complete(c)),
          },
          h('span', { class: 'slash-name' }, `/${c.name}`),
          c.argumentHint ? h('span', { class: 'slash-hint' }, ` ${c.argumentHint}`) : false,
          h('span', { class: 'slash-desc muted' }, ` ${c.description}`),
          c.custom ? h('span', { class: 'slash-origin muted' }, ' (project)') : false,
        ),
      ),
    );
    this.element.hidden = false;
    this.input.setAttribute('aria-activedescendant', `slash-option-${this.active}`);
    this.element.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}
