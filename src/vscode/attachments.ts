// What the next request carries besides its text: editor selections ("Lucid: Add Selection to Chat"), each sent
// as a fenced block headed `path:start-end`, and files and folders picked with `@` (fileMentions.ts), sent as a
// block headed with the path (a file's content, a folder's listing), all before the request's text. Kept by the
// host, shown as removable chips. No `vscode` import: unit-tested.
import type { AttachmentView } from '../shared/panelState';

export interface SelectionAttachment {
  /** Workspace-relative path. */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
}

/** A file (its content) or a folder (its listing) picked with `@`; `note` says what was left out (capped, binary). */
export interface MentionAttachment {
  kind: 'file' | 'folder';
  /** Workspace-relative, `/`-separated. */
  path: string;
  text: string;
  note?: string;
}

export type Attachment = SelectionAttachment | MentionAttachment;

/** At most this many attachments wait for a request; the oldest goes first. */
export const MAX_ATTACHMENTS = 20;

const isMention = (a: Attachment): a is MentionAttachment => 'kind' in a;

export class Attachments {
  private items: Array<Attachment & { id: string }> = [];
  private seq = 0;

  /** `onChange`: the chips changed (added or removed; not when a request takes them: it sends a snapshot anyway). */
  constructor(private readonly onChange: () => void = () => undefined) {}

  get views(): AttachmentView[] {
    return this.items.map((a) => (isMention(a) ? { id: a.id, kind: a.kind, path: a.path } : { id: a.id, path: a.path, startLine: a.startLine, endLine: a.endLine }));
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an attachment; a file or folder already attached is replaced (its newer content goes). */
  add(a: Attachment): void {
    if (isMention(a)) this.items = this.items.filter((x) => !(isMention(x) && x.kind === a.kind && x.path === a.path));
    this.items.push({ ...a, id: `a${++this.seq}` });
    if (this.items.length > MAX_ATTACHMENTS) this.items.shift();
    this.onChange();
  }

  remove(id: string): void {
    this.items = this.items.filter((a) => a.id !== id);
    this.onChange();
  }

  /** The request with the attachments (then none wait): the prompt sent, and what the chat shows. */
  take(text: string): { prompt: string; display: string } {
    const taken = this.items;
    this.items = [];
    if (!taken.length) return { prompt: text, display: text };
    return {
      prompt: `${taken.map((a) => (isMention(a) ? mentionBlock(a) : selectionBlock(a))).join('\n\n')}\n\n${text}`,
      display: `${text}\n\n${taken.map((a) => `📎 ${isMention(a) ? mentionLabel(a) : rangeLabel(a)}`).join('\n')}`,
    };
  }
}

export const rangeLabel = (a: Pick<SelectionAttachment, 'path' | 'startLine' | 'endLine'>) =>
  a.startLine === a.endLine ? `${a.path}:${a.startLine}` : `${a.path}:${a.startLine}-${a.endLine}`;

const mentionLabel = (a: Pick<MentionAttachment, 'kind' | 'path'>) => (a.kind === 'folder' ? `${a.path}/` : a.path);

/** A fenced block headed `path:start-end`; the fence is longer than any backtick run in the text. */
export function selectionBlock(a: SelectionAttachment): string {
  return fenced(`${a.path}:${a.startLine}-${a.endLine}`, a.text);
}

/** A file's content or a folder's listing, fenced, headed with the path (a folder's ends with `/`) and the note. */
export function mentionBlock(a: MentionAttachment): string {
  return fenced(`${mentionLabel(a)}${a.note ? ` (${a.note})` : ''}`, a.text);
}

function fenced(header: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${header}\n${text.replace(/\n$/, '')}\n${fence}`;
}
