// The side panel (webview view). The host owns the state; the webview renders what it is sent.
import * as vscode from 'vscode';
import { MemoryStore } from '../core/memory/memoryStore';
import { parseWebviewMessage, type HostToWebview } from '../shared/protocol';
import { webviewHtml } from './webviewHtml';
import { workspaceRoot } from './workspaceRoot';

export class PanelViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'lucid.panel';
  private view: vscode.WebviewView | undefined;
  private markReady!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = webviewHtml(view.webview, vscode.Uri.joinPath(dist, 'webview.js'));
    view.webview.onDidReceiveMessage((raw) => {
      const msg = parseWebviewMessage(raw);
      if (!msg) {
        this.log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(raw).slice(0, 200)}`);
        return;
      }
      if (msg.type === 'ready') {
        this.markReady();
        void this.refresh();
      }
    });
    view.onDidDispose(() => (this.view = undefined));
  }

  /** Sends the current state to the panel, if it is showing. */
  async refresh(): Promise<void> {
    if (!this.view) return;
    const root = workspaceRoot();
    let noteCount = 0;
    if (root) {
      const store = await MemoryStore.open(root);
      noteCount = (await store.load()).notes.length;
    }
    const state: HostToWebview = { type: 'state', memoryFolder: root ? '.agent-memory' : null, noteCount };
    await this.view.webview.postMessage(state);
  }
}
