// The side panel (webview view). The host owns the state: the webview renders a snapshot, sent on every `ready`
// (the view is rebuilt each time it is shown again), plus deltas while it shows. Messages from the webview are
// validated before anything acts on them.
import * as path from 'path';
import * as vscode from 'vscode';
import { acceptNote } from './noteAccept';
import { listSlashCommands } from '../core/agent/slashCommands';
import { listProposals, decideProposal } from '../core/dream/apply/dreamProposal';
import { warmMemoryContext } from '../core/agent/memoryContext';
import { MemoryStore } from '../core/memory/memoryStore';
import { emptyMemoryView, type MemoryViewData, type PanelState, type PanelTab } from '../shared/panelState';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import { readAgentSettings, setThinking } from './agentSettings';
import type { ApiKeyStore } from './apiKey';
import { ChatController } from './chatController';
import { followClientSettings } from './clientSettings';
import { FileMentions } from './fileMentions';
import { buildMemoryView } from './memoryViewModel';
import { pickModel } from './modelPick';
import { loadRubrics } from './outcomeRequest';
import { slashCommandViews } from './slashRequest';
import { webviewHtml } from './webviewHtml';
import { workspaceRoot } from './workspaceRoot';

export class PanelViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'lucid.panel';
  readonly chat: ChatController;
  private view: vscode.WebviewView | undefined;
  /** The webview said `ready` since it was last (re)loaded: deltas may be posted. */
  private live = false;
  /** The memory was loaded ahead of the first session (once per window). */
  private warmed = false;
  private tab: PanelTab = 'chat';
  private memory: MemoryViewData = emptyMemoryView();
  private hasApiKey = false;
  /** Counts snapshots: one built while a newer one was asked for is dropped (it would show an older state). */
  private stateSeq = 0;
  private markReady!: () => void;
  /** Resolves the first time the panel's webview says `ready`. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mentions: FileMentions;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly keys: ApiKeyStore,
    workspaceState: vscode.Memento,
    /** Told when an agent session starts or stops (the status bar shows it). */
    private readonly onBusyChanged?: (busy: boolean) => void,
  ) {
    this.chat = new ChatController({
      keys,
      workspaceState,
      log,
      post: (m) => this.post(m),
      onStateChanged: () => {
        this.onBusyChanged?.(this.chat.busy);
        void this.pushState();
      },
      onTurnFinished: () => void this.refreshMemory(),
      panelCommand: (command, model) => this.panelCommand(command, model),
    });
    this.mentions = new FileMentions(log);
    this.disposables.push(
      this.chat,
      followClientSettings(keys, () => this.chat.session, log),
      keys.onDidChange(() => void this.pushState()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.pushState()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lucid.memory.tokenBudget')) void this.refreshMemory();
        if (e.affectsConfiguration('lucid.thinkingBudget')) void this.pushState();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.live = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = webviewHtml(view.webview, vscode.Uri.joinPath(dist, 'webview.js'), vscode.Uri.joinPath(media, 'panel.css'));
    view.webview.onDidReceiveMessage((raw) => {
      const msg = parseWebviewMessage(raw);
      if (!msg) {
        this.log.warn(`Ignored a malformed message from the panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      this.handle(msg).catch((err) => {
        this.log.error(`Panel action ${msg.type} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void vscode.window.showErrorMessage(`Lucid: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.live = false; // the webview is torn down; it says `ready` again when shown
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.live = false;
    });
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.live = true;
        await this.pushState();
        this.markReady();
        void this.refreshMemory().then(() => this.warmMemory());
        return;
      case 'send':
        return this.chat.send(msg.text, msg.outcome, msg.images);
      case 'removeAttachment':
        return this.chat.attachments.remove(msg.id);
      case 'mentionQuery': {
        const root = workspaceRoot();
        this.post({ type: 'mentionOptions', seq: msg.seq, options: root ? await this.mentions.query(root, msg.query) : [] });
        return;
      }
      case 'attachMention':
        return this.attachMention(msg.path, msg.folder);
      case 'setThinking':
        return setThinking(msg.on);
      case 'setOutcome': {
        const problem = this.chat.setPendingOutcome(msg.outcome);
        if (problem) this.post({ type: 'outcomeProblem', message: problem });
        return;
      }
      case 'stop':
        return this.chat.stop();
      case 'newSession':
        return this.chat.newSession();
      case 'openSession':
        return this.chat.openSession(msg.id);
      case 'continueSession':
        return this.chat.continueSession(msg.id);
      case 'approve':
        return this.chat.approvals.decide(msg.requestId, msg.decision, msg.reason);
      case 'setApprovalMode':
        return this.chat.setApprovalMode(msg.mode);
      case 'approvePlan':
        return this.chat.actions.approvePlan(msg.itemId);
      case 'undoEdits':
        return this.chat.actions.undoEdits(msg.itemId);
      case 'restoreEdits':
        return this.chat.actions.restoreEdits(msg.itemId);
      case 'openEditDiff':
        return this.chat.actions.openEditDiff(msg.callId);
      case 'setApiKey':
        await vscode.commands.executeCommand('lucid.setApiKey');
        return;
      case 'showTab':
        this.tab = msg.tab;
        if (msg.tab === 'memory') void this.refreshMemory();
        return;
      case 'openNote':
        return this.openNote(msg.id);
      case 'acceptNote':
        return workspaceRoot() ? acceptNote(workspaceRoot()!, msg.id, this.log).then(() => this.refreshMemory()) : undefined;
      case 'decideProposal':
        return this.decideProposal(msg.file, msg.accept);
      case 'dreamNow':
        await runCommand('lucid.dreamNow', 'Dreaming');
        return this.refreshMemory();
      case 'openReport':
        await runCommand('lucid.openDreamReport', 'Opening the dream report');
        return;
      case 'openLink':
        return openLink(msg.href);
    }
  }

  /** Re-reads the memory (notes, digest cost, last dream, proposals) and sends it to the panel. */
  async refreshMemory(): Promise<void> {
    const root = workspaceRoot();
    const budget = readAgentSettings().tokenBudget;
    try {
      this.memory = root ? await buildMemoryView(root, budget) : emptyMemoryView(budget);
    } catch (err) {
      this.log.warn(`Reading the memory for the panel: ${err instanceof Error ? err.message : String(err)}`);
      this.memory = { ...emptyMemoryView(budget), problems: [err instanceof Error ? err.message : String(err)] };
    }
    this.post({ type: 'memory', memory: this.memory });
  }

  /** Sends a fresh snapshot and re-reads the memory (used after memory commands). */
  async refresh(): Promise<void> {
    await this.pushState();
    await this.refreshMemory();
  }

  private async pushState(): Promise<void> {
    if (!this.view || !this.live) return;
    const seq = ++this.stateSeq;
    this.hasApiKey = !!(await this.keys.get());
    const root = workspaceRoot();
    const state: PanelState = {
      hasApiKey: this.hasApiKey,
      trusted: vscode.workspace.isTrusted,
      workspace: root ? path.basename(root) : null,
      busy: this.chat.busy,
      approvalMode: this.chat.modes.mode,
      attachments: this.chat.attachments.views,
      thinking: (readAgentSettings().thinkingBudget ?? 0) > 0,
      tab: this.tab,
      transcript: this.chat.transcript,
      ...(this.chat.viewingSession ? { viewingSession: this.chat.viewingSession } : {}),
      sessions: await this.chat.recentSessions(),
      memory: this.memory,
      ...(this.chat.pendingOutcome ? { pendingOutcome: this.chat.pendingOutcome } : {}),
      rubrics: root ? await loadRubrics(root) : [],
      slashCommands: slashCommandViews(root ? await listSlashCommands(root).catch(() => []) : []),
    };
    if (seq === this.stateSeq) this.post({ type: 'state', state });
  }

  /** The slash commands that act outside the chat; `/model` answers with the model picked. */
  private async panelCommand(command: 'memory' | 'dream' | 'model', model?: string): Promise<string | undefined> {
    if (command === 'model') return pickModel(readAgentSettings().model, model);
    this.tab = 'memory';
    await this.pushState();
    if (command === 'dream') await runCommand('lucid.dreamNow', 'Dreaming');
    await this.refreshMemory();
    return undefined;
  }

  private post(message: HostToWebview): void {
    if (this.view && this.live) void this.view.webview.postMessage(message);
  }

  /** A file or folder picked with `@`: its content or listing goes with the next request (a chip until then). */
  private async attachMention(rel: string, folder: boolean): Promise<void> {
    const root = workspaceRoot();
    if (!root) return;
    const picked = await this.mentions.attach(root, rel, folder);
    if ('problem' in picked) void vscode.window.showWarningMessage(`Lucid: ${picked.problem}`);
    else this.chat.attachments.add(picked);
  }

  /** Once per window: the first session start then finds the notes loaded and indexed (see warmMemoryContext). */
  private warmMemory(): void {
    const root = workspaceRoot();
    if (this.warmed || !root) return;
    this.warmed = true;
    const budget = vscode.workspace.getConfiguration('lucid').get<number>('memory.tokenBudget', 2000);
    void MemoryStore.open(root)
      .then((store) => warmMemoryContext(store, budget))
      .catch((err: unknown) => this.log.warn(`Loading memory ahead of the first session failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async openNote(id: string): Promise<void> {
    const root = workspaceRoot();
    if (!root) return;
    const store = await MemoryStore.open(root);
    const loaded = await store.get(id);
    if (!loaded) {
      void vscode.window.showWarningMessage(`Lucid: no note ${id} in .agent-memory/notes.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(store.paths.notes, loaded.file)));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  private async decideProposal(file: string, accept: string[]): Promise<void> {
    const root = workspaceRoot();
    if (!root) return;
    // The file name comes from the webview: act only on a proposal that is actually pending.
    const pending = (await listProposals(root)).find((p) => p.file === file);
    if (!pending) {
      void vscode.window.showWarningMessage('Lucid: that dream proposal is no longer pending.');
      return this.refreshMemory();
    }
    const { applied, skipped } = await decideProposal(root, pending.file, { accept, budgetTokens: readAgentSettings().tokenBudget });
    const note = skipped.length ? `; ${skipped.length} left alone (edited by a person since)` : '';
    this.log.info(`Dream proposal ${path.basename(file)}: applied ${applied.join(', ') || 'nothing'}${note}.`);
    void vscode.window.showInformationMessage(accept.length ? `Lucid: applied ${applied.length} note change(s)${note}.` : 'Lucid: proposal rejected.');
    await this.refreshMemory();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

async function runCommand(id: string, what: string): Promise<void> {
  if (!(await vscode.commands.getCommands(true)).includes(id)) {
    void vscode.window.showWarningMessage(`Lucid: ${what} is not available in this build (${id}).`);
    return;
  }
  await vscode.commands.executeCommand(id);
}

function openLink(href: string): void {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'https' || uri.scheme === 'http' || uri.scheme === 'mailto') void vscode.env.openExternal(uri);
}
