// The panel's side of outcomes without VS Code: the outcome the panel sends checked into a definition (or a clear
// refusal), the chip's view, the team's rubrics for the form, and a request with an outcome run the way the
// ChatController runs it (requestEvents into a ChatLog), through the real SDK against the fake server.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { OutcomeResult, SessionEndReason } from '../../../src/core/agent/agentEvents';
import { AgentSession } from '../../../src/core/agent/agentSession';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { createModelClient } from '../../../src/core/model/modelClient';
import { createApprovalGate } from '../../../src/core/tools/approvalPolicy';
import type { OutcomeCardItem } from '../../../src/shared/panelState';
import { ChatLog } from '../../../src/vscode/chatLog';
import { checkOutcome, loadRubrics, pendingView, requestEvents, type RequestContext } from '../../../src/vscode/outcomeRequest';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-PANELoutcomePANELoutcomePANEL-QQQQ';
const GRADER = { systemContains: 'strict, fair grader' };
const AGENT = { systemContains: 'You are Lucid' };

describe('outcomes in the panel (host side)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-panel-outcome-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('checkOutcome', () => {
    const rows: Array<[string, Parameters<typeof checkOutcome>[0], RegExp | null]> = [
      ['a rubric with a run: criterion', { description: 'Docs', rubric: '- explains the build\n- run: `npm test`', maxIterations: 2, rubricName: 'default.md' }, null],
      ['typed criteria, one per line, default limit', { description: 'Docs', rubric: 'explains the build\nexplains the tests' }, null],
      ['an empty description', { description: '  ', rubric: '- a' }, /Describe the result/],
      ['no criteria', { description: 'Docs', rubric: '# Heading only\n' }, /no criteria/],
      ['0 iterations', { description: 'Docs', rubric: '- a', maxIterations: 0 }, /from 1 to 20 \(got 0\)/],
      ['21 iterations', { description: 'Docs', rubric: '- a', maxIterations: 21 }, /from 1 to 20/],
      ['2.5 iterations', { description: 'Docs', rubric: '- a', maxIterations: 2.5 }, /whole number/],
      ['a run: with no command', { description: 'Docs', rubric: '- run:   ' }, /names no command/],
    ];
    for (const [name, input, refused] of rows) {
      it(`${refused ? 'refuses' : 'accepts'} ${name}`, () => {
        const r = checkOutcome(input);
        if (refused) assert.match('problem' in r ? r.problem : 'accepted', refused);
        else assert.ok('outcome' in r, 'problem' in r ? r.problem : '');
      });
    }

    it('reads the criteria, the run: commands and the defaults', () => {
      const r = checkOutcome({ description: ' Docs ', rubric: '- explains the build\n- run: `npm test`', rubricName: 'default.md' });
      assert.ok('outcome' in r);
      assert.deepEqual(r.outcome.criteria, [{ text: 'explains the build' }, { text: 'run: `npm test`', run: 'npm test' }]);
      assert.equal(r.outcome.maxIterations, 3);
      assert.deepEqual(pendingView(r.outcome), {
        description: 'Docs',
        rubric: '- explains the build\n- run: `npm test`',
        maxIterations: 3,
        rubricName: 'default.md',
        criteria: ['explains the build', 'run: `npm test`'],
      });
    });
  });

  describe('loadRubrics', () => {
    it('lists the team rubrics with their text, default.md first; skips what cannot be offered', async () => {
      const dir = path.join(root, '.agent-memory', 'rubrics');
      fs.mkdirSync(path.join(dir, 'folder.md'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'api.md'), '- documented');
      fs.writeFileSync(path.join(dir, 'default.md'), '- the tests pass');
      fs.writeFileSync(path.join(dir, 'huge.md'), `- ${'x'.repeat(20_001)}`);
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a rubric');
      assert.deepEqual(await loadRubrics(root), [
        { name: 'default.md', text: '- the tests pass' },
        { name: 'api.md', text: '- documented' },
      ]);
    });

    it('is empty without a rubrics folder', async () => {
      assert.deepEqual(await loadRubrics(root), []);
    });
  });

  describe('requestEvents', () => {
    let server: FakeAnthropic | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    async function context(turns: FakeTurn[]): Promise<RequestContext> {
      server = await startFakeAnthropic({ turns, apiKey: KEY });
      const client = createModelClient({ apiKey: KEY, baseURL: server.url, model: 'claude-sonnet-4-6', sleep: async () => {} });
      const approve = createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true });
      const agent = new AgentSession({ workspaceRoot: root, store: await MemoryStore.open(root), client, approve, trusted: true });
      return { agent, client, approve, root, trusted: true };
    }

    async function drain(ctx: RequestContext, text: string, outcome: Parameters<typeof requestEvents>[2], signal = new AbortController().signal) {
      const log = new ChatLog();
      const events = requestEvents(ctx, text, outcome, signal);
      for (;;) {
        const r = await events.next();
        if (r.done) return { log, end: r.value as SessionEndReason | OutcomeResult };
        log.apply(r.value);
      }
    }

    it('without an outcome is the agent alone', async () => {
      const ctx = await context([{ text: 'Hello.' }]);
      const { log, end } = await drain(ctx, 'hi', undefined);
      assert.equal(end, 'completed');
      assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'assistant']);
      assert.equal(server!.requests.length, 1);
    });

    it('with an outcome: graded, sent back once, then satisfied; the card ends satisfied at iteration 2', async () => {
      const ctx = await context([
        { when: AGENT, text: 'I will write it later.' },
        { when: GRADER, toolUses: [{ name: 'grade_outcome', input: { criteria: [{ criterion: 'greets', met: false, explanation: 'No file.' }, { criterion: 'check', met: false, explanation: 'No file.' }], result: 'needs_revision', explanation: 'greeting.txt is missing.' } }] },
        { when: AGENT, toolUses: [{ name: 'bash', input: { command: 'echo hello > greeting.txt' } }] },
        { when: AGENT, text: 'Created greeting.txt.' },
        { when: GRADER, toolUses: [{ name: 'grade_outcome', input: { criteria: [{ criterion: 'greets', met: true, explanation: 'It says hello.' }, { criterion: 'check', met: true, explanation: 'ok' }], result: 'satisfied', explanation: 'Done.' } }] },
      ]);
      const checked = checkOutcome({ description: 'A greeting file', rubric: '- greets the reader\n- run: grep -q hello greeting.txt', maxIterations: 3 });
      assert.ok('outcome' in checked);
      const { log, end } = await drain(ctx, 'Write a greeting file', checked.outcome);
      assert.equal(end, 'satisfied');
      assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'outcome', 'assistant', 'revision', 'tool', 'assistant']);
      assert.equal(log.transcript[0].kind === 'user' && log.transcript[0].text, 'Write a greeting file');
      const agentFirst = server!.requests.find((r) => !JSON.stringify(r.body?.system ?? '').includes('strict, fair grader'));
      assert.match(JSON.stringify(agentFirst?.body.messages[0]), /grep -q hello greeting.txt/, 'the agent was told the rubric');
      const card = log.transcript[1] as OutcomeCardItem;
      assert.deepEqual([card.phase, card.result, card.iteration, card.maxIterations], ['done', 'satisfied', 2, 3]);
      assert.deepEqual(card.criteria.map((c) => c.met), [true, true]);
      assert.deepEqual(card.criteria[1].check, { command: 'grep -q hello greeting.txt', exitCode: 0 });
      assert.deepEqual(card.grades.map((g) => g.result), ['needs_revision', 'satisfied']);
      assert.equal(fs.readFileSync(path.join(root, 'greeting.txt'), 'utf8'), 'hello\n');
    });

    it('Stop while the agent works ends the outcome interrupted', async () => {
      const ctx = await context([{ when: AGENT, text: 'x'.repeat(400), eventDelayMs: 40 }]);
      const checked = checkOutcome({ description: 'Anything', rubric: '- a' });
      assert.ok('outcome' in checked);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 150);
      const { log, end } = await drain(ctx, 'go', checked.outcome, stop.signal);
      assert.equal(end, 'interrupted');
      const card = log.transcript.find((i): i is OutcomeCardItem => i.kind === 'outcome');
      assert.deepEqual([card?.phase, card?.result], ['done', 'interrupted']);
      assert.equal(server!.requests.filter((r) => JSON.stringify(r.body?.system ?? '').includes('strict, fair grader')).length, 0, 'never graded');
    });
  });
});
