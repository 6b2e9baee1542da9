// The chat: owns the transcript the panel shows and the agent session behind it. One AgentSession per chat,
// recorded to `.agent-memory/sessions/` (unless `lucid.recordSessions` is false); Stop aborts the running request;
// New Session ends the current one; a recorded session can be reopened read-only. A request may carry an outcome
// (outcomeRequest.ts): the agent works under a grader until the outcome ends; the outcome waiting for the next
// request is kept here (the panel shows it as a chip). Unless `lucid.agents.enabled` is off, the agent may hand parts
// of a request to specialists (specialists.ts): they ask through the same approvals and show as cards in its turn.
import * as path from 'path';
import * as vscode from 'vscode';
import { AgentSession } from '../core/agent/agentSession';
import { openTranscript, type Transcript } from '../core/agent/transcriptSink';
import { memoryPaths } from '../core/memory/memoryLayout';
import { MemoryStore } from '../core/memory/memoryStore';
import { createModelClient } from '../core/model/modelClient';
import type { OutcomeDefinition, OutcomeResult, SessionEndReason } from '../core/agent/agentEvents';
import { listSessions, readSession } from '../core/sessions/sessionReader';
import { createApprovalGate } from '../core/tools/approvalPolicy';
import type { ChatItem, PendingOutcome, SessionSummary } from '../shared/panelState';
import type { HostToWebview, OutcomeInput } from '../shared/protocol';
import { readAgentSettings } from './agentSettings';
import type { ApiKeyStore } from './apiKey';
import { ApprovalBroker } from './approvalBroker';
import { ChatLog } from './chatLog';
import { checkOutcome, pendingView, requestEvents, type RequestContext } from './outcomeRequest';
import { delegatorFor, readChildTranscripts } from './specialists';
import { workspaceRoot } from './workspaceRoot';

const RECENT_SESSIONS = 10;

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
}

interface LiveSession extends RequestContext {
  transcript: Transcript;
}

export class ChatController implements vscode.Disposable {
  private readonly chat = new ChatLog((change) => this.deps.post(change));
  readonly approvals: ApprovalBroker;
  private live: LiveSession | undefined;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private viewing: SessionSummary | undefined;
  private pending: OutcomeDefinition | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    this.approvals = new ApprovalBroker(deps.workspaceState, () => this.chat, deps.log);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get transcript(): ChatItem[] {
    return this.chat.transcript;
  }

  get viewingSession(): SessionSummary | undefined {
    return this.viewing;
  }

  /** Recent recorded sessions, newest first (the live one left out). */
  async recentSessions(): Promise<SessionSummary[]> {
    const root = workspaceRoot();
    if (!root) return [];
    const all = await listSessions(memoryPaths(root).sessions).catch(() => []);
    return all
      .filter((s) => s.id !== this.live?.agent.id && !s.header?.parent) // a specialist's session shows on its lead's card
      .reverse()
      .slice(0, RECENT_SESSIONS)
      .map((s) => ({ id: s.id, ...(s.startedAt ? { startedAt: s.startedAt } : {}), ...(s.header?.model ? { model: s.header.model } : {}) }));
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
   * Sends a request to the agent and streams its events into the chat. Ignored while a request runs. With an
   * outcome the work is graded until the outcome ends; an outcome that is not valid stops the request before it
   * starts, with the reason, and the text goes back into the input.
   */
  async send(text: string, outcomeInput?: OutcomeInput): Promise<void> {
    if (this.running) return;
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
    const run = this.run(text, outcome);
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

  private async run(text: string, outcome: OutcomeDefinition | undefined): Promise<void> {
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
    const abort = (this.abort = new AbortController());
    let reason: SessionEndReason | OutcomeResult = 'error';
    try {
      const live = this.live ?? (this.live = await this.startSession(root, apiKey));
      const events = requestEvents(live, text, outcome, abort.signal);
      for (;;) {
        const r = await events.next();
        if (r.done) {
          reason = r.value;
          break;
        }
        this.chat.apply(r.value);
      }
    } catch (err) {
      this.deps.log.error(`The agent failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.chat.add({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.chat.finishStreaming();
      if (abort.signal.aborted) this.chat.settleOutcome('interrupted', 'Stopped by the user.');
      else this.chat.settleOutcome('failed', 'The request ended with an error before the outcome was graded.');
      this.approvals.cancelAll('The request ended before the user answered.');
      this.chat.endRequest();
    }
    if (reason === 'stopped') this.chat.add({ kind: 'error', message: 'Stopped.' });
  }

  private async startSession(root: string, apiKey: string): Promise<LiveSession> {
    const settings = readAgentSettings();
    const trusted = vscode.workspace.isTrusted;
    const store = await MemoryStore.open(root);
    const baseURL = settings.baseUrl ?? (process.env.ANTHROPIC_BASE_URL || undefined);
    const client = createModelClient({ apiKey, baseURL, model: settings.model });
    const transcript = await openTranscript(store.paths.sessions, {
      workspace: root,
      model: client.model,
      knownSecrets: [apiKey],
      enabled: settings.recordSessions,
      onError: (e) => this.deps.log.warn(`Session recording: ${e instanceof Error ? e.message : String(e)}`),
    });
    const approve = createApprovalGate({
      edits: settings.edits,
      commands: settings.commands,
      trusted,
      ask: this.approvals.ask,
      alwaysAllowed: this.approvals.alwaysAllowed,
    });
    const delegator = await delegatorFor(settings.agents, {
      root, store, client, approve, trusted, memoryBudgetTokens: settings.tokenBudget, record: settings.recordSessions, knownSecrets: [apiKey],
      clientFor: (model) => createModelClient({ apiKey, baseURL, model }),
      warn: (m) => this.deps.log.warn(m),
    });
    const agent = new AgentSession({
      ...(delegator ? { delegator } : {}),
      workspaceRoot: root,
      store,
      client,
      approve,
      trusted,
      memoryBudgetTokens: settings.tokenBudget,
      sessionId: transcript.sessionId,
      listeners: [transcript.listener],
    });
    const where = transcript.file ? path.relative(root, transcript.file) : 'not recorded';
    const team = delegator ? `specialists: up to ${settings.agents.maxParallel} at once` : 'no specialists';
    this.deps.log.info(`Session ${agent.id} started (${client.model}, ${trusted ? 'trusted' : 'untrusted'}, ${team}; ${where}).`);
    return { agent, transcript, client, approve, root, trusted };
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
    this.chat.reset();
    this.deps.onStateChanged();
  }

  /** Shows a recorded session, read-only. The next message starts a new session. */
  async openSession(id: string): Promise<void> {
    const root = workspaceRoot();
    if (!root) return;
    const info = (await listSessions(memoryPaths(root).sessions)).find((s) => s.id === id);
    if (!info) {
      void vscode.window.showWarningMessage(`Lucid: session ${id} is no longer in .agent-memory/sessions.`);
      return;
    }
    const read = await readSession(info.path);
    for (const p of read.problems) this.deps.log.warn(`${info.name}: ${p}`);
    await this.endLive();
    this.chat.reset(ChatLog.fromRecorded(read.events, await readChildTranscripts(memoryPaths(root).sessions, read.events)));
    this.viewing = { id: info.id, ...(info.startedAt ? { startedAt: info.startedAt } : {}), ...(info.header?.model ? { model: info.header.model } : {}) };
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
