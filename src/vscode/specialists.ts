// The lead's specialists in the panel's sessions: the workspace's roster (the built-ins and the team's own in
// .claude/agents/ and .agent-memory/agents/), run with the lead's client and approval gate (so their approvals
// appear in the chat with their name), each recorded as its own transcript linked to the lead's when sessions
// are recorded. No `vscode` import: the unit tier runs it against the fake server.
import type { Delegator } from '../core/agent/delegation';
import { openTranscript } from '../core/agent/transcriptSink';
import type { MemoryStore } from '../core/memory/memoryStore';
import type { ModelClient } from '../core/model/modelClient';
import { listSessions, readSession } from '../core/sessions/sessionReader';
import type { ReadEvent } from '../core/sessions/sessionSchema';
import { loadRoster } from '../core/specialists/roster';
import { createDelegator } from '../core/specialists/specialistRunner';
import type { ApprovalGate } from '../core/tools/approvalPolicy';

/** The `lucid.agents.*` settings. */
export interface SpecialistSettings {
  enabled: boolean;
  maxParallel: number;
}

export const MAX_PARALLEL_LIMIT = 8;

export interface SpecialistDeps {
  root: string;
  store: MemoryStore;
  client: ModelClient;
  /** A client for a specialist whose definition names a model of its own. */
  clientFor?: (model: string) => ModelClient;
  approve: ApprovalGate;
  trusted: boolean;
  memoryBudgetTokens?: number;
  /** `lucid.recordSessions`: specialists are recorded like the lead. */
  record: boolean;
  knownSecrets: string[];
  /** Where problems go (the log): a definition that cannot be read, a transcript that cannot be written. */
  warn: (message: string) => void;
}

/** The lead's delegator, or undefined when specialists are off (the lead works alone). */
export async function delegatorFor(settings: SpecialistSettings, d: SpecialistDeps): Promise<Delegator | undefined> {
  if (!settings.enabled) return undefined;
  const roster = await loadRoster(d.root, d.store.paths.root);
  for (const p of roster.problems) d.warn(`Specialist skipped: ${p}`);
  // In Restricted Mode the repository's own definitions (prompts from files anyone could commit) are not used.
  const specialists = d.trusted ? roster.specialists : roster.specialists.filter((s) => s.source === 'built-in');
  return createDelegator({
    workspaceRoot: d.root,
    store: d.store,
    client: d.client,
    ...(d.clientFor ? { clientFor: d.clientFor } : {}),
    approve: d.approve,
    trusted: d.trusted,
    roster: specialists,
    maxParallel: Math.min(MAX_PARALLEL_LIMIT, Math.max(1, Math.floor(settings.maxParallel))),
    ...(d.memoryBudgetTokens ? { memoryBudgetTokens: d.memoryBudgetTokens } : {}),
    openTranscript: (parent, model) =>
      openTranscript(d.store.paths.sessions, {
        workspace: d.root,
        model,
        knownSecrets: d.knownSecrets,
        enabled: d.record,
        parent,
        onError: (e) => d.warn(`Session recording (${parent.agent} specialist): ${e instanceof Error ? e.message : String(e)}`),
      }),
  });
}

/** The transcripts of the specialists a recorded session started, by session id (those that can be read). */
export async function readChildTranscripts(sessionsDir: string, events: readonly ReadEvent[]): Promise<Map<string, ReadEvent[]>> {
  const wanted = new Set(events.flatMap((e) => (e.type === 'specialist_start' ? [e.sessionId] : [])));
  const children = new Map<string, ReadEvent[]>();
  if (!wanted.size) return children;
  const files = (await listSessions(sessionsDir).catch(() => [])).filter((s) => wanted.has(s.id) && s.header?.parent);
  await Promise.all(
    files.map(async (f) => {
      const read = await readSession(f.path).catch(() => undefined);
      if (read) children.set(f.id, read.events);
    }),
  );
  return children;
}
