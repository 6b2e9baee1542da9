// Everything of the extension past activation: the side panel, the commands with logic, idle dreams. extension.ts
// loads this (a bundle of its own, dist/extensionMain.js) on first use: the panel shown, a command run, or the
// editor idle long enough for a dream; never at activation, so starting VS Code does not pay for it.
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import { registerDreamCommands } from './dreamCommands';
import type { IdleDetector } from './idleDetector';
import { IdleDreamer } from './idleDreamer';
import { registerMemoryCommands } from './memoryCommands';
import { registerOutcomeCommand } from './outcomeCommand';
import { PanelViewProvider } from './panelView';
import { registerAddSelectionCommand } from './selectionCommand';
import type { LucidStatusBar } from './statusBar';

/** What activation made and hands over. */
export interface ActivatedParts {
  log: vscode.LogOutputChannel;
  keys: ApiKeyStore;
  statusBar: LucidStatusBar;
  /** Has watched the user since activation (idle dreams count from then). */
  detector: IdleDetector;
}

export interface StartedLucid {
  panel: PanelViewProvider;
}

/** Creates the panel and registers every command but those of activation (see extension.ts, LIGHT_COMMANDS). */
export function startLucid(context: vscode.ExtensionContext, parts: ActivatedParts): StartedLucid {
  const { log, keys, statusBar, detector } = parts;
  const panel = new PanelViewProvider(context.extensionUri, log, keys, context.workspaceState, (busy) => statusBar.setAgentRunning(busy));
  context.subscriptions.push(panel, vscode.commands.registerCommand('lucid.newSession', () => panel.chat.newSession()));
  registerMemoryCommands(context, log, () => panel.refresh());
  registerOutcomeCommand(context, () => panel.chat);
  registerAddSelectionCommand(context, () => panel.chat);
  const isAgentRunning = () => panel.chat.busy;
  const dreams = registerDreamCommands(context, log, { onMemoryChanged: () => panel.refresh(), apiKey: () => keys.get(), statusBar });
  context.subscriptions.push(new IdleDreamer(dreams, detector, { log, statusBar, isAgentRunning }));
  return { panel };
}
