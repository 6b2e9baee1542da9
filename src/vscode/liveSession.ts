// The panel's live agent session: the model client (whose model `/model` can switch for the next requests), the
// transcript, the approval gate, the specialists, and the conversation to go on from when a recorded session is
// continued (`history`, with `resumedFrom` on the new transcript). No `vscode` import: the unit tier starts one
// against the fake server.
import * as path from 'path';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { AgentSession } from '../core/agent/agentSession';
import { openTranscript, type Transcript } from '../core/agent/transcriptSink';
import { MemoryStore } from '../core/memory/memoryStore';
import { createModelClient } from '../core/model/modelClient';
import { switchableClient } from '../core/model/switchableClient';
import { createApprovalGate, type ApprovalPolicyOptions } from '../core/tools/approvalPolicy';
import type { AgentTool } from '../core/tools/toolTypes';
import type { AgentSettings } from './agentSettings';
import { withAcceptEdits } from './approvalModes';
import type { RequestContext } from './outcomeRequest';
import { delegatorFor } from './specialists';

export interface LiveSession extends RequestContext {
  transcript: Transcript;
  /** The model of the next requests (the session goes on, with its conversation). */
  setModel(model: string): void;
  /** A new API key or base URL for the next requests (the lead's, its grader's, its specialists'). */
  reconnect(apiKey: string, baseURL: string | undefined): void;
  /** Extended thinking for the next requests (0: off). */
  setThinkingBudget(tokens: number): void;
  /** Ends what the session started besides itself (its MCP servers). */
  closeExtras(): Promise<void>;
}

export interface LiveSessionOptions {
  root: string;
  apiKey: string;
  settings: AgentSettings;
  trusted: boolean;
  ask: ApprovalPolicyOptions['ask'];
  alwaysAllowed?: Set<string>;
  log: { info(m: string): void; warn(m: string): void };
  /** Continuing a recorded session: its conversation and its id. */
  resume?: { id: string; history: MessageParam[] };
  /** The panel's "Accept edits": file edits need no question while it says so (read on every edit). */
  acceptEdits?: () => boolean;
  /** The MCP servers' tools (see mcpServers.ts), closed with the session. */
  mcp?: { tools: AgentTool[]; close(): Promise<void> };
}

export async function startLiveSession(o: LiveSessionOptions): Promise<LiveSession> {
  const { settings, root, apiKey, trusted } = o;
  const store = await MemoryStore.open(root);
  const target = { apiKey, baseURL: settings.baseUrl ?? (process.env.ANTHROPIC_BASE_URL || undefined) };
  let thinkingBudget = settings.thinkingBudget ?? 0;
  const client = switchableClient(createModelClient({ ...target, model: settings.model }));
  const transcript = await openTranscript(store.paths.sessions, {
    workspace: root,
    model: client.model,
    knownSecrets: [apiKey],
    enabled: settings.recordSessions,
    ...(o.resume ? { resumedFrom: o.resume.id } : {}),
    onError: (e) => o.log.warn(`Session recording: ${e instanceof Error ? e.message : String(e)}`),
  });
  const policy = createApprovalGate({ edits: settings.edits, commands: settings.commands, trusted, ...(o.ask ? { ask: o.ask } : {}), ...(o.alwaysAllowed ? { alwaysAllowed: o.alwaysAllowed } : {}) });
  const approve = o.acceptEdits ? withAcceptEdits(policy, trusted, o.acceptEdits) : policy;
  const delegator = await delegatorFor(settings.agents, {
    root, store, client, approve, trusted, memoryBudgetTokens: settings.tokenBudget, record: settings.recordSessions, knownSecrets: [apiKey],
    clientFor: (model) => createModelClient({ ...target, model }),
    warn: (m) => o.log.warn(m),
  });
  const agent = new AgentSession({
    ...(delegator ? { delegator } : {}),
    ...(o.resume ? { history: o.resume.history } : {}),
    workspaceRoot: root,
    store,
    client,
    approve,
    trusted,
    memoryBudgetTokens: settings.tokenBudget,
    sessionId: transcript.sessionId,
    listeners: [transcript.listener],
    tools: o.mcp?.tools ?? [],
    get thinkingBudget() {
      return thinkingBudget || undefined; // read by every request: the switch applies to the next one
    },
  });
  const where = transcript.file ? path.relative(root, transcript.file) : 'not recorded';
  const team = delegator ? `specialists: up to ${settings.agents.maxParallel} at once` : 'no specialists';
  const resumed = o.resume ? `, continuing ${o.resume.id}` : '';
  o.log.info(`Session ${agent.id} started (${client.model}, ${trusted ? 'trusted' : 'untrusted'}, ${team}${resumed}; ${where}).`);
  return {
    agent, transcript, client, approve, root, trusted, setModel: client.setModel,
    reconnect: (key, baseURL) => {
      Object.assign(target, { apiKey: key, baseURL });
      client.use(createModelClient({ ...target, model: client.model }));
    },
    setThinkingBudget: (tokens) => void (thinkingBudget = tokens > 0 ? Math.max(1024, tokens) : 0),
    closeExtras: async () => void (await o.mcp?.close()),
  };
}
