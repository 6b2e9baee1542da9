// Approvals inline in the chat: implements the `ask` of the approval gate. It posts a pending approval item and
// waits for Allow / Deny / Always from the panel. A proposed edit also opens VS Code's native diff editor: the
// content before on the left (read-only, `lucid-proposed:`), the proposal on the right, editable
// (proposalFileSystem.ts): what the user saved there is what Allow applies, and the model is told it was changed.
// Unsaved changes at Allow are asked about (save and apply, or go back). "Always" remembers the exact command per
// workspace. A specialist's request carries its name, which the item shows ("test specialist wants to run:").
import * as path from 'path';
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalRequest } from '../core/tools/approvalPolicy';
import type { ApprovalItem, ChatItem } from '../shared/panelState';
import { PROPOSAL_SCHEME, ProposalFileSystem } from './proposalFileSystem';

export const PROPOSED_SCHEME = 'lucid-proposed';
const ALWAYS_KEY = 'lucid.alwaysAllowedCommands';

/** Where approval items go: the chat log of the current session. */
export interface ApprovalSink {
  add(item: Omit<ApprovalItem, 'id'>): ChatItem;
  update<T extends ChatItem>(id: string, patch: Partial<Omit<T, 'id' | 'kind'>>): void;
}

/** Read-only documents under `lucid-proposed:` (a diff's sides). */
export interface ProposedDocuments {
  set(uri: vscode.Uri, content: string): void;
}

interface Pending {
  itemId: string;
  request: ApprovalRequest;
  sink: ApprovalSink;
  resolve: (d: ApprovalDecision) => void;
}

export class ApprovalBroker implements vscode.Disposable, vscode.TextDocumentContentProvider, ProposedDocuments {
  /** Exact commands (trimmed) the user chose to always allow in this workspace; read live by the gate. */
  readonly alwaysAllowed: Set<string>;
  private readonly pending = new Map<string, Pending>();
  private readonly documents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private readonly proposals = new ProposalFileSystem();
  /** Edits whose Allow waits for the answer about unsaved changes (a second click is ignored meanwhile). */
  private readonly asking = new Set<string>();
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

  set(uri: vscode.Uri, content: string): void {
    this.documents.set(uri.toString(), content);
    this.changed.fire(uri);
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

  /**
   * The user's answer from the panel. Unknown or already settled requests are ignored. Allowing an edit applies what
   * the user saved on the proposed side (`replacement` when it differs from the agent's proposal).
   */
  async decide(requestId: string, decision: 'allow' | 'deny' | 'always', reason?: string): Promise<void> {
    const p = this.pending.get(requestId);
    if (!p) return;
    if (decision !== 'deny' && p.request.kind === 'edit') {
      if (this.asking.has(requestId)) return;
      this.asking.add(requestId);
      const replacement = await this.userVersion(requestId, p.request).finally(() => this.asking.delete(requestId));
      if (replacement === false || !this.pending.has(requestId)) return; // back to the diff, still pending
      this.settle(requestId, { allowed: true, how: 'user', ...(replacement === undefined ? {} : { replacement }) });
      return;
    }
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
    return {
      before: vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${requestId}/before/${rel}` }),
      after: vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${requestId}/${rel}` }),
    };
  }

  /**
   * What the user saved on the proposed side: undefined when it is the agent's proposal, false when the user has
   * unsaved changes there and chose to go back to them.
   */
  private async userVersion(requestId: string, req: Extract<ApprovalRequest, { kind: 'edit' }>): Promise<string | undefined | false> {
    const { after } = this.uris(requestId, req.file);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === after.toString());
    if (doc?.isDirty) {
      const save = 'Save and Apply';
      const detail = 'Allow applies what is saved on the proposed side (right). Save your changes and apply them, or cancel to go back to the diff.';
      const answer = await vscode.window.showWarningMessage(`The proposed ${path.basename(req.file)} has unsaved changes.`, { modal: true, detail }, save);
      if (answer !== save || !(await doc.save())) return false;
    }
    const saved = this.proposals.saved(after);
    return saved === undefined || saved === req.after ? undefined : saved;
  }

  private async showDiff(requestId: string, req: Extract<ApprovalRequest, { kind: 'edit' }>): Promise<void> {
    const { before, after } = this.uris(requestId, req.file);
    this.documents.set(before.toString(), req.before ?? '');
    this.proposals.put(after, req.after);
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
      return input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME && input.modified.path.startsWith(prefix);
    });
    // A proposal with unsaved changes is saved (to memory, discarded next) so closing it does not ask.
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === PROPOSAL_SCHEME && d.uri.path.startsWith(prefix) && d.isDirty) await d.save();
    try {
      if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    } catch {
      // already closed by the user
    }
    for (const key of [...this.documents.keys()]) if (vscode.Uri.parse(key).path.startsWith(prefix)) this.documents.delete(key);
    this.proposals.drop(prefix);
  }

  dispose(): void {
    this.cancelAll('The extension is shutting down.');
    this.registration.dispose();
    this.proposals.dispose();
    this.changed.dispose();
  }
}
