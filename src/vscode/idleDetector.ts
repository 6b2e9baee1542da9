// Watches the editor for user activity: typing, switching or moving in editors, terminals, and the window
// gaining focus or being interacted with. When the user is idle is decided by core/dream/idlePolicy.ts.
import * as vscode from 'vscode';
import type { ActivityKind } from '../core/dream/idlePolicy';

/** Documents whose changes are the user's: not output channels, not the memory files Lucid itself writes. */
function isUserDocument(doc: vscode.TextDocument): boolean {
  const scheme = doc.uri.scheme;
  if (scheme !== 'file' && scheme !== 'untitled' && scheme !== 'vscode-notebook-cell') return false;
  return !doc.uri.path.includes('/.agent-memory/');
}

export class IdleDetector implements vscode.Disposable {
  private last: number;
  private readonly activity = new vscode.EventEmitter<ActivityKind>();
  private readonly blur = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.activity, this.blur];
  /** Fires on every user activity (a dream in progress listens to cancel itself). */
  readonly onActivity = this.activity.event;
  /** Fires when the window loses focus: a good moment to check whether to dream. */
  readonly onBlur = this.blur.event;

  constructor(private readonly now: () => number = Date.now) {
    this.last = now();
    const w = vscode.window;
    this.subscriptions.push(
      w.onDidChangeWindowState((s) => {
        if (s.focused && s.active) this.touch('focus');
        else if (!s.focused) this.blur.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && isUserDocument(e.document)) this.touch('typing');
      }),
      w.onDidChangeActiveTextEditor(() => this.touch('editor')),
      w.onDidChangeTextEditorSelection((e) => {
        // Selections moved by the editor itself (a reload, a format) have no kind.
        if (e.kind !== undefined && isUserDocument(e.textEditor.document)) this.touch('selection');
      }),
      w.onDidOpenTerminal(() => this.touch('terminal')),
      w.onDidCloseTerminal(() => this.touch('terminal')),
      w.onDidChangeActiveTerminal(() => this.touch('terminal')),
      w.onDidStartTerminalShellExecution(() => this.touch('terminal')),
    );
  }

  /** When the user was last active (or when the detector started). */
  get lastActivityAt(): number {
    return this.last;
  }

  idleForMs(): number {
    return Math.max(0, this.now() - this.last);
  }

  get windowState(): { focused: boolean; active: boolean } {
    const s = vscode.window.state;
    return { focused: s.focused, active: s.active };
  }

  private touch(kind: ActivityKind): void {
    this.last = this.now();
    this.activity.fire(kind);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
