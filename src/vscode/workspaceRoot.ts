import * as vscode from 'vscode';

/** The folder Lucid's memory belongs to: the first workspace folder on disk, if any. */
export function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}
