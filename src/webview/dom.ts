// Small DOM helpers: build elements without innerHTML (text is always text), and find them again.
type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** `h('div', { class: 'x', 'data-testid': 'y', onclick: fn }, 'text', child)`. Strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, AttrValue>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, AttrValue>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `vscode-button` (secondary unless `primary`), with an accessible label. */
export function button(label: string, onClick: () => void, opts: { testid?: string; primary?: boolean; title?: string; disabled?: boolean } = {}): HTMLElement {
  return h(
    'vscode-button',
    {
      'data-testid': opts.testid,
      secondary: !opts.primary,
      title: opts.title ?? label,
      'aria-label': label, // the visible text (voice control says what it sees); the title is the description
      disabled: !!opts.disabled,
      onclick: () => onClick(),
    },
    label,
  );
}

/** A compact date for lists: `2025-01-31 14:05`. */
export function shortDate(iso: string | undefined): string {
  if (!iso) return 'unknown date';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
