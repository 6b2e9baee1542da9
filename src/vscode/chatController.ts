// The chat: owns the transcript the panel shows and the agent session behind it (liveSession.ts), recorded to
// `.agent-memory/sessions/` unless `lucid.recordSessions` is false. Stop aborts the running request; New Session ends
// the current one; a recorded session can be reopened read-only, then continued. A request may be a slash command
// (slashRequest.ts) or carry an outcome (outcomeRequest.ts: graded until the outcome ends; the one waiting for the
// next request is kept here as a chip). Specialists ask through the same approvals and show as cards in its turn.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import * as vscode from 'vscode';
import type { PromptImage } from '../core/agent/agentLoop';
import type { AgentEvent, OutcomeDefinition, OutcomeResult, SessionEndReason } from '../core/agent/agentEvents';
import { conversationFromEvents } from '../core/agent/resumeConversation';
import { resolveSlash } from '../core/agent/slashCommands';
import type { ReadEvent } from '../core/sessions/sessionSchema';
import type { ApprovalModeView, ChatItem, PendingOutcome, SessionSummary } from '../shared/panelState';
import type { HostToWebview, ImageInput, OutcomeInput } from '../shared/protocol';
import { readAgentSettings } from './agentSettings';
import type { ApiKeyStore } from './apiKey';
import { ApprovalBroker } from './approvalBroker';
import { Attachments } from './attachments';
import { ApprovalModes } from './approvalModes';
import { ChatLog } from './chatLog';
import { EditActions } from './editActions';
import { EditUndo } from './editUndo';
import { workspaceMcp } from './mcpServers';
import { startLiveSession, type LiveSession } from './liveSession';
import { checkOutcome, pendingView, requestEvents } from './outcomeRequest';
import { slashAction, type SlashAction } from './slashRequest';
import { readRecordedSession, recentSessions } from './sessionHistory';
import { workspaceRoot } from './workspaceRoot';

export interface ChatControllerDeps {
  keys: ApiKeyStore;
  workspaceState: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** Sends a delta to the panel (dropped while the panel is not showing: it gets a snapshot on `ready`). */
  post: (message: HostToWebview) => void;
  /** Something beyond the transcript changed (busy, session): the panel should get a new snapshot. */
  onStateChanged: () => void;
  /** A request finished: the agent may have written notes. */
  onTurnFinished: () => void;
  /** The slash commands that act outside the chat: `/memory` (the Memory tab), `/dream`, `/model` (the model picked). */
  panelCommand: (command: 'memory' | 'dream' | 'model', model?: string) => Promise<string | undefined>;
}

export class ChatController implements vscode.Disposable {
  private readonly chat = new ChatLog((change) => this.deps.post(change));
  /** The panel's approval mode (read by the state), and the selections the next request carries. */
  readonly modes = new ApprovalModes();
  readonly attachments = new Attachments(() => this.deps.onStateChanged());
  readonly approvals: ApprovalBroker;
  /** "Approve plan", "Undo these edits", "Restore to here", an edit card's "Open diff" (editActions.ts). */
  readonly actions: EditActions;
  private live: LiveSession | undefined;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private viewing: SessionSummary | undefined;
  private pending: OutcomeDefinition | undefined;
  /** The recorded session shown read-only, for "Continue this session". */
  private viewingEvents: ReadEvent[] | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    this.approvals = new ApprovalBroker(deps.workspaceState, () => this.chat, deps.log);
    const running = () => this.running !== undefined;
    this.actions = new EditActions({ chat: this.chat, modes: this.modes, running, agent: () => this.live?.agent, send: (t) => this.send(t), onStateChanged: deps.onStateChanged, documents: this.approvals });
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get transcript(): ChatItem[] {
    return this.chat.transcript;
  }

  /** The live session, if one runs (it follows a new key, base URL, model: clientSettings.ts). */
  get session(): LiveSession | undefined {
    return this.live;
  }

  get viewingSession(): SessionSummary | undefined {
    return this.viewing;
  }

  /** Recent recorded sessions, newest first (the live one left out). */
  async recentSessions(): Promise<SessionSummary[]> {
    const root = workspaceRoot();
    return root ? recentSessions(root, this.live?.agent.id) : [];
  }

  /** The outcome the next request carries (the chip above the input). */
  get pendingOutcome(): PendingOutcome | undefined {
    return this.pending && pendingView(this.pending);
  }

  /** Attaches an outcome to the next request, or removes it (null). Returns why it was refused, if it was. */
  setPendingOutcome(input: OutcomeInput | null): string | undefined {
    if (input === null) {
      this.pending = undefined;
    } else {
      const checked = checkOutcome(input);
      if ('problem' in checked) return checked.problem;
      this.pending = checked.outcome;
    }
    this.deps.onStateChanged();
    return undefined;
  }

  /**
   * Sends a request to the agent and streams its events into the chat. Ignored while a request runs. A slash
   * command is resolved first (slashRequest.ts). With an outcome the work is graded until the outcome ends; an
   * outcome that is not valid stops the request before it starts, with the reason, and the text goes back into the
   * input.
   */
  async send(text: string, outcomeInput?: OutcomeInput, images: ImageInput[] = []): Promise<void> {
    if (this.running) return;
    const root = workspaceRoot();
    const action: SlashAction = root && text.trimStart().startsWith('/') ? slashAction(text, await resolveSlash(text, root)) : { kind: 'send', ...this.attachments.take(text) };
    if (action.kind !== 'send') return this.slash(action, text);
    let outcome: OutcomeDefinition | undefined;
    if (outcomeInput) {
      const checked = checkOutcome(outcomeInput);
      if ('problem' in checked) {
        this.chat.add({ kind: 'error', message: `The outcome is not valid, so the request was not sent: ${checked.problem}` });
        this.deps.post({ type: 'restoreDraft', text });
        this.deps.post({ type: 'outcomeProblem', message: checked.problem });
        return;
      }
      outcome = checked.outcome;
    }
    if (this.viewing) await this.newSession();
    await this.busyWhile((signal) => this.run(action, outcome, signal, images as PromptImage[]));
  }

  /** Runs `work` as the request under way: busy, stoppable, and the chat's request ends with it. */
  private async busyWhile(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const abort = (this.abort = new AbortController());
    const run = work(abort.signal);
    this.running = run;
    this.deps.onStateChanged();
    try {
      await run;
    } finally {
      this.running = undefined;
      this.abort = undefined;
      this.deps.onStateChanged();
      this.deps.onTurnFinished();
    }
  }

  /** Lucid's own commands (`/compact`, `/clear`, `/cost`, `/model`, `/memory`, `/dream`) and unknown ones. */
  private async slash(action: Exclude<SlashAction, { kind: 'send' }>, typed: string): Promise<void> {
    switch (action.kind) {
      case 'error':
        this.chat.add({ kind: 'error', message: action.message });
        this.deps.post({ type: 'restoreDraft', text: typed });
        return;
      case 'clear':
        return this.newSession();
      case 'cost':
        this.chat.addCost(this.live?.client.model ?? this.viewing?.model ?? readAgentSettings().model);
        return;
      case 'compact':
        return this.compact();
      case 'model': {
        const model = await this.deps.panelCommand('model', action.model);
        if (!model) return;
        this.live?.setModel(model);
        this.chat.model = model;
        this.chat.add({ kind: 'info', text: `Model for the next requests: ${model}.` });
        return;
      }
      default:
        await this.deps.panelCommand(action.kind);
    }
  }

  /** `/compact`: folds the older turns of the live session into a summary now. */
  private async compact(): Promise<void> {
    const live = this.live;
    if (!live || this.viewing) {
      this.chat.add({ kind: 'info', text: 'Nothing to compact: no conversation in this session yet.' });
      return;
    }
    await this.busyWhile(async (signal) => {
      try {
        const events = live.agent.compact(signal);
        for (;;) {
          const r = await events.next();
          if (r.done) {
            if (!r.value) this.chat.add({ kind: 'info', text: 'Nothing to compact yet: the conversation is short.' });
            return;
          }
          this.chat.apply(r.value);
        }
      } catch (err) {
        this.deps.log.error(`Compacting failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        this.chat.add({ kind: 'error', message: signal.aborted ? 'Stopped.' : `Compacting failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
  }

  private async run(request: { prompt: string; display: string }, outcome: OutcomeDefinition | undefined, signal: AbortSignal, images: PromptImage[]): Promise<void> {
    const root = workspaceRoot();
    if (!root) {
      this.chat.add({ kind: 'error', message: 'Open a folder first: Lucid works in a workspace and keeps its memory in .agent-memory there.' });
      return;
    }
    const apiKey = await this.deps.keys.get();
    if (!apiKey) {
      this.chat.add({ kind: 'error', message: 'No Anthropic API key: run "Lucid: Set API Key" (stored in SecretStorage).' });
      return;
    }
    if (outcome) this.pending = undefined; // it goes with this request
    let reason: SessionEndReason | OutcomeResult = 'error';
    let shown = request.display === request.prompt; // a custom command (and attached selections) shows as typed
    let started: { live: LiveSession; mark: number; planned: boolean } | undefined;
    this.modes.beforeRequest(this.chat);
    try {
      const live = this.live ?? (this.live = await this.startSession(root, apiKey));
      this.chat.model = live.client.model; // the model may have changed since (a setting): the token line prices it
      started = { live, mark: EditUndo.mark(live.agent.checkpoints), planned: live.agent.planMode };
      const events = requestEvents(live, request.prompt, outcome, signal, images);
      for (;;) {
        const r = await events.next();
        if (r.done) {
          reason = r.value;
          break;
        }
        const e: AgentEvent = !shown && r.value.type === 'user_message' ? ((shown = true), { ...r.value, text: request.display }) : r.value;
        this.chat.apply(e);
      }
    } catch (err) {
      this.deps.log.error(`The agent failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.chat.add({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.chat.finishStreaming();
      if (signal.aborted) this.chat.settleOutcome('interrupted', 'Stopped by the user.');
      else this.chat.settleOutcome('failed', 'The request ended with an error before the outcome was graded.');
      this.approvals.cancelAll('The request ended before the user answered.');
      this.chat.endRequest();
      if (started) this.actions.undo.afterRequest(this.chat, started.live.agent.checkpoints, root, started.mark);
    }
    this.modes.afterRequest(this.chat, !!started?.planned, reason === 'completed');
    if (reason === 'stopped') this.chat.add({ kind: 'error', message: 'Stopped.' });
  }

  private async startSession(root: string, apiKey: string, resume?: { id: string; history: MessageParam[] }): Promise<LiveSession> {
    const trusted = vscode.workspace.isTrusted;
    const mcp = await workspaceMcp(root, trusted, this.deps.log);
    const live = await startLiveSession({
      root, apiKey, settings: readAgentSettings(), trusted, ask: this.approvals.ask, alwaysAllowed: this.approvals.alwaysAllowed, log: this.deps.log,
      ...(resume ? { resume } : {}), ...(mcp ? { mcp } : {}), acceptEdits: this.modes.acceptEdits,
    });
    this.modes.applyTo(live.agent);
    this.chat.model = live.client.model;
    return live;
  }

  /** The panel's mode switch: the live session follows at once, a new one starts in it. */
  setApprovalMode(mode: ApprovalModeView): void {
    this.modes.set(mode, this.live?.agent);
    this.deps.onStateChanged();
  }

  /** Stops the running request: the model stream is aborted and pending approvals are denied. */
  stop(): void {
    this.abort?.abort();
    this.approvals.cancelAll('The user stopped the session.');
  }

  /** Ends the current session (recording it) and starts an empty chat. */
  async newSession(): Promise<void> {
    await this.endLive();
    this.viewing = undefined;
    this.viewingEvents = undefined;
    this.actions.undo.reset();
    this.modes.reset();
    this.chat.reset();
    this.deps.onStateChanged();
  }

  /** Shows a recorded session, read-only. The next message starts a new session, unless it is continued. */
  async openSession(id: string): Promise<void> {
    const root = workspaceRoot();
    if (!root) return;
    const recorded = await readRecordedSession(root, id);
    if (!recorded) {
      void vscode.window.showWarningMessage(`Lucid: session ${id} is no longer in .agent-memory/sessions.`);
      return;
    }
    for (const p of recorded.problems) this.deps.log.warn(p);
    await this.endLive();
    this.actions.undo.reset();
    this.modes.reset();
    this.chat.reset(recorded.items);
    this.viewing = recorded.summary;
    this.viewingEvents = recorded.events;
    this.deps.onStateChanged();
  }

  /**
   * "Continue this session": the recorded session shown goes on as a new live session that starts from its
   * conversation (its transcript names the one it continues); the chat keeps its items.
   */
  async continueSession(id: string): Promise<void> {
    const root = workspaceRoot();
    if (this.running || !root || this.viewing?.id !== id || !this.viewingEvents) return;
    const apiKey = await this.deps.keys.get();
    if (!apiKey) {
      this.chat.add({ kind: 'error', message: 'No Anthropic API key: run "Lucid: Set API Key" (stored in SecretStorage).' });
      return;
    }
    const history = conversationFromEvents(this.viewingEvents);
    this.live = await this.startSession(root, apiKey, { id, history });
    this.viewing = undefined;
    this.viewingEvents = undefined;
    this.chat.add({ kind: 'info', text: `Continuing this session: the next request goes on from its ${history.length} messages.` });
    this.deps.onStateChanged();
  }

  private async endLive(): Promise<void> {
    if (this.running) {
      this.stop();
      await this.running.catch(() => undefined);
    }
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    try {
      await live.agent.end('completed');
      await live.transcript.close();
      await live.closeExtras();
    } catch (err) {
      this.deps.log.warn(`Closing session ${live.agent.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.stop();
    void this.endLive();
    this.approvals.dispose();
  }
}
