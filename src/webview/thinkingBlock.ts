// The model's extended thinking, shown collapsed before its reply: a native <details> ("Thinking"), opened with a
// click, Enter or Space. Whether one is open survives the transcript being drawn again.
import type { ChatItem } from '../shared/panelState';
import { h } from './dom';
import { post } from './hostChannel';
import { renderMarkdown } from './markdown';
import { itemShell } from './toolCard';

type ThinkingItem = Extract<ChatItem, { kind: 'thinking' }>;

const opened = new Set<string>();

export function thinkingBlock(item: ThinkingItem): HTMLElement {
  return itemShell(item, thinkingDetails(item.id, item.text));
}

/** The collapsed block of the item `id` (a reply's thinking goes before its text). */
export function thinkingDetails(id: string, text: string): HTMLElement {
  const words = text.trim().split(/\s+/).length;
  const details = h(
    'details',
    { class: 'thinking-block', 'data-testid': 'thinking', open: opened.has(id) },
    h('summary', {}, 'Thinking', h('span', { class: 'muted' }, ` · ${words} word${words === 1 ? '' : 's'}`)),
    h('div', { class: 'markdown thinking-text' }, renderMarkdown(text)),
  );
  details.addEventListener('toggle', () => (details.open ? opened.add(id) : opened.delete(id)));
  return details;
}

/** The switch above the input: extended thinking on or off for the next requests (the host keeps the setting). */
export function thinkingSwitch(): { element: HTMLElement; render(on: boolean): void } {
  const box = h('input', {
    type: 'checkbox',
    'data-testid': 'thinking-switch',
    onchange: () => post({ type: 'setThinking', on: box.checked }),
  });
  const element = h('label', { class: 'thinking-switch', title: 'Extended thinking for the next requests (lucid.thinkingBudget tokens)' }, box, ' Thinking');
  return { element, render: (on) => void (box.checked = on) };
}
