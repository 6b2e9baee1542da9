// What a tool call looks like on a card: its headline from the tool's input, and its output kept to a size the
// panel can hold. Pure: shared by the lead's tool cards and the specialists' lists of calls.
import type { ToolCardItem } from '../shared/panelState';

/** Tool output kept on a card: the head and the tail, around a marker. */
export const CARD_OUTPUT_CHARS = 8000;

/** The card's headline: what the call does, from the tool's input. */
export function describeCall(name: string, input: unknown): Pick<ToolCardItem, 'action' | 'subject'> {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (name === 'bash') return { action: 'command', subject: str(i.command) || (i.restart ? '(restart the shell)' : '(no command)') };
  if (name === 'str_replace_based_edit_tool' || name === 'memory') {
    const command = str(i.command);
    const target = str(i.path) || str(i.old_path) || '(no path)';
    return { action: command === 'view' ? 'view' : 'edit', subject: target };
  }
  if (name === 'search_workspace') return { action: 'search', subject: [str(i.pattern), str(i.glob)].filter(Boolean).join('  in ') };
  const text = JSON.stringify(input) ?? '';
  return { action: 'other', subject: text.length > 160 ? `${text.slice(0, 160)}…` : text };
}

export function capOutput(text: string, max = CARD_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n…[${text.length - 2 * half} characters not shown]…\n${text.slice(-half)}`;
}

/** The marker before a running command's output when its start no longer fits on the card. */
export const EARLIER_OUTPUT = '…[earlier output not shown]…\n';

/** A running command's output with `more` appended: its tail, up to `max` characters, after a marker when cut. */
export function appendStreamed(shown: string | undefined, more: string, max = CARD_OUTPUT_CHARS): string {
  const base = shown?.startsWith(EARLIER_OUTPUT) ? shown.slice(EARLIER_OUTPUT.length) : (shown ?? '');
  const all = base + more;
  return all.length <= max ? (shown?.startsWith(EARLIER_OUTPUT) ? EARLIER_OUTPUT + all : all) : EARLIER_OUTPUT + all.slice(-max);
}
