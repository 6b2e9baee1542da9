// Outcomes end to end through the real SDK against the fake server: `lucid run --outcome` with a grader that asks
// for a revision and then is satisfied, a failing `run:` check that overrides a satisfied grade, the iteration
// limit, an invalid grader answer, Stop during grading, and what the grader's request holds (and does not).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/cliKit';
import type { AgentEvent, OutcomeResult } from '../../../src/core/agent/agentEvents';
import { AgentSession } from '../../../src/core/agent/agentSession';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { createModelClient } from '../../../src/core/model/modelClient';
import { runOutcome } from '../../../src/core/outcome/outcomeLoop';
import { defineOutcome } from '../../../src/core/outcome/rubric';
import { readSession } from '../../../src/core/sessions/sessionReader';
import { createApprovalGate } from '../../../src/core/tools/approvalPolicy';
import { startFakeAnthropic, type FakeAnthropic, type FakeRequest, type FakeResponse, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-OUTCOMEoutcomeOUTCOMEoutcome-ZZZZ';
const GRADER = { systemContains: 'strict, fair grader' };
const AGENT = { systemContains: 'You are Lucid' };

const grade = (result: string, criteria: Array<[string, boolean, string]>, explanation: string): FakeTurn => ({
  when: GRADER,
  toolUses: [{ name: 'grade_outcome', input: { criteria: criteria.map(([criterion, met, why]) => ({ criterion, met, explanation: why })), result, explanation } }],
});
const agent = (turn: FakeResponse): FakeTurn => ({ ...turn, when: AGENT });

const isGrader = (r: FakeRequest) => JSON.stringify(r.body?.system ?? '').includes('strict, fair grader');

describe('outcomes through the real SDK', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-outcome-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });
  const start = async (turns: FakeTurn[]) => (server = await startFakeAnthropic({ turns, apiKey: KEY }));
  const env = () => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server!.url, LUCID_MODEL: 'claude-sonnet-4-6', LUCID_RECORD_SESSIONS: '1' });
  const graderRequests = () => server!.requests.filter(isGrader);
  const agentRequests = () => server!.requests.filter((r) => !isGrader(r));

  it('revises once on needs_revision, then is satisfied: exit 0, two grader calls, the revision carries the explanation', async () => {
    await start([
      agent({ text: 'Writing the greeting.', toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'hello.txt', file_text: 'hello\n' } }] }),
      agent({ text: 'Done: hello.txt says hello.' }),
      grade('needs_revision', [['the file greets the world', false, 'It says "hello" without "world".'], ['the answer names the file', true, 'It names hello.txt.']], 'The greeting lacks "world".'),
      agent({ toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'hello.txt', file_text: 'hello world\n' } }] }),
      agent({ text: 'hello.txt now says hello world.' }),
      grade('satisfied', [['the file greets the world', true, 'It says "hello world".'], ['the answer names the file', true, 'It names hello.txt.']], 'All criteria are met.'),
    ]);
    const { io, stdout, stderr } = fakeIo(root, env());
    const rubric = '- the file greets the world\n- the answer names the file';
    const code = await main(['run', '--approve', 'all', '--workspace', root, '--outcome', 'A greeting file', `--rubric=${rubric}`, 'write a greeting to hello.txt'], io);
    assert.equal(code, 0, stderr());
    assert.equal(fs.readFileSync(path.join(root, 'hello.txt'), 'utf8'), 'hello world\n');
    // The agent is told up front what it will be graded against.
    const first = JSON.stringify(agentRequests()[0].body.messages[0].content);
    assert.match(first, /write a greeting to hello\.txt[\s\S]*A greeting file[\s\S]*- the file greets the world\\n- the answer names the file/);
    assert.equal(graderRequests().length, 2);
    // The revision request is a user message with the grader's explanation and the unmet criterion.
    const revision = agentRequests()[2].body.messages.at(-1);
    assert.equal(revision.role, 'user');
    const text = JSON.stringify(revision.content);
    assert.match(text, /The greeting lacks \\"world\\"/);
    assert.match(text, /the file greets the world: It says \\"hello\\" without \\"world\\"/);
    assert.doesNotMatch(text, /the answer names the file/, 'met criteria are not sent back');
    // The second grading sees the second diff.
    assert.match(JSON.stringify(graderRequests()[1].body.messages), /hello world/);
    assert.match(stderr(), /outcome satisfied after 2 iterations/);
    assert.match(stdout(), /hello world/);
    // The transcript records the definition, each evaluation and the result.
    const dir = path.join(root, '.agent-memory', 'sessions');
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.jsonl'))!);
    const { events, problems } = await readSession(file);
    assert.deepEqual(problems, []);
    const outcome = events.filter((e) => e.type.startsWith('outcome_')) as any[];
    assert.deepEqual(outcome.map((e) => e.type), ['outcome_start', 'outcome_evaluation', 'outcome_evaluation', 'outcome_end']);
    assert.deepEqual(outcome[0].criteria.map((c: any) => c.text), ['the file greets the world', 'the answer names the file']);
    assert.deepEqual(outcome.slice(1, 3).map((e) => [e.iteration, e.result, e.criteria[0].met]), [[1, 'needs_revision', false], [2, 'satisfied', true]]);
    assert.ok(outcome[1].usage.inputTokens > 0, 'grader usage is recorded');
    assert.equal(outcome[3].result, 'satisfied');
  });

  it('the grader sees the description, the rubric, the diff and the final answer; never the agent\'s tool calls or system prompt', async () => {
    await start([
      agent({ toolUses: [{ name: 'bash', input: { command: 'echo SECRET_TOOL_CALL_MARKER' } }] }),
      agent({ text: 'FINAL_ANSWER_MARKER' }),
      grade('satisfied', [['it answers', true, 'yes']], 'Fine.'),
    ]);
    const { io } = fakeIo(root, env());
    assert.equal(await main(['run', '--approve', 'all', '--workspace', root, '--outcome', 'DESCRIPTION_MARKER', '--rubric', 'it answers', 'go'], io), 0);
    const [g] = graderRequests();
    const body = JSON.stringify(g.body);
    for (const want of ['DESCRIPTION_MARKER', 'it answers', 'FINAL_ANSWER_MARKER']) assert.ok(body.includes(want), want);
    assert.ok(!body.includes('SECRET_TOOL_CALL_MARKER'), "the agent's tool call is not in the grader's request");
    assert.ok(!body.includes('You are Lucid'), "the agent's system prompt is not in the grader's request");
    assert.equal(g.body.messages.length, 1, 'a fresh context: one user message');
    assert.deepEqual(g.body.tool_choice, { type: 'tool', name: 'grade_outcome' });
    assert.deepEqual(g.body.tools.map((t: any) => t.name), ['grade_outcome']);
  });

  it('a failing run: check overrides a satisfied grade; the work goes back and the check passes the second time', async () => {
    await start([
      agent({ text: 'I think it is done.' }),
      grade('satisfied', [['the check file exists', true, 'Looks fine.'], ['it is polite', true, 'Yes.']], 'All good.'),
      agent({ toolUses: [{ name: 'bash', input: { command: 'touch ok.flag' } }] }),
      agent({ text: 'Created ok.flag.' }),
      grade('satisfied', [['the check file exists', true, 'It exists.'], ['it is polite', true, 'Yes.']], 'All good.'),
    ]);
    const { io, stderr } = fakeIo(root, env());
    const rubric = '- run: `test -f ok.flag`\n- it is polite';
    assert.equal(await main(['run', '--approve', 'all', '--workspace', root, '--outcome', 'a flag file', `--rubric=${rubric}`, 'make the flag'], io), 0, stderr());
    const revision = JSON.stringify(agentRequests()[1].body.messages.at(-1).content);
    assert.match(revision, /test -f ok\.flag` exited 1/);
    assert.match(stderr(), /✗ not met {2}run: `test -f ok\.flag`/);
    assert.match(stderr(), /needs revision: A check failed/);
    // The grader was told the check's result.
    assert.match(JSON.stringify(graderRequests()[0].body.messages), /Check `test -f ok\.flag`: exit code 1/);
  });

  it('stops at the iteration limit with exit 2', async () => {
    const turns: FakeTurn[] = [];
    for (let i = 0; i < 2; i++) turns.push(agent({ text: `try ${i + 1}` }), grade('needs_revision', [['perfect', false, 'Not yet.']], 'Still missing.'));
    await start(turns);
    const { io, stderr } = fakeIo(root, env());
    assert.equal(await main(['run', '--workspace', root, '--outcome', 'perfection', '--rubric', 'perfect', '--max-iterations', '2', 'be perfect'], io), 2);
    assert.equal(graderRequests().length, 2);
    assert.match(stderr(), /outcome max iterations reached after 2 iterations/);
  });

  it('an invalid grader answer is asked for once more; twice invalid fails with a clear message (exit 2)', async () => {
    await start([
      agent({ text: 'done' }),
      { when: GRADER, toolUses: [{ name: 'grade_outcome', input: { criteria: [], result: 'great' } }] },
      { when: GRADER, toolUses: [{ name: 'grade_outcome', input: { criteria: [{ criterion: 'x', met: 'yes', explanation: 1 }], result: 'satisfied', explanation: 'ok' } }] },
    ]);
    const { io, stderr } = fakeIo(root, env());
    assert.equal(await main(['run', '--workspace', root, '--outcome', 'x', '--rubric', 'x', 'do x'], io), 2);
    assert.equal(graderRequests().length, 2);
    // The second request shows the grader its invalid answer and why.
    const retry = graderRequests()[1].body.messages;
    assert.equal(retry.length, 3);
    assert.equal(retry[2].content[0].type, 'tool_result');
    assert.equal(retry[2].content[0].is_error, true);
    assert.match(stderr(), /grader's answer was invalid twice/);
    assert.match(stderr(), /outcome failed after 1 iteration\b/);
  });

  it('an invalid answer followed by a valid one grades normally', async () => {
    await start([
      agent({ text: 'done' }),
      { when: GRADER, text: 'I think it is fine.' },
      grade('satisfied', [['x', true, 'ok']], 'ok'),
    ]);
    const { io } = fakeIo(root, env());
    assert.equal(await main(['run', '--workspace', root, '--outcome', 'x', '--rubric', 'x', 'do x'], io), 0);
    assert.equal(graderRequests().length, 2);
  });

  it('Stop during grading ends the outcome as interrupted, with no evaluation', async () => {
    await start([agent({ text: 'done' }), { when: GRADER, hangMs: 5000 }]);
    const store = await MemoryStore.open(root);
    const client = createModelClient({ apiKey: KEY, baseURL: server!.url, maxRetries: 0 });
    const approve = createApprovalGate({ edits: 'deny', commands: 'deny', trusted: true });
    const session = new AgentSession({ workspaceRoot: root, store, client, approve, trusted: true });
    const ac = new AbortController();
    const outcome = defineOutcome({ description: 'x', rubric: 'x' });
    const seen: AgentEvent[] = [];
    const it = runOutcome({ session, outcome, prompt: 'do x', grader: client, workspaceRoot: root, trusted: true, approve, signal: ac.signal });
    let result: OutcomeResult | undefined;
    for (;;) {
      const r = await it.next();
      if (r.done) {
        result = r.value;
        break;
      }
      seen.push(r.value);
      if (r.value.type === 'outcome_grading') setTimeout(() => ac.abort(), 100);
    }
    assert.equal(result, 'interrupted');
    const end = seen.find((e) => e.type === 'outcome_end') as Extract<AgentEvent, { type: 'outcome_end' }>;
    assert.equal(end.result, 'interrupted');
    assert.ok(!seen.some((e) => e.type === 'outcome_evaluation'));
    await session.end('stopped');
  });

  it('rejects a bad outcome on the command line with a clear message and runs nothing', async () => {
    await start([]);
    const cases: Array<[string[], RegExp]> = [
      [['--outcome', 'x'], /--outcome needs --rubric/],
      [['--rubric', 'x'], /need --outcome/],
      [['--outcome', 'x', '--rubric', 'x', '--max-iterations', '21'], /from 1 to 20/],
      [['--outcome', ' ', '--rubric', 'x'], /Describe the result/],
      [['--outcome', 'x', '--rubric', '# only a heading'], /no criteria/],
    ];
    for (const [args, want] of cases) {
      const { io, stderr } = fakeIo(root, env());
      assert.equal(await main(['run', '--workspace', root, ...args, 'go'], io), 2, args.join(' '));
      assert.match(stderr(), want);
    }
    assert.equal(server!.requests.length, 0);
  });
});
