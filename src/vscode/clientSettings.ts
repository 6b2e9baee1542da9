// The live session follows what the user changes while it runs: a new API key (SecretStorage, this window or
// another), `lucid.baseUrl` or `lucid.model`, and `lucid.thinkingBudget` apply to the next request, with the
// conversation kept. A request already running finishes as it started.
import * as vscode from 'vscode';
import { readAgentSettings } from './agentSettings';
import type { ApiKeyStore } from './apiKey';
import type { LiveSession } from './liveSession';

export function followClientSettings(keys: ApiKeyStore, live: () => LiveSession | undefined, log: vscode.LogOutputChannel): vscode.Disposable {
  const reconnect = async (what: string) => {
    const session = live();
    const key = await keys.get();
    if (!session || !key) return; // no key: the next request says so before it starts
    session.reconnect(key, readAgentSettings().baseUrl ?? (process.env.ANTHROPIC_BASE_URL || undefined));
    log.info(`${what} changed: the next request of session ${session.agent.id} uses it.`);
  };
  return vscode.Disposable.from(
    keys.onDidChange(() => void reconnect('The API key')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const session = live();
      if (!session) return;
      const settings = readAgentSettings();
      if (e.affectsConfiguration('lucid.baseUrl')) void reconnect('lucid.baseUrl');
      if (e.affectsConfiguration('lucid.model')) {
        session.setModel(settings.model);
        log.info(`lucid.model changed: the next request of session ${session.agent.id} uses ${settings.model}.`);
      }
      if (e.affectsConfiguration('lucid.thinkingBudget')) session.setThinkingBudget(settings.thinkingBudget ?? 0);
    }),
  );
}
