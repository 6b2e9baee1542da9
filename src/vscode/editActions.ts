// What the user can do in the chat about the agent's edits and plans: "Approve plan", "Undo these edits" (the newest
// request's), "Restore to here" (a request and every later one, asking Overwrite / Skip those when a file changed
// since), and "Open diff" on an edit's card (the content before and after that edit, from the checkpoints).
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentSession } from '../core/agent/agentSession';
import { ApprovalModes, GO_AHEAD } from './approvalModes';
import type { ChatLog } from './chatLog';
import { EditUndo } from './editUndo';
import { workspaceRoot } from './workspaceRoot';
import { PROPOSED_SCHEME, type ProposedDocuments } from './approvalBroker';

export interface EditActionsDeps {
  chat: ChatLog;
  modes: ApprovalModes;
  /** True while a request runs: edits are not undone under the agent. */
  running: () => boolean;
  /** The live session's agent, if any. */
  agent: () => AgentSession | undefined;
  /** Sends a request (the go-ahead after "Approve plan"). */
  send: (text: string) => Promise<void>;
  onStateChanged: () => void;
  /** Serves the read-only documents of a past edit's diff. */
  documents: ProposedDocuments;
}

export class EditActions {
  readonly undo = new EditUndo();

  constructor(private readonly deps: EditActionsDeps) {}

  /** "Approve plan": plan mode ends and the agent is told to go ahead. */
  async approvePlan(itemId: string): Promise<void> {
    if (this.deps.running() || !this.deps.modes.approve(this.deps.chat, itemId, this.deps.agent())) return;
    this.deps.onStateChanged();
    await this.deps.send(GO_AHEAD);
  }

  /** "Undo these edits": puts back what a request changed; a file changed since is overwritten only when confirmed. */
  async undoEdits(itemId: string): Promise<void> {
    if (this.deps.running()) return;
    await this.undo.undo(this.deps.chat, itemId, async (files) => {
      const message = `${files.join(', ')} changed since Lucid wrote ${files.length === 1 ? 'it' : 'them'}. Overwrite with the content from before the request?`;
      return (await vscode.window.showWarningMessage(message, { modal: true }, 'Overwrite')) === 'Overwrite';
    });
  }

  /** "Restore to here": the files of that request and every later one go back to their content before it. */
  async restoreEdits(itemId: string): Promise<void> {
    if (this.deps.running()) return;
    await this.undo.restoreTo(this.deps.chat, itemId, async (files) => {
      const list = files.map((f) => `• ${f}`).join('\n');
      const detail = `${files.length === 1 ? 'This file' : 'These files'} changed since Lucid wrote ${files.length === 1 ? 'it' : 'them'}:\n${list}\n\nOverwrite ${files.length === 1 ? 'it' : 'them'} with the content from before the request, or restore the other files only?`;
      const answer = await vscode.window.showWarningMessage('Restore to here', { modal: true, detail }, 'Overwrite', 'Skip those');
      return answer === 'Overwrite' ? 'overwrite' : answer === 'Skip those' ? 'skip' : 'cancel';
    });
  }

  /** "Open diff" on an edit's card: the file before and after that edit (even after later edits of it). */
  async openEditDiff(callId: string): Promise<void> {
    const root = workspaceRoot();
    const edit = this.deps.agent()?.checkpoints.edit(callId);
    if (!edit) {
      this.deps.chat.add({ kind: 'info', text: 'That edit\u2019s diff is no longer available: edits are kept for the live session only.' });
      return;
    }
    const rel = root ? path.relative(root, edit.file).split(path.sep).join('/') : path.basename(edit.file);
    const key = `edit-${callId}`; // the same documents when opened again
    const uri = (side: string) => vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${key}/${side}/${rel}` });
    this.deps.documents.set(uri('before'), edit.before ?? '');
    this.deps.documents.set(uri('after'), edit.after);
    const title = `${path.basename(edit.file)} (${edit.before === undefined ? 'created' : 'edit'} by Lucid)`;
    await vscode.commands.executeCommand('vscode.diff', uri('before'), uri('after'), title, { preview: true });
  }
}
