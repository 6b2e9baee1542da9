// Short lines in the chat about the session itself: a compaction ("older turns folded into a summary"), `/cost`
// (the session's tokens and cost), and Lucid's own answers to a slash command.
import type { ChatItem, CostItem } from '../shared/panelState';
import { h } from './dom';
import { compactNumber, formatDollars } from './specialistCard';
import { itemShell } from './toolCard';

const WHY: Record<Extract<ChatItem, { kind: 'compacted' }>['reason'], string> = {
  asked: 'as asked (/compact)',
  limit: 'near the context limit',
  too_long: 'after the prompt was too long',
};

export function compactedLine(item: Extract<ChatItem, { kind: 'compacted' }>): HTMLElement {
  const text = `Compacted ${WHY[item.reason]}: ${item.folded} older message${item.folded === 1 ? '' : 's'} folded into a summary.`;
  return itemShell(item, h('div', { class: 'session-line compacted', 'data-testid': 'compacted', role: 'note' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '⇣ '), text));
}

export function infoLine(item: Extract<ChatItem, { kind: 'info' }>): HTMLElement {
  return itemShell(item, h('div', { class: 'session-line', 'data-testid': 'info-line', role: 'note' }, item.text));
}

/** `/cost`: in, out, cache reads and writes, and dollars when the model has a price. */
export function costLine(item: CostItem): HTMLElement {
  const parts = [
    `${compactNumber(item.inputTokens + item.cacheReadTokens + item.cacheWriteTokens)} in (${compactNumber(item.cacheReadTokens)} cache reads, ${compactNumber(item.cacheWriteTokens)} cache writes)`,
    `${compactNumber(item.outputTokens)} out`,
    item.cost === undefined ? `no price known for ${item.model}` : formatDollars(item.cost),
  ];
  return itemShell(item, h('div', { class: 'session-line cost', 'data-testid': 'cost-line', role: 'note' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '$ '), `This session (${item.model}): ${parts.join(' · ')}`));
}
