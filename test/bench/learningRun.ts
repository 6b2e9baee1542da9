// One arm of the learning-curve benchmark for one seed: 50 sessions of the real agent (AgentSession, the real
// SDK against the in-process fake server, the real bash and memory tools, just-in-time recall), each recorded
// to `.agent-memory/sessions/` like the panel records it, with a dream after every N sessions in the dream arm.
// Sessions happen on consecutive simulated days (the transcript and the dream get that clock), as real ones do.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentSession } from '../../src/core/agent/agentSession';
import type { AgentEvent } from '../../src/core/agent/agentEvents';
import { toSessionEvent } from '../../src/core/agent/transcriptSink';
import { runDream } from '../../src/core/dream/dreamRunner';
import { estimateTokens } from '../../src/core/memory/digest';
import { MemoryStore } from '../../src/core/memory/memoryStore';
import { createModelClient } from '../../src/core/model/modelClient';
import { createRedactor } from '../../src/core/redact/secretRedactor';
import { SessionRecorder } from '../../src/core/sessions/sessionRecorder';
import { createApprovalGate } from '../../src/core/tools/approvalPolicy';
import { createBashTool } from '../../src/core/tools/bashTool';
import { VERSION } from '../../src/core/version';
import { startFakeAnthropic, type FakeTurn } from '../support/fakeAnthropic';
import { decide, isPrep, ownerOf } from './learningPolicy';
import { DUPLICATE_NOTES, QUIRKS, WRONG_LESSON, WRONG_OK_LESSON } from './learningQuirks';
import type { Task } from './learningTasks';
import { benchPath, resetState, writeWorkspace } from './learningWorkspace';

export type Arm = 'noMemory' | 'memoryOnly' | 'dream' | 'oracle';
export const ARMS: Arm[] = ['noMemory', 'memoryOnly', 'dream', 'oracle'];

const KEY = 'sk-ant-api03-BENCHkeyBENCHkeyBENCHkeyBENCHkeyBENCHkey-AAAA';
const DAY = 86_400_000;
/** Simulated days start in the future, so real file times never look newer than the simulated clock. */
const EPOCH = Date.parse('2031-01-01T09:00:00Z');

export interface SessionFigures {
  failed: number;
  /** Failed calls of quirks already solved in an earlier session. */
  repeated: number;
  /** Quirks that failed at least once although already solved in an earlier session. */
  repeatedQuirks: number;
  calls: number;
  memoryTokens: number;
  okActions: number;
  okFailed: number;
  /** Quirk-free actions targeted by the injected wrong lesson, and how many of those failed. */
  okInjected: number;
  okInjectedFailed: number;
  noQuirkTask: boolean;
  noQuirkTaskFailed: boolean;
  /** Failed calls that ran an injected wrong lesson. */
  wrongLessonFails: number;
  wrongOkLessonFails: number;
  /** Quirks that failed in this session / that were completed. */
  failedQuirks: string[];
  solvedQuirks: string[];
  recalls: number;
  dream?: { sessionsRead: number; added: number; updated: number; merged: number; staled: number; retired: number };
}

export interface NoteState {
  id: string;
  title: string;
  status: string;
  provenance: string;
  reason?: string;
}

export interface RunResult {
  arm: Arm;
  seed: number;
  sessions: SessionFigures[];
  notesAtEnd: NoteState[];
  /** Per seeded fault note: the session after whose dream it stopped being active (undefined: never). */
  faultNotes: Record<string, { inactiveFrom?: number; status: string; reason?: string }>;
  ms: number;
}

async function seedFaults(store: MemoryStore): Promise<void> {
  await store.create({ id: 'npm-install-prefer-offline', kind: 'workaround', title: WRONG_LESSON.title, body: WRONG_LESSON.body, provenance: 'agent', triggers: { errors: WRONG_LESSON.errors } });
  await store.create({ id: 'lint-no-eslintrc', kind: 'command', title: WRONG_OK_LESSON.title, body: WRONG_OK_LESSON.body, provenance: 'agent', triggers: { commands: ['npm run lint'] } });
  for (const d of DUPLICATE_NOTES) await store.create({ id: d.id, kind: 'workaround', title: d.title, body: d.body, provenance: 'agent', triggers: { commands: ['npx eslint'] } });
}

const FAULT_IDS = ['npm-install-prefer-offline', 'lint-no-eslintrc', ...DUPLICATE_NOTES.map((d) => d.id)];

function taskText(t: Task): string {
  return [`Task ${t.no} (session ${t.session}). Please do the following, in order, and tell me when it is done:`, ...t.labels.map((l, i) => `${i + 1}. ${l}`)].join('\n');
}

export async function runArm(arm: Arm, seed: number, tasks: Task[], o: { dreamEvery: number }): Promise<RunResult> {
  const t0 = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `lucid-learning-${arm}-${seed}-`));
  const memory = arm === 'memoryOnly' || arm === 'dream';
  const cfg = { seed, oracle: arm === 'oracle', writeNotes: memory };
  const turn: FakeTurn = (req) => decide(JSON.parse(JSON.stringify(req.body)), cfg);
  const server = await startFakeAnthropic({ turns: Array.from({ length: tasks.length * 80 }, () => turn), apiKey: KEY });
  const client = createModelClient({ apiKey: KEY, baseURL: server.url, model: 'claude-sonnet-4-6', sleep: async () => {} });
  const approve = createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true });
  const sessions: SessionFigures[] = [];
  const solvedBefore = new Set<string>();
  const faultNotes: RunResult['faultNotes'] = {};
  try {
    writeWorkspace(root, 0);
    const clock = (s: number) => () => new Date(EPOCH + s * DAY);
    if (memory) await seedFaults(await MemoryStore.open(root, { now: clock(0) }));
    for (const task of tasks) {
      const s = task.session;
      writeWorkspace(root, s);
      resetState(root);
      const now = clock(s);
      const store = await MemoryStore.open(root, { now });
      const recorder = await SessionRecorder.create({ sessionsDir: store.paths.sessions, redactor: createRedactor({ knownSecrets: [KEY] }), start: { workspace: root, model: client.model, lucidVersion: VERSION }, now });
      const events: AgentEvent[] = [];
      const firstRequest = server.requests.length;
      const session = new AgentSession({
        workspaceRoot: root,
        store,
        client,
        approve,
        trusted: true,
        memoryBudgetTokens: memory ? undefined : 0,
        maxTurns: 80,
        tools: [createBashTool({ env: { PATH: benchPath(root) }, timeoutMs: 20_000 })],
        listeners: [
          async (e) => {
            if (e.type === 'session_end') return recorder.close(e.reason);
            const line = toSessionEvent(e);
            if (line) void recorder.record(line);
          },
          (e) => void events.push(e),
        ],
      });
      const it = session.send(taskText(task));
      while (!(await it.next()).done);
      await session.end();
      await recorder.flush();
      const fig = figures(events, task, solvedBefore);
      const first = server.requests[firstRequest]?.body;
      const memBlock = String(first?.system?.[1]?.text ?? '');
      if (process.env.LUCID_BENCH_KEEP) fs.writeFileSync(path.join(root, `system-${s}.txt`), `${memBlock}\n\n${JSON.stringify(fig)}\n`);
      fig.memoryTokens = /The memory is empty so far/.test(memBlock) || !memBlock ? 0 : estimateTokens(memBlock);
      if (arm === 'dream' && (s + 1) % o.dreamEvery === 0) {
        const r = await runDream({ workspaceRoot: root, now: () => new Date(EPOCH + s * DAY + 3_600_000) });
        const rep = r.report;
        fig.dream = { sessionsRead: rep.sessionsRead, added: rep.added.length, updated: rep.updated.length, merged: rep.merged.length, staled: rep.staled.length, retired: rep.retired.length };
      }
      if (memory) {
        const { notes } = await store.load();
        for (const id of FAULT_IDS) {
          const n = notes.find((x) => x.note.id === id);
          if (!n) continue;
          faultNotes[id] ??= { status: n.note.status };
          faultNotes[id].status = n.note.status;
          faultNotes[id].reason = n.note.reason;
          if (n.note.status !== 'active' && faultNotes[id].inactiveFrom === undefined) faultNotes[id].inactiveFrom = s;
        }
      }
      for (const q of fig.solvedQuirks) solvedBefore.add(q);
      sessions.push(fig);
    }
    const { notes } = await (await MemoryStore.open(root)).load();
    const notesAtEnd = notes.map((n) => ({ id: n.note.id, title: n.note.title, status: n.note.status, provenance: n.note.provenance, ...(n.note.reason ? { reason: n.note.reason } : {}) }));
    return { arm, seed, sessions, notesAtEnd, faultNotes, ms: Date.now() - t0 };
  } finally {
    await server.close();
    if (!process.env.LUCID_BENCH_KEEP) fs.rmSync(root, { recursive: true, force: true });
    else console.log(`kept ${root}`);
  }
}

const QUIRK_IDS = new Set(QUIRKS.map((q) => q.id));

/** The figures of one session, from its events: each bash call is attributed to the action its command belongs to. */
function figures(events: AgentEvent[], task: Task, solvedBefore: Set<string>): SessionFigures {
  const commands = new Map<string, string>();
  const failedBy = new Map<string, number>();
  const okBy = new Set<string>();
  let failed = 0;
  let calls = 0;
  let wrongLessonFails = 0;
  let wrongOkLessonFails = 0;
  let recalls = 0;
  for (const e of events) {
    if (e.type === 'tool_call' && e.name === 'bash') commands.set(e.id, String((e.input as { command?: string }).command ?? ''));
    if (e.type === 'recall' && e.reason === 'tool-failure') recalls++;
    if (e.type !== 'tool_result' || e.name !== 'bash') continue;
    calls++;
    const command = commands.get(e.id) ?? '';
    const owner = ownerOf(command) ?? 'other';
    if (!e.isError) {
      if (!isPrep(command)) okBy.add(owner);
      continue;
    }
    failed++;
    failedBy.set(owner, (failedBy.get(owner) ?? 0) + 1);
    if (command === WRONG_LESSON.command) wrongLessonFails++;
    if (command === WRONG_OK_LESSON.command) wrongOkLessonFails++;
  }
  let repeated = 0;
  let repeatedQuirks = 0;
  for (const [q, n] of failedBy) {
    if (!solvedBefore.has(q)) continue;
    repeated += n;
    repeatedQuirks++;
  }
  const okIds = task.actions.filter((a) => !QUIRK_IDS.has(a));
  const okFailed = okIds.filter((a) => failedBy.has(a)).length;
  const noQuirkTask = okIds.length === task.actions.length;
  return {
    failed, repeated, repeatedQuirks, calls, memoryTokens: 0,
    okActions: okIds.length, okFailed,
    okInjected: okIds.filter((a) => a === WRONG_OK_LESSON.action).length,
    okInjectedFailed: okIds.filter((a) => a === WRONG_OK_LESSON.action && failedBy.has(a)).length, noQuirkTask, noQuirkTaskFailed: noQuirkTask && okFailed > 0,
    wrongLessonFails, wrongOkLessonFails,
    failedQuirks: [...failedBy.keys()].filter((q) => QUIRK_IDS.has(q)),
    solvedQuirks: task.actions.filter((a) => QUIRK_IDS.has(a) && okBy.has(a)),
    recalls,
  };
}
