// "Lucid: Commit Memory": commits the shareable memory files (never pushes), with a clear message for each refusal.
import * as path from 'path';
import * as vscode from 'vscode';
import { commitMemory, refreshMemoryMergeDriver, type CommitMemoryResult } from '../core/sharing/memoryCommit';
import { workspaceRoot } from './workspaceRoot';

export type CommitMemoryCommandResult = CommitMemoryResult | { committed: false; reason: 'no-workspace' | 'untrusted' | 'error'; details: string };

export function registerMemoryCommitCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  // git runs Lucid's note merge driver with the editor's own runtime as Node (ELECTRON_RUN_AS_NODE) and the bundled CLI.
  const cli = ['env', 'ELECTRON_RUN_AS_NODE=1', process.execPath, path.join(context.extensionPath, 'dist', 'cli.js')];
  context.subscriptions.push(vscode.commands.registerCommand('lucid.commitMemory', (): Promise<CommitMemoryCommandResult> => commitCommand(log, cli)));
  // An update installs the extension in a new folder: a clone whose driver names the old one gets this one.
  const root = workspaceRoot();
  if (root && vscode.workspace.isTrusted) {
    void refreshMemoryMergeDriver(root, cli).then(
      (updated) => updated && log.info('Pointed the note merge driver of this clone at this version of Lucid.'),
      (err: unknown) => log.warn(`Could not check the note merge driver: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

async function commitCommand(log: vscode.LogOutputChannel, mergeDriverCli: string[]): Promise<CommitMemoryCommandResult> {
  const root = workspaceRoot();
  if (!root) return refuse(log, { committed: false, reason: 'no-workspace', details: 'Open a folder first: its memory lives in .agent-memory inside it.' });
  if (!vscode.workspace.isTrusted) return refuse(log, { committed: false, reason: 'untrusted', details: 'Lucid does not run git in an untrusted workspace. Trust the workspace to commit its memory.' });
  let result: CommitMemoryResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Lucid: committing memory' }, () => commitMemory(root, { mergeDriverCli }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Commit Memory failed: ${message}`);
    void vscode.window.showErrorMessage(`Lucid could not commit its memory: ${message}`, 'Show Log').then((c) => c && void vscode.commands.executeCommand('lucid.showLog'));
    return { committed: false, reason: 'error', details: message };
  }
  if (!result.committed) return refuse(log, result);
  log.info(`Committed memory ${result.sha.slice(0, 10)}: ${result.files.join(', ')} (not pushed).`);
  void vscode.window.showInformationMessage(`Lucid committed its memory (${result.files.length} file(s), ${result.sha.slice(0, 7)}). Nothing was pushed: push when you are ready.`);
  return result;
}

function refuse(log: vscode.LogOutputChannel, r: Exclude<CommitMemoryCommandResult, { committed: true }>): CommitMemoryCommandResult {
  log.warn(`Commit Memory: ${r.reason}: ${r.details}`);
  const show = vscode.window;
  if (r.reason === 'secret-found') {
    const first = 'secrets' in r ? r.secrets?.[0] : undefined;
    void show.showErrorMessage(`Lucid did not commit its memory. ${r.details}`, ...(first ? ['Open File'] : [])).then(async (choice) => {
      if (choice !== 'Open File' || !first) return;
      const editor = await show.showTextDocument(vscode.Uri.file(first.absolutePath), { preview: false });
      const pos = new vscode.Position(first.line - 1, 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos));
    });
  } else if (r.reason === 'nothing-to-commit') {
    void show.showInformationMessage(`Lucid: ${r.details}`);
  } else {
    void show.showWarningMessage(`Lucid: ${r.details}`);
  }
  return r;
}
