// Commands over the memory folder: open it, open the digest.
import * as vscode from 'vscode';
import { ensureMemoryLayout } from '../core/memory/memoryLayout';
import { MemoryStore } from '../core/memory/memoryStore';
import { workspaceRoot } from './workspaceRoot';

export function registerMemoryCommands(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  onMemoryChanged: () => void,
): void {
  const needRoot = (): string | undefined => {
    const root = workspaceRoot();
    if (!root) void vscode.window.showWarningMessage('Lucid: open a folder first; its memory lives in .agent-memory inside it.');
    return root;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('lucid.openMemoryFolder', async () => {
      const root = needRoot();
      if (!root) return;
      const paths = await ensureMemoryLayout(root);
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(paths.root));
      onMemoryChanged();
    }),
    vscode.commands.registerCommand('lucid.openMemoryDigest', async () => {
      const root = needRoot();
      if (!root) return;
      const store = await MemoryStore.open(root);
      const budget = vscode.workspace.getConfiguration('lucid').get<number>('memory.tokenBudget', 2000);
      const { problems } = await store.load();
      for (const p of problems) log.warn(`Skipped ${p.file}: ${p.message}`);
      const digest = await store.writeDigest(budget);
      log.info(`Digest: ${digest.included.length} notes, ~${digest.tokens} tokens (budget ${budget}).`);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(store.paths.digest));
      await vscode.window.showTextDocument(doc, { preview: false });
      onMemoryChanged();
    }),
  );
}
