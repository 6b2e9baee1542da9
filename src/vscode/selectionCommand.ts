// "Lucid: Add Selection to Chat" (ctrl+alt+l / cmd+alt+l with a selection): the active editor's selection, with its
// workspace path and line range, goes with the next request (a chip in the panel, which is shown).
import * as vscode from 'vscode';
import type { SelectionAttachment } from './attachments';
import type { ChatController } from './chatController';
import { PanelViewProvider } from './panelView';

/** The selection as an attachment (lines 1-based; a selection ending at the start of a line leaves that line out). */
export function selectionAttachment(editor: vscode.TextEditor): SelectionAttachment | undefined {
  const sel = editor.selection;
  if (sel.isEmpty) return undefined;
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  return { path: vscode.workspace.asRelativePath(editor.document.uri, false), startLine: sel.start.line + 1, endLine, text: editor.document.getText(sel) };
}

export function registerAddSelectionCommand(context: vscode.ExtensionContext, chat: () => ChatController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('lucid.addSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      const attachment = editor && selectionAttachment(editor);
      if (!attachment) {
        void vscode.window.showInformationMessage('Lucid: select some text in an editor first.');
        return;
      }
      chat().attachments.add(attachment);
      await vscode.commands.executeCommand(`${PanelViewProvider.viewId}.focus`);
    }),
  );
}
