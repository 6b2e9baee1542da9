// "Accept" on a note the agent wrote (status unverified) in the memory view: a person vouches for it, so it joins
// MEMORY.md and recall. The same as `lucid memory accept ID`.
import * as vscode from 'vscode';
import { MemoryStore, NoteNotFoundError } from '../core/memory/memoryStore';

export async function acceptNote(root: string, id: string, log: vscode.LogOutputChannel): Promise<void> {
  const store = await MemoryStore.open(root);
  try {
    const r = await store.update(id, (n) => {
      if (n.status === 'unverified') n.status = 'active';
    });
    log.info(`Accepted note ${id}: ${r.note.note.status}.`);
  } catch (err) {
    const message = err instanceof NoteNotFoundError ? `no note ${id} in .agent-memory/notes.` : err instanceof Error ? err.message : String(err);
    void vscode.window.showWarningMessage(`Lucid could not accept the note: ${message}`);
  }
}
