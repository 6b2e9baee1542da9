// The Anthropic API key: kept in SecretStorage (never in settings), with ANTHROPIC_API_KEY from the environment as
// a fallback. The "Set API Key" / "Clear API Key" commands live here.
import * as vscode from 'vscode';

export const API_KEY_SECRET = 'lucid.anthropicApiKey';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stored key is set or cleared (in this window or another). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET) this.changed.fire();
    });
  }

  /** The stored key, else ANTHROPIC_API_KEY; undefined when there is neither. */
  async get(): Promise<string | undefined> {
    const stored = (await this.secrets.get(API_KEY_SECRET))?.trim();
    return stored || process.env.ANTHROPIC_API_KEY?.trim() || undefined;
  }

  /** Asks for the key (masked) and stores it. Returns false when the user cancelled. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Lucid: Anthropic API Key',
      prompt: 'Stored in VS Code SecretStorage (the OS keychain), never in settings. Get a key at console.anthropic.com.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Paste your Anthropic API key'),
    });
    if (!key?.trim()) return false;
    await this.secrets.store(API_KEY_SECRET, key.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(API_KEY_SECRET);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerApiKeyCommands(context: vscode.ExtensionContext, keys: ApiKeyStore, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('lucid.setApiKey', async () => {
      if (await keys.prompt()) {
        log.info('API key stored in SecretStorage.');
        void vscode.window.showInformationMessage('Lucid: API key saved.');
      }
    }),
    vscode.commands.registerCommand('lucid.clearApiKey', async () => {
      await keys.clear();
      log.info('API key removed from SecretStorage.');
      const env = process.env.ANTHROPIC_API_KEY?.trim() ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
      void vscode.window.showInformationMessage(`Lucid: API key cleared.${env}`);
    }),
  );
}
