// "Accept" on a note the agent wrote (status unverified) in the memory view: a person vouches for it, so it joins
// MEMORY.md and recall. The same as `lucid memory accept ID`.
import * as vscode from 'vscode';
import { MemoryStore } from '../core/memory/memoryStore';
import { NoteNotFoundError } from '../core/memory/noteErrors';
import { acceptNote as accept } from '../core/memory/noteAcceptance';

export async function acceptNote(root: string, id: string, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const r = await accept(await MemoryStore.open(root), id);
    log.info(r.accepted ? `Accepted note ${id}.` : `Note ${id} is ${r.status}: nothing to accept.`);
  } catch (err) {
    const message = err instanceof NoteNotFoundError ? `no note ${id} in .agent-memory/notes.` : err instanceof Error ? err.message : String(err);
    void vscode.window.showWarningMessage(`Lucid could not accept the note: ${message}`);
  }
}
