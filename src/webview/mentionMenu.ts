// The `@` list under the input: typing `@` and the start of a path (right before the caret, after a space or at the
// start) asks the host for the workspace files and folders that match (fuzzily); ArrowUp/ArrowDown move, Enter or
// Tab pick, Escape closes; a click picks. Picking one takes the `@…` out of the text and attaches the file (its
// content) or folder (its listing) to the next request as a chip. Like the slash list, the input points at the
// listbox and its active option (aria-controls, aria-activedescendant).
import { listKey } from './listKeys';
import type { MentionOption } from '../shared/panelState';
import { h, replaceChildren } from './dom';
import { post } from './hostChannel';

const TOKEN = /(?:^|\s)@([^\s@]*)$/;
const DEBOUNCE_MS = 60;

export class MentionMenu {
  readonly element = h('ul', { class: 'slash-menu mention-menu', id: 'mention-menu', role: 'listbox', 'aria-label': 'Files and folders', 'data-testid': 'mention-menu', hidden: true });
  private options: MentionOption[] = [];
  private active = 0;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly input: HTMLTextAreaElement) {
    input.addEventListener('input', () => this.update());
    input.addEventListener('click', () => this.update());
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** The `@` token before the caret: where it starts (the `@`) and what follows it. */
  private token(): { start: number; query: string } | undefined {
    const caret = this.input.selectionStart ?? this.input.value.length;
    const m = TOKEN.exec(this.input.value.slice(0, caret));
    return m ? { start: caret - m[1].length - 1, query: m[1] } : undefined;
  }

  update(): void {
    clearTimeout(this.timer);
    const t = this.token();
    if (!t) {
      this.seq++; // an answer still on its way is stale
      return this.close();
    }
    this.timer = setTimeout(() => post({ type: 'mentionQuery', query: t.query, seq: ++this.seq }), DEBOUNCE_MS);
  }

  /** The host's answer to query `seq`: shown when it is the latest and the `@` is still there. */
  showOptions(seq: number, options: MentionOption[]): void {
    if (seq !== this.seq || !this.token()) return;
    this.options = options;
    if (!options.length) return this.close();
    this.active = Math.min(this.active, options.length - 1);
    this.render();
  }

  /** Handles a key while the list is open; true when the key was for the list (the input must not act on it). */
  handleKey(e: KeyboardEvent): boolean {
    const k = this.open ? listKey(e, this.active, this.options.length) : undefined;
    if (k === undefined) return false;
    if (k === 'close') this.close();
    else if (k === 'pick') this.pick(this.options[this.active]);
    else {
      this.active = k.move;
      this.render();
    }
    return true;
  }

  close(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.active = 0;
    this.input.removeAttribute('aria-activedescendant');
    this.input.setAttribute('aria-controls', 'slash-menu');
  }

  private pick(o: MentionOption): void {
    const t = this.token();
    if (t) {
      const caret = t.start + 1 + t.query.length;
      this.input.value = this.input.value.slice(0, t.start) + this.input.value.slice(caret).replace(/^ /, '');
      this.input.setSelectionRange(t.start, t.start);
      this.input.dispatchEvent(new Event('input'));
    }
    post({ type: 'attachMention', path: o.path, folder: o.folder });
    this.close();
    this.input.focus();
  }

  private render(): void {
    replaceChildren(
      this.element,
      ...this.options.map((o, i) => {
        const slash = o.path.lastIndexOf('/');
        return h(
          'li',
          {
            id: `mention-option-${i}`,
            role: 'option',
            class: i === this.active ? 'active' : '',
            'aria-selected': String(i === this.active),
            'aria-label': `${o.folder ? 'Folder' : 'File'} ${o.path}`,
            'data-testid': 'mention-option',
            'data-path': o.path,
            onmousedown: (e: Event) => (e.preventDefault(), this.pick(o)),
          },
          h('span', { class: 'slash-name' }, o.path.slice(slash + 1) + (o.folder ? '/' : '')),
          slash > 0 ? h('span', { class: 'slash-desc muted' }, ` ${o.path.slice(0, slash)}`) : false,
        );
      }),
    );
    this.element.hidden = false;
    this.input.setAttribute('aria-controls', 'mention-menu');
    this.input.setAttribute('aria-activedescendant', `mention-option-${this.active}`);
    this.element.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}
