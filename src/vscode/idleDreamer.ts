// Dreaming when idle: every half minute (and when the window loses focus) ask the idle policy; when it says
// go, run a dream that any user activity aborts. Another window dreaming already is not an error: skip.
import * as vscode from 'vscode';
import { notesFingerprint, sessionsPending } from '../core/dream/dreamPending';
import { activityCancelsDream, decideIdleDream, idleBlocker, type IdleSnapshot } from '../core/dream/idlePolicy';
import { memoryPaths } from '../core/memory/memoryLayout';
import type { DreamLauncher } from './dreamLauncher';
import type { IdleDetector } from './idleDetector';
import type { LucidStatusBar } from './statusBar';
import { workspaceRoot } from './workspaceRoot';

export interface IdleDreamerDeps {
  log: vscode.LogOutputChannel;
  statusBar: LucidStatusBar;
  /** The panel owns agent sessions: true while one runs. */
  isAgentRunning(): boolean;
  checkEveryMs?: number;
}

export class IdleDreamer implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;
  private checking = false;
  private lastIdleDreamAt: number | undefined;
  private dream: { abort: AbortController; startedAt: number } | undefined;
  /** The notes folder as this window last saw it after a dream: a change means a pull brought notes. */
  private notesSeen: string | undefined;

  /** `detector` has watched the user since activation (its owner disposes of it). */
  constructor(
    private readonly launcher: DreamLauncher,
    private readonly detector: IdleDetector,
    private readonly deps: IdleDreamerDeps,
  ) {
    this.timer = setInterval(() => void this.check(), deps.checkEveryMs ?? 30_000);
    this.subscriptions.push(
      this.detector.onBlur(() => void this.check()),
      this.detector.onActivity((kind) => {
        if (this.dream && activityCancelsDream(this.dream.startedAt, this.detector.lastActivityAt)) {
          deps.log.info(`Activity (${kind}): cancelling the idle dream.`);
          this.dream.abort.abort();
          this.dream = undefined;
        }
      }),
      launcher.onDidFinish(() => void this.rememberNotes()),
    );
    void this.rememberNotes();
  }

  private snapshot(): IdleSnapshot {
    const cfg = vscode.workspace.getConfiguration('lucid.dream');
    return {
      now: Date.now(),
      lastActivityAt: this.detector.lastActivityAt,
      ...this.detector.windowState,
      auto: cfg.get<boolean>('auto', true),
      idleMinutes: cfg.get<number>('idleMinutes', 10),
      agentRunning: this.deps.isAgentRunning(),
      dreaming: this.launcher.running,
      lastIdleDreamAt: this.lastIdleDreamAt,
    };
  }

  private async rememberNotes(): Promise<void> {
    const root = workspaceRoot();
    if (root) this.notesSeen = await notesFingerprint(memoryPaths(root).notes);
  }

  /** One look: start an idle dream if the policy says so. Never throws. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const agentRunning = this.deps.isAgentRunning();
      this.deps.statusBar.setAgentRunning(agentRunning);
      const root = workspaceRoot();
      if (!root || !vscode.workspace.isTrusted || idleBlocker(this.snapshot())) return;
      const paths = memoryPaths(root);
      const notesArrived = this.notesSeen !== undefined && (await notesFingerprint(paths.notes)) !== this.notesSeen;
      const pending = notesArrived || (await sessionsPending(paths));
      const decision = decideIdleDream({ ...this.snapshot(), pending });
      if (!decision.go) return;
      await this.runIdleDream(notesArrived);
    } catch (err) {
      this.deps.log.warn(`Idle check failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.checking = false;
    }
  }

  private async runIdleDream(notesArrived: boolean): Promise<void> {
    const { log } = this.deps;
    const startedAt = Date.now();
    this.lastIdleDreamAt = startedAt;
    const abort = new AbortController();
    this.dream = { abort, startedAt };
    log.info(`Editor idle for ${Math.round(this.detector.idleForMs() / 60_000)} min with ${notesArrived ? 'new notes (a pull?)' : 'new sessions'}: dreaming; any activity cancels it.`);
    try {
      const outcome = await this.launcher.run({ trigger: 'idle', signal: abort.signal });
      if (outcome.status === 'cancelled') log.info('Idle dream cancelled by activity; nothing was changed.');
      else if (outcome.status === 'busy') log.info('Another window (or the CLI) is dreaming on this workspace; skipped.');
    } finally {
      if (this.dream?.abort === abort) this.dream = undefined;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.dream?.abort.abort();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
