// Activation: wires the log, the side panel and the commands. Everything with logic lives in src/core.
import * as vscode from 'vscode';
import { registerMemoryCommands } from './memoryCommands';
import { PanelViewProvider } from './panelView';
import { workspaceRoot } from './workspaceRoot';

/** What `activate` returns: used by the integration tests, and stable enough for other extensions. */
export interface LucidApi {
  /** Resolves once the side panel's webview has been resolved and has said `ready`. */
  panelReady: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): LucidApi {
  const log = vscode.window.createOutputChannel('Lucid', { log: true });
  context.subscriptions.push(log);
  log.info(`Lucid ${context.extension.packageJSON.version} activating; workspace: ${workspaceRoot() ?? '(none)'}`);

  const panel = new PanelViewProvider(context.extensionUri, log);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(PanelViewProvider.viewId, panel, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
  );
  registerMemoryCommands(context, log, () => panel.refresh());
  return { panelReady: panel.ready };
}

export function deactivate(): void {
  // Nothing to flush: every memory write is atomic and complete when its promise resolves.
}
