// Activation: the log, the API key commands, the status bar and the idle watch, with stand-ins for the side panel
// and every other command. The rest of the extension (extensionMain.ts, a bundle of its own) is loaded on first
// use: when the panel is shown, a command runs, or the editor has been idle long enough for a dream to be near.
// Activation itself stays a few milliseconds; everything with logic lives in src/core.
import { bundleEvaluationStart } from './activationClock';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { idleThresholdMs } from '../core/dream/idlePolicy';
import { ApiKeyStore, registerApiKeyCommands } from './apiKey';
import type * as Main from './extensionMain';
import { gatedLog } from './gatedLog';
import { IdleDetector } from './idleDetector';
import { LucidStatusBar } from './statusBar';
import { workspaceRoot } from './workspaceRoot';

/** How long evaluating the activation bundle took (its modules, up to here). */
const bundleEvaluationMs = performance.now() - bundleEvaluationStart;

/** The side panel's view id (package.json `contributes.views`; panelView.ts registers under the same id). */
const PANEL_VIEW_ID = 'lucid.panel';
/** Commands served at activation; every other contributed command loads the rest first. */
const LIGHT_COMMANDS = new Set(['lucid.setApiKey', 'lucid.clearApiKey', 'lucid.showLog']);
/** The rest is loaded once the editor has been idle this long (or the idle threshold, if shorter). */
const IDLE_LOAD_MS = 60_000;
const IDLE_POLL_MS = 15_000;

/** What `activate` returns: used by the integration tests, and stable enough for other extensions. */
export interface LucidApi {
  /** Resolves once the side panel's webview has been resolved and has said `ready`. */
  panelReady: Promise<void>;
  /**
   * Milliseconds of Lucid's own activation: evaluating the bundle plus `activate()`, not the time the extension host
   * spends between the two (reported by `npm run bench`).
   */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LucidApi {
  const activateStart = performance.now();
  const log = gatedLog(vscode.window.createOutputChannel('Lucid', { log: true }));
  log.info(`Lucid ${context.extension.packageJSON.version} activating; workspace: ${workspaceRoot() ?? '(none)'}`);
  const keys = new ApiKeyStore(context.secrets);
  const statusBar = new LucidStatusBar();
  const detector = new IdleDetector();
  context.subscriptions.push(log, keys, statusBar, detector, vscode.commands.registerCommand('lucid.showLog', () => log.show(true)));
  registerApiKeyCommands(context, keys, log);

  let started: Main.StartedLucid | undefined;
  let panelReady!: () => void;
  const ready = new Promise<void>((resolve) => (panelReady = resolve));
  const stubs: vscode.Disposable[] = [];
  const load = (why: string): Main.StartedLucid => {
    if (started) return started;
    // The stand-ins go first: the real commands register under the same ids, in this same synchronous step.
    for (const stub of stubs.splice(0)) stub.dispose();
    clearInterval(idleWatch);
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require('./extensionMain') as typeof Main;
    started = main.startLucid(context, { log, keys, statusBar, detector });
    void started.panel.ready.then(panelReady);
    log.info(`Loaded the panel, commands and dreams in ${Math.round(performance.now() - t0)} ms (${why}).`);
    return started;
  };

  for (const id of contributedCommands(context)) {
    if (LIGHT_COMMANDS.has(id)) continue;
    stubs.push(vscode.commands.registerCommand(id, (...args: unknown[]) => {
      load(id);
      return vscode.commands.executeCommand(id, ...args);
    }));
  }
  const idleWatch = setInterval(() => {
    const cfg = vscode.workspace.getConfiguration('lucid.dream');
    const due = Math.min(IDLE_LOAD_MS, idleThresholdMs(cfg.get<number>('idleMinutes', 10)));
    if (cfg.get<boolean>('auto', true) && detector.idleForMs() >= due) load('the editor is idle: idle dreams');
  }, IDLE_POLL_MS);
  context.subscriptions.push(
    { dispose: () => (clearInterval(idleWatch), stubs.splice(0).forEach((s) => s.dispose())) },
    vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, {
      resolveWebviewView: (view) => load('the panel').panel.resolveWebviewView(view),
    }, { webviewOptions: { retainContextWhenHidden: false } }),
  );
  const activationMs = Math.round((bundleEvaluationMs + performance.now() - activateStart) * 10) / 10;
  log.info(`Activated in ${activationMs} ms.`);
  return { panelReady: ready, activationMs };
}

/** The command ids package.json contributes. */
function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands = (context.extension.packageJSON as { contributes?: { commands?: Array<{ command?: unknown }> } }).contributes?.commands ?? [];
  return commands.map((c) => c.command).filter((c): c is string => typeof c === 'string');
}

export function deactivate(): void {
  // Nothing to flush: every memory write is atomic and complete when its promise resolves.
}
