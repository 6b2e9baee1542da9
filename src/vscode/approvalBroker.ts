// Approvals inline in the chat: implements the `ask` of the approval gate. It posts a pending approval item and
// waits for Allow / Deny / Always from the panel. A proposed edit also opens VS Code's native diff editor, on
// read-only documents under the `lucid-proposed:` scheme. "Always" remembers the exact command per workspace. A
// specialist's request carries its name, which the item shows ("test specialist wants to run:").
import * as path from 'path';
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalRequest } from '../core/tools/approvalPolicy';
import type { ApprovalItem, ChatItem } from '../shared/panelState';

export const PROPOSED_SCHEME = 'lucid-proposed';
const ALWAYS_KEY = 'lucid.alwaysAllowedCommands';

/** Where approval items go: the chat log of the current session. */
export interface ApprovalSink {
  add(item: Omit<ApprovalItem, 'id'>): ChatItem;
  update<T extends ChatItem>(id: string, patch: Partial<Omit<T, 'id' | 'kind'>>): void;
}

interface Pending {
  itemId: string;
  request: ApprovalRequest;
  sink: ApprovalSink;
  resolve: (d: ApprovalDecision) => void;
}

export class ApprovalBroker implements vscode.Disposable, vscode.TextDocumentContentProvider {
  /** Exact commands (trimmed) the user chose to always allow in this workspace; read live by the gate. */
  readonly alwaysAllowed: Set<string>;
  private readonly pending = new Map<string, Pending>();
  private readonly documents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private seq = 0;

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly sink: () => ApprovalSink,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.alwaysAllowed = new Set(workspaceState.get<string[]>(ALWAYS_KEY, []));
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '';
  }

  /** The gate's `ask`: shows the request in the chat (and the diff, for an edit) and waits for the user. */
  readonly ask = async (request: ApprovalRequest): Promise<ApprovalDecision> => {
    // Let the tool call's card reach the chat first: the loop emits it just before asking.
    await new Promise((resolve) => setImmediate(resolve));
    const requestId = `a${Date.now().toString(36)}${++this.seq}`;
    const sink = this.sink();
    const item = sink.add({
      kind: 'approval',
      requestId,
      request: request.kind === 'command' ? { kind: 'command', command: request.command } : { kind: 'edit', file: request.file, diff: request.diff },
      canAlways: request.kind === 'command' && !request.command.includes('\n'),
      status: 'pending',
      ...(request.agent ? { agent: request.agent } : {}),
    });
    if (request.kind === 'edit') void this.showDiff(requestId, request);
    return new Promise<ApprovalDecision>((resolve) => this.pending.set(requestId, { itemId: item.id, request, sink, resolve }));
  };

  /** The user's answer from the panel. Unknown or already settled requests are ignored. */
  decide(requestId: string, decision: 'allow' | 'deny' | 'always', reason?: string): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    if (decision === 'always' && p.request.kind === 'command') {
      this.alwaysAllowed.add(p.request.command.trim());
      void this.workspaceState.update(ALWAYS_KEY, [...this.alwaysAllowed]);
      this.log.info(`Always allowing in this workspace: ${p.request.command.trim()}`);
    }
    const allowed = decision !== 'deny';
    const denyReason = reason?.trim() ? `The user denied this: ${reason.trim()}` : 'The user denied this.';
    this.settle(requestId, allowed ? { allowed: true, how: 'user' } : { allowed: false, reason: denyReason });
  }

  /** Denies everything still waiting (the user stopped the session, or started a new one). */
  cancelAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { allowed: false, reason });
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  private settle(requestId: string, d: ApprovalDecision): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    p.sink.update<ApprovalItem>(p.itemId, d.allowed ? { status: 'allowed' } : { status: 'denied', reason: d.reason });
    p.resolve(d);
    if (p.request.kind === 'edit') void this.closeDiff(requestId);
  }

  private uris(requestId: string, file: string): { before: vscode.Uri; after: vscode.Uri } {
    const rel = file.split(path.sep).join('/').replace(/^\/+/, '');
    const make = (side: string) => vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${requestId}/${side}/${rel}` });
    return { before: make('before'), after: make('after') };
  }

  private async showDiff(requestId: string, req: Extract<ApprovalRequest, { kind: 'edit' }>): Promise<void> {
    const { before, after } = this.uris(requestId, req.file);
    this.documents.set(before.toString(), req.before ?? '');
    this.documents.set(after.toString(), req.after);
    const title = `${path.basename(req.file)} (${req.before === undefined ? 'new file' : 'proposed edit'}) — Lucid`;
    try {
      await vscode.commands.executeCommand('vscode.diff', before, after, title, { preview: true, preserveFocus: true });
    } catch (err) {
      this.log.warn(`Could not open the diff of ${req.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async closeDiff(requestId: string): Promise<void> {
    const prefix = `/${requestId}/`;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
      const input = t.input;
      return input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSED_SCHEME && input.modified.path.startsWith(prefix);
    });
    try {
      if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    } catch {
      // already closed by the user
    }
    for (const key of [...this.documents.keys()]) if (vscode.Uri.parse(key).path.startsWith(prefix)) this.documents.delete(key);
  }

  dispose(): void {
    this.cancelAll('The extension is shutting down.');
    this.registration.dispose();
    this.changed.dispose();
  }
}
