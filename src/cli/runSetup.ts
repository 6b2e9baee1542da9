// What `lucid run` opens before the request: the memory, the client, the transcript (a continued session names the
// one it continues), MCP servers, the specialists, and the agent session over them. `close()` ends it all.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import * as path from 'path';
import type { OutcomeDefinition, SessionEndReason } from '../core/agent/agentEvents';
import { AgentSession } from '../core/agent/agentSession';
import { conversationFromEvents } from '../core/agent/resumeConversation';
import { openTranscript, type Transcript } from '../core/agent/transcriptSink';
import { connectMcp } from '../core/mcp/mcpTools';
import { loadMcpConfig } from '../core/mcp/mcpConfig';
import { MemoryStore } from '../core/memory/memoryStore';
import { createModelClient, type ModelClient } from '../core/model/modelClient';
import { listSessions, readSession } from '../core/sessions/sessionReader';
import { loadRoster } from '../core/specialists/roster';
import { createDelegator, type DelegatorDeps } from '../core/specialists/specialistRunner';
import { createApprovalGate, type ApprovalGate } from '../core/tools/approvalPolicy';
import { CliError, type CliIo } from './cliIo';
import { expandSlash, outcomeOf, type RunArgs } from './runArgs';

export interface RunSetup {
  workspaceRoot: string;
  prompt: string;
  outcome?: OutcomeDefinition;
  client: ModelClient;
  approve: ApprovalGate;
  session: AgentSession;
  transcript: Transcript;
  close(reason: SessionEndReason): Promise<void>;
}

export async function openRun(a: RunArgs, io: CliIo, apiKey: string): Promise<RunSetup> {
  const workspaceRoot = path.resolve(io.cwd, a.workspace ?? '.');
  const prompt = await expandSlash(a.typed, workspaceRoot);
  const store = await MemoryStore.open(workspaceRoot);
  const outcome = await outcomeOf(a, io.cwd, store.paths.root);
  const resumed = a.continue || a.resume !== undefined ? await pastSession(store.paths.sessions, a.resume) : undefined;
  const clientFor = (model: string | undefined) => createModelClient({ apiKey, baseURL: io.env.ANTHROPIC_BASE_URL || undefined, model });
  const client = clientFor(a.model ?? io.env.LUCID_MODEL);
  const record = io.env.LUCID_RECORD_SESSIONS !== '0';
  const transcript = await openTranscript(store.paths.sessions, { workspace: workspaceRoot, model: client.model, knownSecrets: [apiKey], enabled: record, ...(resumed ? { resumedFrom: resumed.id } : {}) });
  const approve = createApprovalGate({ ...a.policy, trusted: true });
  const mcp = await connectMcp(await loadMcpConfig(workspaceRoot, undefined, io.env), workspaceRoot);
  for (const p of mcp.problems) io.err(`lucid: ${p}\n`);
  const delegator = a.delegate
    ? await specialistsFor(workspaceRoot, store, client, clientFor, approve, (parent, model) => openTranscript(store.paths.sessions, { workspace: workspaceRoot, model, knownSecrets: [apiKey], enabled: record, parent }), io)
    : undefined;
  const session = new AgentSession({
    ...(delegator ? { delegator } : {}),
    ...(resumed ? { history: resumed.history } : {}),
    ...(a.thinking ? { thinkingBudget: a.thinking } : {}),
    tools: mcp.tools, workspaceRoot, store, client, trusted: true, maxTurns: a.maxTurns, memoryBudgetTokens: a.memoryBudget, approve,
    sessionId: transcript.sessionId, listeners: [transcript.listener],
  });
  if (a.plan) session.setPlanMode(true);
  return {
    workspaceRoot, prompt, ...(outcome ? { outcome } : {}), client, approve, session, transcript,
    async close(reason) {
      await session.end(reason);
      await transcript.close();
      await mcp.close();
    },
  };
}

/** `--continue` (the latest session, not a specialist's) or `--resume ID` (an id or its first characters). */
async function pastSession(dir: string, id: string | undefined): Promise<{ id: string; history: MessageParam[] }> {
  const all = (await listSessions(dir)).filter((s) => !s.header?.parent);
  const found = id === undefined ? all.at(-1) : all.find((s) => s.id === id) ?? (id.length >= 4 ? all.filter((s) => s.id.startsWith(id)).at(-1) : undefined);
  if (!found) throw new CliError(id === undefined ? `No recorded session to continue in ${dir}.` : `No recorded session matches '${id}' in ${dir}.`, 2);
  const read = await readSession(found.path);
  return { id: found.id, history: conversationFromEvents(read.events) };
}

/** The lead's delegator over the roster (built-in specialists and the team's own); problems with definitions are said. */
async function specialistsFor(workspaceRoot: string, store: MemoryStore, client: ModelClient, clientFor: (model: string) => ModelClient, approve: ApprovalGate, open: DelegatorDeps['openTranscript'], io: CliIo) {
  const roster = await loadRoster(workspaceRoot, store.paths.root);
  for (const p of roster.problems) io.err(`lucid: specialist skipped: ${p}\n`);
  return createDelegator({ workspaceRoot, store, client, clientFor, approve, trusted: true, roster: roster.specialists, ...(open ? { openTranscript: open } : {}) });
}

