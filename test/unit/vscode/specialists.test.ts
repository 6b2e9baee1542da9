// The panel's specialists (src/vscode/specialists.ts) against the fake server: `lucid.agents.enabled` false means
// no delegate tool in the lead's request; on, the roster (a team's definition included, a bad one reported)
// is in the tool, at most `maxParallel` at once; specialists ask through the lead's gate with their name, and
// are recorded, linked to the lead, only when sessions are; a replay reads their transcripts back.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentSession } from '../../../src/core/agent/agentSession';
import { openTranscript } from '../../../src/core/agent/transcriptSink';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { createModelClient } from '../../../src/core/model/modelClient';
import { readSession } from '../../../src/core/sessions/sessionReader';
import type { ApprovalRequest } from '../../../src/core/tools/approvalPolicy';
import { ChatLog } from '../../../src/vscode/chatLog';
import { delegatorFor, readChildTranscripts, type SpecialistSettings } from '../../../src/vscode/specialists';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-PANELspecialistsPANELspecialists-QQQQ';
const LEAD = { systemContains: 'You are Lucid, a coding agent' };
const role = (name: string) => ({ systemContains: `\`${name}\` specialist` });

describe('the panel\'s specialists (lucid.agents.*)', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-panel-agents-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{"name": "demo"}\n');
    const agents = path.join(root, '.claude', 'agents');
    fs.mkdirSync(agents, { recursive: true });
    fs.writeFileSync(path.join(agents, 'docs.md'), '---\nname: docs\ndescription: Writes the docs.\ntools: Read, Edit\n---\nWrite docs.\n');
    fs.writeFileSync(path.join(agents, 'broken.md'), 'no front-matter here\n');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function session(turns: FakeTurn[], settings: SpecialistSettings, o: { record?: boolean; trusted?: boolean } = {}) {
    server = await startFakeAnthropic({ turns, apiKey: KEY });
    const store = await MemoryStore.open(root);
    const client = createModelClient({ apiKey: KEY, baseURL: server.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
    const asked: ApprovalRequest[] = [];
    const approve = async (req: ApprovalRequest) => (asked.push(req), { allowed: true as const, how: 'user' as const });
    const warnings: string[] = [];
    const record = o.record ?? true;
    const trusted = o.trusted ?? true;
    const delegator = await delegatorFor(settings, { root, store, client, approve, trusted, record, knownSecrets: [KEY], warn: (m) => warnings.push(m) });
    const transcript = await openTranscript(store.paths.sessions, { workspace: root, model: client.model, enabled: record });
    const agent = new AgentSession({ ...(delegator ? { delegator } : {}), workspaceRoot: root, store, client, approve, trusted, sessionId: transcript.sessionId, listeners: [transcript.listener] });
    const log = new ChatLog();
    const it = agent.send('go');
    for (let r = await it.next(); !r.done; r = await it.next()) log.apply(r.value);
    log.endRequest();
    await agent.end('completed');
    await transcript.close();
    const tools = (n: number) => (server!.requests[n].body.tools as Array<{ name: string; description: string }>);
    return { delegator, warnings, asked, log, tools, store, transcript };
  }

  it('off: no delegator, and the lead\'s request has no delegate tool', async () => {
    const { delegator, tools, warnings } = await session([{ when: LEAD, text: 'alone' }], { enabled: false, maxParallel: 3 });
    assert.equal(delegator, undefined);
    assert.ok(tools(0).length > 0);
    assert.equal(tools(0).some((t) => t.name === 'delegate'), false);
    assert.deepEqual(warnings, [], 'the roster is not even read');
  });

  it('on: the roster with the team\'s own in the tool, a bad definition logged, maxParallel kept to 1..8', async () => {
    const { tools, warnings } = await session([{ when: LEAD, text: 'ok' }], { enabled: true, maxParallel: 50 });
    const d = tools(0).find((t) => t.name === 'delegate');
    assert.ok(d, 'the delegate tool is offered');
    assert.match(d!.description, /- explore: [\s\S]*- docs: Writes the docs\./);
    assert.match(d!.description, /at most 8 at once/);
    assert.deepEqual(warnings, ['Specialist skipped: .claude/agents/broken.md: no front-matter (--- name, description ---)']);
  });

  it('in Restricted Mode only the built-in specialists are offered', async () => {
    const { tools } = await session([{ when: LEAD, text: 'ok' }], { enabled: true, maxParallel: 2 }, { trusted: false });
    const d = tools(0).find((t) => t.name === 'delegate')!;
    assert.match(d.description, /at most 2 at once/);
    assert.doesNotMatch(d.description, /docs/);
  });

  it('a specialist asks through the lead\'s gate with its name; recorded linked to the lead, and replayed with its calls', async () => {
    const { asked, log, store, transcript } = await session(
      [
        { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'test', task: 'Run the checks.' } }, { name: 'delegate', input: { agent: 'explore', task: 'Look around.' } }] },
        { when: role('test'), hangMs: 150, then: { toolUses: [{ name: 'bash', input: { command: 'echo checks passed' } }] } },
        { when: role('explore'), toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'package.json' } }] },
        { when: role('test'), text: 'TEST OK' },
        { when: role('explore'), text: 'EXPLORE OK' },
        { when: LEAD, text: 'Both done.' },
      ],
      { enabled: true, maxParallel: 3 },
    );
    assert.deepEqual(asked.map((a) => [a.kind, a.agent]), [['command', 'test']]);
    const live = log.transcript.filter((i) => i.kind === 'specialist');
    assert.deepEqual(live.map((c) => c.kind === 'specialist' && [c.agent, c.status, c.tools.length]), [['test', 'done', 1], ['explore', 'done', 1]]);
    assert.equal(log.transcript.at(-1)?.kind, 'usage');

    const lead = await readSession(transcript.file!);
    const children = await readChildTranscripts(store.paths.sessions, lead.events);
    assert.equal(children.size, 2);
    const replayed = ChatLog.fromRecorded(lead.events, children).filter((i) => i.kind === 'specialist');
    assert.deepEqual(
      replayed.map((c) => c.kind === 'specialist' && [c.agent, c.status, c.tools.map((t) => `${t.action} ${t.subject} ${t.status}`)]),
      [['test', 'done', ['command echo checks passed ok']], ['explore', 'done', ['view package.json ok']]],
    );
  });

  it('with lucid.recordSessions off, no specialist transcript is written', async () => {
    await session(
      [
        { when: LEAD, toolUses: [{ name: 'delegate', input: { agent: 'explore', task: 'Look.' } }] },
        { when: role('explore'), text: 'seen' },
        { when: LEAD, text: 'ok' },
      ],
      { enabled: true, maxParallel: 3 },
      { record: false },
    );
    const dir = path.join(root, '.agent-memory', 'sessions');
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [], []);
  });
});
