// Dream commands: Dream Now, Review Dream Proposal, Open Last Dream Report, Import Claude Code Sessions (and
// Commit Memory, registered from its own file). Each returns a structured result, for tests and other callers;
// none waits on a notification button.
import { existsSync } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { decideProposal, listProposals, type Proposal } from '../core/dream/apply/dreamProposal';
import { REPORTS_DIR } from '../core/dream/apply/dreamReport';
import { claudeCodeProjectDir, importClaudeCode, type ImportResult } from '../core/import/claudeCodeImport';
import { memoryPaths } from '../core/memory/memoryLayout';
import { readAgentSettings } from './agentSettings';
import { DreamLauncher, type DreamOutcome } from './dreamLauncher';
import { registerMemoryCommitCommand } from './memoryCommitCommand';
import type { LucidStatusBar } from './statusBar';
import { workspaceRoot } from './workspaceRoot';

export interface DreamCommandDeps {
  onMemoryChanged(): void;
  /** The Anthropic API key, if any (ApiKeyStore.get): with one, a dream runs its model pass. */
  apiKey(): Promise<string | undefined>;
  statusBar: LucidStatusBar;
}

/** Registers the commands; returns the launcher the idle dreamer shares (one dream per window at a time). */
export function registerDreamCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, deps: DreamCommandDeps): DreamLauncher {
  const launcher = new DreamLauncher({ apiKey: deps.apiKey, log, statusBar: deps.statusBar, onMemoryChanged: deps.onMemoryChanged });
  context.subscriptions.push(
    launcher,
    vscode.commands.registerCommand('lucid.dreamNow', () => dreamNow(launcher)),
    vscode.commands.registerCommand('lucid.reviewDreamProposal', (arg?: { accept?: string[] }) => reviewProposal(log, deps.onMemoryChanged, arg)),
    vscode.commands.registerCommand('lucid.openDreamReport', () => openDreamReport()),
    vscode.commands.registerCommand('lucid.importClaudeCode', (arg?: { from?: string }) => importCommand(log, arg)),
  );
  registerMemoryCommitCommand(context, log);
  return launcher;
}

async function dreamNow(launcher: DreamLauncher): Promise<DreamOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lucid: dreaming', cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return launcher.run({ trigger: 'manual', signal: abort.signal, onProgress: (message) => progress.report({ message }) });
    },
  );
  const w = vscode.window;
  if (outcome.status === 'failed') void w.showErrorMessage(`Lucid: the dream failed: ${outcome.message}`, 'Show Log').then((c) => c && void vscode.commands.executeCommand('lucid.showLog'));
  else if (outcome.status === 'busy' || outcome.status === 'cancelled') void w.showInformationMessage(`Lucid: ${outcome.message}`);
  else if (outcome.status !== 'done') void w.showWarningMessage(`Lucid: ${outcome.message}`);
  return outcome;
}

const opTarget = (op: Proposal['ops'][number]) => (op.op === 'add' ? op.note.id : op.op === 'merge' ? op.into : op.id);

function opTitle(p: Proposal, op: Proposal['ops'][number]): string {
  if ('note' in op) return op.note.title;
  return p.writes.find((w) => w.note.id === op.id)?.note.title ?? op.id;
}

const OP_LABEL: Record<Proposal['ops'][number]['op'], string> = {
  add: 'add', update: 'update', merge: 'merge', stale: 'mark stale', retire: 'retire', propose: 'change to a note a person wrote (not applied)',
};

type ReviewResult = { status: 'none' | 'cancelled' | 'no-workspace' } | { status: 'decided'; applied: string[]; skipped: string[]; rejected: string[] };

async function reviewProposal(log: vscode.LogOutputChannel, onMemoryChanged: () => void, arg?: { accept?: string[] }): Promise<ReviewResult> {
  const root = workspaceRoot();
  if (!root) return { status: 'no-workspace' };
  const [newest, ...older] = await listProposals(root);
  if (!newest) {
    void vscode.window.showInformationMessage('Lucid: no dream proposal to review. Proposals are written when "lucid.dream.reviewMode" is on.');
    return { status: 'none' };
  }
  const { file, proposal } = newest;
  const items = proposal.ops.map((op) => ({ label: opTitle(proposal, op), description: OP_LABEL[op.op], detail: op.reason, picked: op.op !== 'propose', id: opTarget(op) }));
  let accept = arg?.accept;
  if (!accept) {
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      ignoreFocusOut: true,
      title: `Dream proposal of ${proposal.createdAt.slice(0, 16).replace('T', ' ')} UTC${older.length ? ` (${older.length} older pending)` : ''}: checked changes are applied, the rest rejected`,
      matchOnDetail: true,
    });
    if (!picked) return { status: 'cancelled' };
    const n = picked.length;
    const confirm = await vscode.window.showInformationMessage(`Apply ${n} change(s) and reject ${items.length - n}?`, { modal: true }, 'Apply');
    if (confirm !== 'Apply') return { status: 'cancelled' };
    accept = picked.map((p) => p.id);
  }
  const { applied, skipped } = await decideProposal(root, file, { accept, budgetTokens: readAgentSettings().tokenBudget });
  const rejected = items.map((i) => i.id).filter((id) => !accept.includes(id));
  log.info(`Dream proposal ${path.basename(file)}: applied ${applied.join(', ') || 'nothing'}; rejected ${rejected.join(', ') || 'nothing'}${skipped.length ? `; skipped (edited by a person since) ${skipped.join(', ')}` : ''}.`);
  onMemoryChanged();
  void vscode.window.showInformationMessage(`Lucid: applied ${applied.length} change(s), rejected ${rejected.length}${skipped.length ? `, left ${skipped.length} alone (edited by a person since)` : ''}.`);
  return { status: 'decided', applied, skipped, rejected };
}

/** The newest dream report (Markdown), or undefined when there is none yet. */
export async function newestReport(root: string): Promise<string | undefined> {
  const dir = path.join(memoryPaths(root).root, REPORTS_DIR);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  return names.length ? path.join(dir, names[names.length - 1]) : undefined;
}

async function openDreamReport(): Promise<{ opened?: string }> {
  const root = workspaceRoot();
  const report = root ? await newestReport(root) : undefined;
  if (!report) {
    void vscode.window.showInformationMessage('Lucid has not dreamt in this workspace yet. Run "Lucid: Dream Now" (or leave the editor idle) to refine its memory.');
    return {};
  }
  await vscode.window.showTextDocument(vscode.Uri.file(report), { preview: true });
  return { opened: report };
}

type ImportCommandResult = { status: 'done'; result: ImportResult } | { status: 'cancelled' | 'no-workspace' | 'untrusted' } | { status: 'failed'; message: string };

async function importCommand(log: vscode.LogOutputChannel, arg?: { from?: string }): Promise<ImportCommandResult> {
  const root = workspaceRoot();
  if (!root) return { status: 'no-workspace' };
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Lucid does not import sessions in an untrusted workspace (it writes files). Trust the workspace first.');
    return { status: 'untrusted' };
  }
  let from = arg?.from;
  if (!from && !existsSync(claudeCodeProjectDir(root))) {
    const picked = await vscode.window.showOpenDialog({
      title: `No Claude Code sessions at ${claudeCodeProjectDir(root)}: choose a folder of transcripts or one .jsonl file`,
      openLabel: 'Import',
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: false,
      filters: { 'Claude Code transcripts': ['jsonl'] },
    });
    if (!picked?.[0]) return { status: 'cancelled' };
    from = picked[0].fsPath;
  }
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Lucid: importing Claude Code sessions' }, () => importClaudeCode({ workspaceRoot: root, from }));
    for (const p of result.problems) log.warn(`Import: ${p}`);
    const skipped = result.skipped.filter((s) => s.reason === 'already imported').length;
    const summary = `Imported ${result.imported.length} Claude Code session(s) from ${result.from}${skipped ? `; ${skipped} already imported` : ''}${result.failed.length ? `; ${result.failed.length} failed (see the log)` : ''}.`;
    log.info(summary);
    const buttons = result.imported.length ? ['Dream Now'] : [];
    void vscode.window.showInformationMessage(`Lucid: ${summary}`, ...buttons).then((c) => c && void vscode.commands.executeCommand('lucid.dreamNow'));
    return { status: 'done', result };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Import failed: ${message}`);
    void vscode.window.showErrorMessage(`Lucid: import failed: ${message}`);
    return { status: 'failed', message };
  }
}
