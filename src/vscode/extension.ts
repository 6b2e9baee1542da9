// Activation: wires the log, the side panel and the commands. Everything with logic lives in src/core.
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { ApiKeyStore, registerApiKeyCommands } from './apiKey';
import { gatedLog } from './gatedLog';
import { registerDreamCommands } from './dreamCommands';
import { IdleDreamer } from './idleDreamer';
import { registerMemoryCommands } from './memoryCommands';
import { registerOutcomeCommand } from './outcomeCommand';
import { PanelViewProvider } from './panelView';
import { registerAddSelectionCommand } from './selectionCommand';
import { LucidStatusBar } from './statusBar';
import { workspaceRoot } from './workspaceRoot';

/** When this module was evaluated: activation time counts from here (loading the bundle included). */
const loadedAt = performance.now();

/** What `activate` returns: used by the integration tests, and stable enough for other extensions. */
export interface LucidApi {
  /** Resolves once the side panel's webview has been resolved and has said `ready`. */
  panelReady: Promise<void>;
  /** Milliseconds from loading the bundle to the end of `activate()` (reported by `npm run bench`). */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LucidApi {
  const log = gatedLog(vscode.window.createOutputChannel('Lucid', { log: true }));
  context.subscriptions.push(log);
  log.info(`Lucid ${context.extension.packageJSON.version} activating; workspace: ${workspaceRoot() ?? '(none)'}`);

  const keys = new ApiKeyStore(context.secrets);
  const statusBar = new LucidStatusBar();
  const panel = new PanelViewProvider(context.extensionUri, log, keys, context.workspaceState, (busy) => statusBar.setAgentRunning(busy));
  context.subscriptions.push(
    keys,
    panel,
    vscode.window.registerWebviewViewProvider(PanelViewProvider.viewId, panel, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand('lucid.newSession', () => panel.chat.newSession()),
  );
  registerApiKeyCommands(context, keys, log);
  registerMemoryCommands(context, log, () => panel.refresh());
  registerOutcomeCommand(context, () => panel.chat);
  registerAddSelectionCommand(context, () => panel.chat);
  const isAgentRunning = () => panel.chat.busy;
  const dreams = registerDreamCommands(context, log, { onMemoryChanged: () => panel.refresh(), apiKey: () => keys.get(), statusBar });
  context.subscriptions.push(statusBar, new IdleDreamer(dreams, { log, statusBar, isAgentRunning }));
  const activationMs = Math.round((performance.now() - loadedAt) * 10) / 10;
  log.info(`Activated in ${activationMs} ms.`);
  return { panelReady: panel.ready, activationMs };
}

export function deactivate(): void {
  // Nothing to flush: every memory write is atomic and complete when its promise resolves.
}
