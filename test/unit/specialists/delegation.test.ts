// Multiagent through the real SDK against the fake server: a lead turn with two `delegate` calls whose
// specialists run at once, each with its own system prompt (role, memory digest, no `delegate` tool) and its own
// transcript linked to the lead; a dream over them counts evidence across specialists, and a later specialist
// gets the note for its failing command; one failing specialist does not stop the other; Stop ends them all;
// two specialists editing one file keep both edits.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AgentEvent } from '../../../src/core/agent/agentEvents';
import { AgentSession } from '../../../src/core/agent/agentSession';
import { Checkpoints } from '../../../src/core/agent/checkpoints';
import { openTranscript } from '../../../src/core/agent/transcriptSink';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { createModelClient } from '../../../src/core/model/modelClient';
import { readSession } from '../../../src/core/sessions/sessionReader';
import { BUILT_IN } from '../../../src/core/specialists/roster';
import { createDelegator } from '../../../src/core/specialists/specialistRunner';
import { createApprovalGate, type ApprovalGate, type ApprovalRequest } from '../../../src/core/tools/approvalPolicy';
import { startFakeAnthropic, type FakeAnthropic, type FakeRequest, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-DELEGATEdelegateDELEGATEdelegate-ZZZZ';
const LEAD = { systemContains: 'You are Lucid, a coding agent' };
const role = (name: string) => ({ systemContains: `\`${name}\` specialist` });
const sys = (r: FakeRequest) => JSON.stringify(r.body?.system ?? '');

interface Run {
  events: AgentEvent[];
  reason: string;
  lead: AgentSession;
}

describe('delegating to specialists', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  const arrivals: Array<{ at: number; system: string }> = [];
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-delegate-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'demo', scripts: { lint: 'echo lint ok' } }));
    arrivals.length = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function lead(turns: FakeTurn[], opts: { approve?: ApprovalGate; signal?: AbortSignal; onEvent?: (e: AgentEvent) => void } = {}): Promise<Run> {
    server ??= await startFakeAnthropic({ turns, apiKey: KEY, onRequest: (r) => arrivals.push({ at: Date.now(), system: sys(r) }) });
    const store = await MemoryStore.open(root);
    const client = createModelClient({ apiKey: KEY, baseURL: server.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
    const approve = opts.approve ?? createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true });
    const open = (parent?: { sessionId: string; callId: string; agent: string }) => openTranscript(store.paths.sessions, { workspace: root, model: client.model, ...(parent ? { parent } : {}) });
    const transcript = await open();
    const checkpoints = new Checkpoints();
    const delegator = createDelegator({ workspaceRoot: root, store, client, approve, trusted: true, roster: BUILT_IN, openTranscript: (parent) => open(parent), checkpoints });
    const session = new AgentSession({ workspaceRoot: root, store, client, approve, trusted: true, delegator, sessionId: transcript.sessionId, listeners: [transcript.listener], checkpoints });
    const events: AgentEvent[] = [];
    const it = session.send('check the repo', opts.signal);
    let reason = '';
    for (;;) {
      const r = await it.next();
      if (r.done) {
        reason = r.value;
        break;
      }
      events.push(r.value);
      opts.onEvent?.(r.value);
    }
    await session.end(reason as 'completed');
    await transcript.close();
    return { events, reason, lead: session };
  }

  const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], t: T) => events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === t);
  const transcripts = async () => {
    const dir = path.join(root, '.agent-memory', 'sessions');
    return Promise.all(fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => readSession(path.join(dir, f))));
  };

  it('two delegate calls run at once, each specialist in its own context and transcript; a dream counts both; the next one gets the note', async () => {
    const bad = { name: 'bash', input: { command: 'npm run lint:all' } };
    const good = { name: 'bash', input: { command: 'npm run lint' } };
    await lead([
      { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'general', task: 'Run the linter.' } }, { name: 'delegate', input: { agent: 'test', task: 'Run the checks.' } }] },
      { when: role('general'), hangMs: 1000, then: { toolUses: [bad] } },
      { when: role('test'), hangMs: 1000, then: { toolUses: [bad] } },
      { when: role('general'), toolUses: [good] },
      { when: role('test'), toolUses: [good] },
      { when: role('general'), text: 'GENERAL REPORT: lint is `npm run lint`.' },
      { when: role('test'), text: 'TEST REPORT: lint passes.' },
      { when: LEAD, text: 'Both specialists reported.' },
    ]);
    const requests = server!.requests;
    // Overlap: the second specialist's first request arrived before the first one's (held 1 s) was answered.
    const firsts = arrivals.filter((a) => a.system.includes('specialist, working for a lead')).slice(0, 2);
    assert.ok(firsts.length === 2 && firsts[1].at - firsts[0].at < 900, `specialist requests overlap (${firsts.map((f) => f.at - firsts[0].at)})`);
    for (const name of ['general', 'test']) {
      const mine = requests.filter((r) => sys(r).includes(`\`${name}\` specialist`));
      assert.ok(mine.length >= 3, name);
      assert.ok(sys(mine[0]).includes('<lucid-memory>'), `${name} gets the memory digest`);
      assert.ok(!mine[0].body.tools.some((t: any) => t.name === 'delegate'), `${name} cannot delegate`);
    }
    const leadReqs = requests.filter((r) => sys(r).includes('You are Lucid, a coding agent'));
    assert.ok(leadReqs[0].body.tools.some((t: any) => t.name === 'delegate' && /explore: Read-only/.test(t.description)), 'the roster is in the tool description');
    // Both results reach the lead, with the summary.
    const results = JSON.stringify(leadReqs[1].body.messages.at(-1).content);
    assert.match(results, /GENERAL REPORT[\s\S]*\[general: no file changed; 2 commands run, 1 failed \(`npm run lint:all`\); [1-9]\d* tokens in/);
    assert.match(results, /TEST REPORT/);
    // Two child transcripts, linked to the lead's session and call.
    const all = await transcripts();
    const leadT = all.find((t) => !t.header?.parent)!;
    const children = all.filter((t) => t.header?.parent);
    assert.equal(children.length, 2);
    const starts = ofType(leadT.events as AgentEvent[], 'specialist_start');
    for (const c of children) {
      assert.equal(c.header!.parent!.sessionId, leadT.header!.sessionId);
      assert.ok(starts.some((s) => s.callId === c.header!.parent!.callId && s.sessionId === c.header!.sessionId));
    }
    const ends = ofType(leadT.events as AgentEvent[], 'specialist_end');
    assert.deepEqual(ends.map((e) => e.status), ['done', 'done']);
    assert.ok(ends.every((e) => e.usage.inputTokens + e.usage.cacheReadTokens + e.usage.cacheWriteTokens > 0 && e.usage.outputTokens > 0), 'tokens per specialist');

    // A dream over the lead and its children: the lesson was seen in two sessions.
    await runDream({ workspaceRoot: root });
    const notes = (await (await MemoryStore.open(root)).load()).notes.map((n) => n.note);
    const note = notes.find((n) => /lint:all/.test(n.title));
    assert.ok(note, notes.map((n) => n.title).join('; '));
    assert.equal(note!.evidence.sessions, 2);

    // Later, a specialist whose command fails the same way gets that note with the failure.
    await server!.close();
    server = undefined;
    await lead([
      { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'test', task: 'Lint it.' } }] },
      { when: role('test'), toolUses: [bad] },
      { when: role('test'), text: 'done' },
      { when: LEAD, text: 'ok' },
    ]);
    const afterFail = server!.requests.filter((r) => sys(r).includes('`test` specialist'))[1];
    assert.ok(JSON.stringify(afterFail.body.messages.at(-1)).includes(note!.title.slice(0, 30)), 'the note is attached to the failing result');
  });

  it('keeps to maxParallel, and gives each specialist the notes relevant to its own task', async () => {
    const store = await MemoryStore.open(root);
    await store.create({ kind: 'command', title: 'Migrations run with make migrate-dev', body: 'Run `make migrate-dev` before the database tests.', triggers: { keywords: ['migrations', 'database'] } });
    server = await startFakeAnthropic({ apiKey: KEY, onRequest: (r) => arrivals.push({ at: Date.now(), system: sys(r) }), turns: [
      { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'explore', task: 'How do the database migrations run?' } }, { name: 'delegate', input: { agent: 'review', task: 'Review the CSS.' } }] },
      { when: role('explore'), hangMs: 300, then: { text: 'make migrate-dev' } },
      { when: role('review'), hangMs: 300, then: { text: 'fine' } },
      { when: LEAD, text: 'ok' },
    ] });
    const client = createModelClient({ apiKey: KEY, baseURL: server.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
    const approve = createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true });
    const delegator = createDelegator({ workspaceRoot: root, store, client, approve, trusted: true, roster: BUILT_IN, maxParallel: 1 });
    const session = new AgentSession({ workspaceRoot: root, store, client, approve, trusted: true, delegator });
    const it = session.send('go');
    while (!(await it.next()).done);
    const specs = arrivals.filter((a) => a.system.includes('specialist, working for a lead'));
    assert.equal(specs.length, 2);
    assert.ok(specs[1].at - specs[0].at >= 280, `one at a time (${specs[1].at - specs[0].at} ms apart)`);
    const explore = specs.find((a) => a.system.includes('`explore` specialist'))!.system;
    const review = specs.find((a) => a.system.includes('`review` specialist'))!.system;
    assert.match(explore, /Notes relevant to this request[\s\S]*Migrations run with make migrate-dev/);
    assert.doesNotMatch(review, /Notes relevant to this request/);
    assert.match(explore, /You only read/);
    assert.match(server.requests[0].body.tools.find((t: any) => t.name === 'delegate').description, /at most 1 at once/);
  });

  it('a failing specialist is an error result for the lead; the other finishes', async () => {
    const { events } = await lead([
      { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'explore', task: 'a' } }, { name: 'delegate', input: { agent: 'review', task: 'b' } }] },
      { when: role('explore'), status: 400, message: 'explore broke' },
      { when: role('review'), hangMs: 200, then: { text: 'REVIEW OK' } },
      { when: LEAD, text: 'noted' },
    ]);
    const results = ofType(events, 'tool_result').filter((r) => r.name === 'delegate');
    assert.equal(results.length, 2);
    assert.equal(results[0].isError, true);
    assert.match(results[0].content, /The explore specialist failed: .*explore broke/);
    assert.equal(results[1].isError, false);
    assert.match(results[1].content, /REVIEW OK/);
    assert.deepEqual(ofType(events, 'specialist_end').map((e) => [e.agent, e.status]).sort(), [['explore', 'failed'], ['review', 'done']]);
  });

  it('Stop ends the lead and every specialist', async () => {
    const ac = new AbortController();
    let running = 0;
    const started = Date.now();
    const { events, reason } = await lead(
      [
        { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'explore', task: 'a' } }, { name: 'delegate', input: { agent: 'general', task: 'b' } }] },
        { when: role('explore'), hangMs: 10_000 },
        { when: role('general'), hangMs: 10_000 },
      ],
      { signal: ac.signal, onEvent: (e) => e.type === 'specialist_start' && ++running === 2 && setTimeout(() => ac.abort(), 100) },
    );
    assert.equal(reason, 'stopped');
    assert.ok(Date.now() - started < 5000, 'nothing waits for the held replies');
    assert.deepEqual(ofType(events, 'specialist_end').map((e) => e.status), ['stopped', 'stopped']);
  });

  it('two specialists editing the same file at once keep both edits; approvals carry the specialist\'s name; explore may not edit', async () => {
    fs.writeFileSync(path.join(root, 'shared.txt'), 'alpha\nbeta\n');
    const asked: ApprovalRequest[] = [];
    // Approval takes a moment, so both edits are in flight together.
    const slow: ApprovalGate = async (req) => {
      asked.push(req);
      await new Promise((r) => setTimeout(r, 150));
      return { allowed: true, how: 'user' };
    };
    const edit = (from: string, to: string) => ({ name: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: 'shared.txt', old_str: from, new_str: to } });
    const { events, lead: leadSession } = await lead(
      [
        { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'general', task: 'alpha' } }, { name: 'delegate', input: { agent: 'general', task: 'beta' } }, { name: 'delegate', input: { agent: 'explore', task: 'try' } }] },
        { when: { ...role('general'), lastUserTextContains: 'alpha' }, toolUses: [edit('alpha', 'ALPHA')] },
        { when: { ...role('general'), lastUserTextContains: 'beta' }, toolUses: [edit('beta', 'BETA')] },
        { when: role('explore'), toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'explore.txt', file_text: 'nope' } }] },
        { when: role('general'), text: 'edited' },
        { when: role('general'), text: 'edited' },
        { when: role('explore'), text: 'could not' },
        { when: LEAD, text: 'ok' },
      ],
      { approve: slow },
    );
    assert.equal(fs.readFileSync(path.join(root, 'shared.txt'), 'utf8'), 'ALPHA\nBETA\n');
    const edits = ofType(events, 'specialist_event').map((e) => e.event).filter((e): e is Extract<AgentEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    assert.deepEqual(edits.map((e) => e.isError).sort(), [false, false, true]);
    assert.match(edits.find((e) => e.isError)!.content, /explore specialist does not edit files/);
    assert.deepEqual(asked.map((a) => a.agent).sort(), ['general', 'general'], 'the refused edit never reached the user');
    assert.equal(fs.existsSync(path.join(root, 'explore.txt')), false);
    // The specialists' edits belong to the lead's turn: undoing it puts the file back.
    const undone = await leadSession.checkpoints.undoLast();
    assert.deepEqual(undone.conflicts, []);
    assert.equal(fs.readFileSync(path.join(root, 'shared.txt'), 'utf8'), 'alpha\nbeta\n');
  });
});
