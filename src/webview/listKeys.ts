// The keys of an open suggestion list under the chat input (the `/` commands, the `@` files): the arrows move the
// active option (wrapping), Escape closes, Tab or Enter picks; Shift with them is left to the input.
export type ListKey = { move: number } | 'close' | 'pick' | undefined;

export function listKey(e: KeyboardEvent, active: number, count: number): ListKey {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') return { move: (active + (e.key === 'ArrowDown' ? 1 : count - 1)) % count };
  if (e.key === 'Escape') return 'close';
  if ((e.key === 'Tab' || e.key === 'Enter') && !e.shiftKey) return 'pick';
  return undefined;
}
