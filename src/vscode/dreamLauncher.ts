// Runs one dream from the editor (Dream Now or an idle dream): options from the settings, the model pass when
// an API key is stored, the status bar while it runs, the log, and the notification after it changed notes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExportTarget } from '../core/dream/apply/agentsExport';
import { dreamCounts } from '../core/sharing/commitMessage';
import { DreamBusyError, DreamCancelledError } from '../core/dream/dreamLock';
import { createDreamJudge } from '../core/dream/judge/dreamJudge';
import { runDream, type DreamResult } from '../core/dream/dreamRunner';
import { memoryGitStatus } from '../core/sharing/memoryCommit';
import { createModelClient } from '../core/model/modelClient';
import { readAgentSettings } from './agentSettings';
import type { LucidStatusBar } from './statusBar';
import { workspaceRoot } from './workspaceRoot';

export interface DreamRequest {
  trigger: 'manual' | 'idle';
  signal: AbortSignal;
  onProgress?: (message: string) => void;
}

export type DreamOutcome =
  | ({ status: 'done' } & DreamResult)
  | { status: 'busy' | 'cancelled' | 'untrusted' | 'no-workspace' | 'failed'; message: string };

export interface DreamLauncherDeps {
  /** The Anthropic API key (SecretStorage `lucid.anthropicApiKey`, see apiKey.ts); none: no model pass. */
  apiKey(): Promise<string | undefined>;
  log: vscode.LogOutputChannel;
  statusBar: LucidStatusBar;
  onMemoryChanged(): void;
}

const noteChanges = (r: DreamResult['report']) => r.added.length + r.updated.length + r.merged.length + r.staled.length + r.retired.length;

export class DreamLauncher implements vscode.Disposable {
  private active = 0;
  private readonly finished = new vscode.EventEmitter<DreamOutcome>();
  /** Fires after every dream this window ran, whatever its outcome. */
  readonly onDidFinish = this.finished.event;

  constructor(private readonly deps: DreamLauncherDeps) {}

  /** A dream of this window is running. */
  get running(): boolean {
    return this.active > 0;
  }

  async run(req: DreamRequest): Promise<DreamOutcome> {
    const root = workspaceRoot();
    if (!root) return { status: 'no-workspace', message: 'Open a folder first: its memory lives in .agent-memory inside it.' };
    if (!vscode.workspace.isTrusted) return { status: 'untrusted', message: 'Lucid does not dream in an untrusted workspace (a dream writes files). Trust the workspace to let it dream.' };
    const { log, statusBar } = this.deps;
    const cfg = vscode.workspace.getConfiguration('lucid');
    const settings = readAgentSettings();
    const apiKey = await this.deps.apiKey();
    const useModel = cfg.get<boolean>('dream.useModel', true);
    const judge = apiKey && useModel ? createDreamJudge(createModelClient({ apiKey, model: settings.model, baseURL: settings.baseUrl })) : undefined;
    const exportTo: ExportTarget[] = [];
    if (cfg.get<boolean>('export.agentsMd', false)) exportTo.push('AGENTS.md');
    if (cfg.get<boolean>('export.claudeMd', false)) exportTo.push('CLAUDE.md');
    const review = cfg.get<boolean>('dream.reviewMode', false);
    log.info(`Dream (${req.trigger}) starting: ${review ? 'review mode' : 'apply mode'}, model pass ${judge ? 'on' : apiKey ? 'off (lucid.dream.useModel)' : 'off (no API key)'}${exportTo.length ? `, export to ${exportTo.join(', ')}` : ''}.`);
    this.active++;
    statusBar.setDreaming(true);
    let outcome: DreamOutcome;
    try {
      const result = await runDream({
        workspaceRoot: root,
        review,
        budgetTokens: settings.tokenBudget,
        signal: req.signal,
        judge,
        exportTo,
        onProgress: (m) => {
          log.debug(`Dream: ${m}`);
          req.onProgress?.(m);
        },
      });
      outcome = { status: 'done', ...result };
      this.report(result, req.trigger, root);
    } catch (err) {
      if (err instanceof DreamBusyError) outcome = { status: 'busy', message: err.message };
      else if (err instanceof DreamCancelledError) outcome = { status: 'cancelled', message: err.message };
      else {
        outcome = { status: 'failed', message: err instanceof Error ? err.message : String(err) };
        log.error(`Dream (${req.trigger}) failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      if (outcome.status !== 'failed') log.info(`Dream (${req.trigger}): ${outcome.message}`);
    } finally {
      this.active--;
      statusBar.setDreaming(false);
    }
    this.finished.fire(outcome);
    return outcome;
  }

  private report(result: DreamResult, trigger: DreamRequest['trigger'], root: string): void {
    const { report } = result;
    const { log } = this.deps;
    log.info(`Dream (${trigger}) done: read ${report.sessionsRead} session(s); ${dreamCounts(report)}${report.proposed.length ? `, ${report.proposed.length} proposed` : ''}${result.reportPath ? `; report ${path.relative(root, result.reportPath)}` : ''}.`);
    for (const p of report.problems) log.warn(`Dream: ${p}`);
    if (report.model.ok === false) log.warn(`Dream: model pass not applied (${report.model.message ?? 'invalid answer'}); the rules' result was kept.`);
    if (result.changed) this.deps.onMemoryChanged();
    // Notifications are never awaited: a dream's caller (and the tests) must not wait on a button.
    if (result.proposal) {
      const n = noteChanges(report) + report.proposed.length;
      void vscode.window.showInformationMessage(`Lucid dreamed and proposes ${n} change(s) to its memory.`, 'Review Proposal', 'Open Report').then((choice) => {
        if (choice === 'Review Proposal') void vscode.commands.executeCommand('lucid.reviewDreamProposal');
        if (choice === 'Open Report') void vscode.commands.executeCommand('lucid.openDreamReport');
      });
    } else if (noteChanges(report) > 0) {
      void this.offerCommit(root, `Lucid dreamed: ${dreamCounts(report)}.`);
    } else if (trigger === 'manual') {
      const what = report.sessionsRead ? `read ${report.sessionsRead} session(s); no note needed a change` : 'nothing new since the last dream; memory unchanged';
      void vscode.window.showInformationMessage(`Lucid dreamed: ${what}.`);
    }
  }

  /** "Review" opens the report; "Commit Memory" is offered when the workspace is in a git repository. */
  private async offerCommit(root: string, message: string): Promise<void> {
    const git = await memoryGitStatus(root).catch(() => undefined);
    const buttons = git?.available && git.changedMemoryFiles.length ? ['Review', 'Commit Memory'] : ['Review'];
    const choice = await vscode.window.showInformationMessage(message, ...buttons);
    if (choice === 'Review') void vscode.commands.executeCommand('lucid.openDreamReport');
    if (choice === 'Commit Memory') void vscode.commands.executeCommand('lucid.commitMemory');
  }

  dispose(): void {
    this.finished.dispose();
  }
}
