// What the next request carries besides its text: editor selections ("Lucid: Add Selection to Chat"), each sent
// as a fenced block headed `path:start-end` before the request's text. Kept by the host, shown as removable chips.
// No `vscode` import: unit-tested.
import type { AttachmentView } from '../shared/panelState';

export interface SelectionAttachment {
  /** Workspace-relative path. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
}

/** At most this many selections wait for a request; the oldest goes first. */
export const MAX_ATTACHMENTS = 20;

export class Attachments {
  private items: Array<SelectionAttachment & { id: string }> = [];
  private seq = 0;

  /** `onChange`: the chips changed (added or removed; not when a request takes them: it sends a snapshot anyway). */
  constructor(private readonly onChange: () => void = () => undefined) {}

  get views(): AttachmentView[] {
    return this.items.map((a) => ({ id: a.id, path: a.path, startLine: a.startLine, endLine: a.endLine }));
  }

  get size(): number {
    return this.items.length;
  }

  add(a: SelectionAttachment): void {
    this.items.push({ ...a, id: `a${++this.seq}` });
    if (this.items.length > MAX_ATTACHMENTS) this.items.shift();
    this.onChange();
  }

  remove(id: string): void {
    this.items = this.items.filter((a) => a.id !== id);
    this.onChange();
  }

  /** The request with the selections (then none wait): the prompt sent, and what the chat shows. */
  take(text: string): { prompt: string; display: string } {
    const taken = this.items;
    this.items = [];
    if (!taken.length) return { prompt: text, display: text };
    return {
      prompt: `${taken.map(selectionBlock).join('\n\n')}\n\n${text}`,
      display: `${text}\n\n${taken.map((a) => `📎 ${rangeLabel(a)}`).join('\n')}`,
    };
  }
}

export const rangeLabel = (a: Pick<SelectionAttachment, 'path' | 'startLine' | 'endLine'>) =>
  a.startLine === a.endLine ? `${a.path}:${a.startLine}` : `${a.path}:${a.startLine}-${a.endLine}`;

/** A fenced block headed `path:start-end`; the fence is longer than any backtick run in the text. */
export function selectionBlock(a: SelectionAttachment): string {
  const longest = Math.max(0, ...(a.text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${a.path}:${a.startLine}-${a.endLine}\n${a.text.replace(/\n$/, '')}\n${fence}`;
}
