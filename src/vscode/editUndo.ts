// "Undo these edits": after a request that edited files, a line in the chat lists them with an Undo action. Undo
// puts back what the request changed (the session's checkpoints); a file changed by someone else since the agent
// wrote it is a conflict: the user is asked (`confirmOverwrite`) before it is overwritten. Only the newest request's
// edits can be undone that way; an older line offers "Restore to here": that request's files and every later one's
// go back to their content before it (conflicts: overwrite them, skip them, or cancel). No `vscode` import.
import * as path from 'path';
import type { Checkpoints } from '../core/agent/checkpoints';
import type { EditsItem } from '../shared/panelState';
import type { ChatLog } from './chatLog';

/** Asks whether to overwrite the files changed since the agent wrote them (workspace-relative). */
export type ConfirmOverwrite = (conflicts: string[]) => Promise<boolean>;

/** Asks what to do with the files changed since the agent wrote them, when restoring to a request. */
export type ChooseOnConflict = (conflicts: string[]) => Promise<'overwrite' | 'skip' | 'cancel'>;

interface Line {
  checkpoints: Checkpoints;
  root: string;
  /** The newest turn with edits before the request: undoing the request restores to it. */
  before: number;
}

export class EditUndo {
  private readonly lines = new Map<string, Line>();

  /** The mark to take before a request runs. */
  static mark(checkpoints: Checkpoints): number {
    return checkpoints.list().at(-1)?.id ?? 0;
  }

  /** The request ended: when it edited files, a line with them and the Undo action follows it. */
  afterRequest(chat: ChatLog, checkpoints: Checkpoints, root: string, before: number): void {
    const files = [...new Set(checkpoints.list().filter((t) => t.id > before).flatMap((t) => t.files))];
    if (!files.length) return;
    for (const id of this.lines.keys()) this.setState(chat, id, 'superseded');
    const item = chat.add({ kind: 'edits', files: files.map((f) => relative(root, f)), state: 'undoable' });
    this.lines.set(item.id, { checkpoints, root, before });
  }

  /** "Undo these edits" on line `itemId`: restores the files, asking first when one changed since. */
  async undo(chat: ChatLog, itemId: string, confirmOverwrite: ConfirmOverwrite): Promise<void> {
    const line = this.lines.get(itemId);
    const item = chat.get(itemId);
    if (!line || item?.kind !== 'edits' || item.state !== 'undoable') return;
    let result = await line.checkpoints.restoreTo(line.before);
    if (result.conflicts.length) {
      const conflicts = result.conflicts.map((f) => relative(line.root, f));
      if (!(await confirmOverwrite(conflicts))) {
        chat.add({ kind: 'info', text: `Nothing undone: ${conflicts.join(', ')} changed since Lucid wrote ${conflicts.length === 1 ? 'it' : 'them'}.` });
        return;
      }
      result = await line.checkpoints.restoreTo(line.before, { force: true });
    }
    this.lines.delete(itemId);
    chat.update<EditsItem>(itemId, { state: 'undone', restored: result.restored.map((f) => relative(line.root, f)) });
    this.reopenNewest(chat);
  }

  /**
   * "Restore to here" on line `itemId`: the files of its request and of every later one go back to their content
   * before it. That line and the later ones show what was put back.
   */
  async restoreTo(chat: ChatLog, itemId: string, choose: ChooseOnConflict): Promise<void> {
    const line = this.lines.get(itemId);
    const item = chat.get(itemId);
    if (!line || item?.kind !== 'edits' || item.state === 'undone') return;
    let result = await line.checkpoints.restoreTo(line.before);
    if (result.conflicts.length) {
      const conflicts = result.conflicts.map((f) => relative(line.root, f));
      const choice = await choose(conflicts);
      if (choice === 'cancel') {
        chat.add({ kind: 'info', text: `Nothing restored: ${conflicts.join(', ')} changed since Lucid wrote ${conflicts.length === 1 ? 'it' : 'them'}.` });
        return;
      }
      result = await line.checkpoints.restoreTo(line.before, choice === 'overwrite' ? { force: true } : { skip: true });
      if (choice === 'skip') chat.add({ kind: 'info', text: `Kept as they are (changed since Lucid wrote them): ${conflicts.join(', ')}.` });
    }
    const restored = new Set(result.restored.map((f) => relative(line.root, f)));
    for (const [id, later] of [...this.lines]) {
      const shown = chat.get(id);
      if (later.before < line.before || shown?.kind !== 'edits') continue;
      this.lines.delete(id);
      chat.update<EditsItem>(id, { state: 'undone', restored: shown.files.filter((f) => restored.has(f)) });
    }
    this.reopenNewest(chat);
  }

  /** A new session: the lines shown before cannot be undone any more. */
  reset(): void {
    this.lines.clear();
  }

  /** After an undo, the newest earlier line whose edits are still there can be undone in its turn. */
  private reopenNewest(chat: ChatLog): void {
    const newest = [...this.lines].at(-1);
    if (!newest) return;
    const [id, line] = newest;
    if (line.checkpoints.list().some((t) => t.id > line.before)) this.setState(chat, id, 'undoable');
  }

  private setState(chat: ChatLog, id: string, state: EditsItem['state']): void {
    const item = chat.get(id);
    if (item?.kind === 'edits' && item.state !== state && item.state !== 'undone') chat.update<EditsItem>(id, { state });
  }
}

const relative = (root: string, file: string) => {
  const r = path.relative(root, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : file;
};
