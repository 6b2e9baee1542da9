// The model pass as a judge, through the real SDK against the fake Anthropic server: a good model (its decisions
// are verified and applied), a partial one (what it cannot back is dropped, the rest applied), one that invents
// (nothing it invents reaches a note), an invalid answer (the rules' result is kept), and the cache (a dream with
// nothing new asks nothing and changes no byte).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { createDreamJudge, JUDGE_TOOL } from '../../../src/core/dream/judge/dreamJudge';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import type { Note } from '../../../src/core/memory/noteSchema';
import { createModelClient } from '../../../src/core/model/modelClient';
import { startFakeAnthropic, type FakeAnthropic, type FakeRequest, type FakeTurn } from '../../support/fakeAnthropic';
import { noteTexts, recordSession, tempWorkspace } from './dreamKit';

const NUMPY = [
  { command: 'python repro.py', output: 'Traceback (most recent call last):\n  File "repro.py", line 1, in <module>\n    import numpy\nModuleNotFoundError: No module named \'numpy\'', ok: false },
  { command: 'pip install numpy', output: 'Successfully installed numpy-2.0.2', ok: true },
  { command: 'python repro.py', output: 'done', ok: true },
];
const ESLINT = [
  { command: 'npx eslint --ext .ts src', output: "Invalid option '--ext' - perhaps you meant '-c'?", ok: false },
  { command: 'npx eslint src', output: '✔ no problems', ok: true },
];
const PROTO = [
  { command: 'make proto', output: "make: *** No rule to make target 'proto'.  Stop.", ok: false },
  { command: 'make generate && make proto', output: 'ok', ok: true },
];

interface SentLesson {
  id: string;
  rules: string;
  problem: { error: string };
  note: { id: string; title: string } | null;
  episodes: Array<{ ref: string; outcome: string; passing_call?: string }>;
}

const lessonsOf = (req: FakeRequest): SentLesson[] => JSON.parse(req.body.messages[0].content).lessons;
const find = (ls: SentLesson[], re: RegExp) => ls.find((l) => re.test(l.problem.error))!;
const refs = (l: SentLesson) => l.episodes.filter((e) => e.outcome === 'fixed').map((e) => e.ref);
const answer = (decisions: unknown[]) => ({ toolUses: [{ name: JUDGE_TOOL, input: { decisions } }] });

async function activeNotes(ws: string): Promise<Note[]> {
  return (await (await MemoryStore.open(ws)).load()).notes.map((n) => n.note).filter((n) => n.status === 'active');
}

describe('the model pass judges the lessons (fake Anthropic server, real SDK)', function () {
  this.timeout(60_000);
  let ws: string;
  let server: FakeAnthropic | undefined;
  beforeEach(async () => {
    ws = tempWorkspace();
    await recordSession(ws, NUMPY, { day: '2026-03-01' });
    await recordSession(ws, [...NUMPY, ...ESLINT, ...PROTO], { day: '2026-03-02' });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(ws, { recursive: true, force: true });
  });

  async function dreamWith(turns: FakeTurn[]) {
    server = await startFakeAnthropic({ turns });
    const client = createModelClient({ apiKey: 'sk-ant-test', baseURL: server.url, model: 'claude-test', sleep: async () => {} });
    return runDream({ workspaceRoot: ws, judge: createDreamJudge(client) });
  }

  it('asks once, with a forced tool call, the candidate lessons and their episodes; no conversation', async () => {
    const r = await dreamWith([(req) => answer(lessonsOf(req).map((l) => ({ lesson: l.id, decision: 'keep' })))]);
    const req = server!.requests[0];
    assert.equal(req.body.tool_choice.name, JUDGE_TOOL);
    assert.equal(req.body.tools[0].name, JUDGE_TOOL);
    const lessons = lessonsOf(req);
    assert.ok(find(lessons, /numpy/).rules.startsWith('lesson'), 'the rules keep the numpy lesson');
    assert.ok(find(lessons, /No rule to make target/).rules.startsWith('none'), 'the near miss is shown too');
    assert.match(find(lessons, /numpy/).episodes.map((e) => e.passing_call).join(' '), /python repro\.py/);
    assert.deepEqual(r.report.model, { asked: true, ok: true, added: [], reworded: [], rejected: [], dropped: [] });
  });

  it('a good model: rewords a note, rejects one, adds a near miss; every change verified against the sessions', async () => {
    const r = await dreamWith([
      (req) => {
        const ls = lessonsOf(req);
        const numpy = find(ls, /numpy/);
        const eslint = find(ls, /--ext/);
        const proto = find(ls, /No rule to make target/);
        return answer([
          { lesson: numpy.id, decision: 'update', title: 'numpy is not installed: install it before running scripts', fix: { text: 'Run `pip install numpy` once; scripts that import numpy then run.', commands: ['pip install numpy'] }, cite: refs(numpy), reason: 'clearer' },
          { lesson: eslint.id, decision: 'reject', reason: 'a one-off of an old eslint flag' },
          { lesson: proto.id, decision: 'add', title: '`make proto` needs the generated sources: run `make generate` first', fix: { text: 'Run `make generate && make proto`.', commands: ['make generate && make proto'] }, cite: refs(proto), reason: 'codegen first' },
        ]);
      },
    ]);
    const m = r.report.model;
    assert.equal(m.asked, true);
    assert.equal(m.ok, true);
    assert.deepEqual(m.dropped, []);
    assert.equal(m.reworded?.length, 1);
    assert.equal(m.rejected?.length, 1);
    assert.equal(m.added?.length, 1);
    const notes = await activeNotes(ws);
    const numpy = notes.find((n) => /numpy/.test(n.title))!;
    assert.equal(numpy.title, 'numpy is not installed: install it before running scripts');
    assert.deepEqual(numpy.fix?.commands, ['pip install numpy']);
    assert.equal(numpy.evidence.sessions, 2, 'evidence never comes from the model');
    assert.ok(!notes.some((n) => /--ext/.test(n.triggers.errors.join(' '))), 'the rejected note is not written');
    assert.ok(notes.some((n) => n.fix?.commands.includes('make generate && make proto')));
  });

  it('a partial model: a decision it cannot back is dropped and reported, the others apply', async () => {
    const r = await dreamWith([
      (req) => {
        const ls = lessonsOf(req);
        const numpy = find(ls, /numpy/);
        return answer([
          { lesson: numpy.id, decision: 'update', title: 'numpy is not installed here: pip install numpy', cite: refs(numpy), reason: 'shorter' },
          { lesson: find(ls, /--ext/).id, decision: 'update', title: 'eslint: drop --ext', cite: ['deadbeef:nope'], reason: 'x' },
          { lesson: 'L99', decision: 'reject', reason: 'no such lesson' },
        ]);
      },
    ]);
    assert.equal(r.report.model.ok, true);
    assert.equal(r.report.model.reworded?.length, 1);
    assert.equal(r.report.model.dropped?.length, 2);
    assert.match(r.report.model.dropped!.join('\n'), /not episodes of this problem/);
    assert.match(r.report.model.dropped!.join('\n'), /L99: no such lesson/);
    assert.ok((await activeNotes(ws)).some((n) => n.title === 'numpy is not installed here: pip install numpy'));
  });

  it('a model that invents: advice no session ran, a command never seen, a fix for a lesson without one: nothing of it is written', async () => {
    const plain = tempWorkspace();
    try {
      await recordSession(plain, NUMPY, { day: '2026-03-01' });
      await recordSession(plain, [...NUMPY, ...ESLINT, ...PROTO], { day: '2026-03-02' });
      await runDream({ workspaceRoot: plain });
      const rulesOnly = (await activeNotes(plain)).map((n) => [n.title, n.fix]);
      const r = await dreamWith([
        (req) => {
          const ls = lessonsOf(req);
          const numpy = find(ls, /numpy/);
          return answer([
            { lesson: numpy.id, decision: 'update', fix: { text: 'Use conda.', commands: ['conda install numpy'] }, cite: refs(numpy), reason: 'conda is better' },
            { lesson: find(ls, /--ext/).id, decision: 'update', title: 'eslint fails: rebuild with `docker compose build` first', cite: refs(find(ls, /--ext/)), reason: 'x' },
            { lesson: find(ls, /No rule to make target/).id, decision: 'add', fix: { text: 'Run `make all`.', commands: ['make all'] }, cite: refs(find(ls, /No rule to make target/)), reason: 'x' },
          ]);
        },
      ]);
      assert.equal(r.report.model.dropped?.length, 3, r.report.model.dropped?.join('\n'));
      assert.match(r.report.model.dropped!.join('\n'), /conda install numpy.*no cited session ran/);
      assert.match(r.report.model.dropped!.join('\n'), /docker compose build.*never ran/);
      assert.deepEqual((await activeNotes(ws)).map((n) => [n.title, n.fix]), rulesOnly, 'exactly the notes the rules alone write');
      assert.ok(!noteTexts(ws).join('\n').match(/conda|docker|make all/));
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('an invalid answer keeps the rules\' result and says so', async () => {
    const r = await dreamWith([{ text: 'Here are my thoughts, in prose.' }]);
    assert.equal(r.report.model.asked, true);
    assert.equal(r.report.model.ok, false);
    assert.match(r.report.model.message ?? '', /did not answer with the judge_lessons tool/);
    assert.ok((await activeNotes(ws)).some((n) => n.fix?.commands.includes('pip install numpy')));
  });

  it('answers are cached by what was judged: a dream with nothing new asks nothing and changes no byte', async () => {
    const turn: FakeTurn = (req) => {
      const numpy = find(lessonsOf(req), /numpy/);
      return answer([{ lesson: numpy.id, decision: 'update', title: 'numpy is missing: pip install numpy', cite: refs(numpy), reason: 'x' }]);
    };
    await dreamWith([turn, turn]);
    const before = noteTexts(ws);
    const client = createModelClient({ apiKey: 'sk-ant-test', baseURL: server!.url, model: 'claude-test', sleep: async () => {} });
    const again = await runDream({ workspaceRoot: ws, judge: createDreamJudge(client) });
    assert.equal(server!.requests.length, 1, 'no second request');
    assert.equal(again.changed, false);
    assert.deepEqual(noteTexts(ws), before);
    // A new session changes what is judged: the model is asked again.
    await recordSession(ws, NUMPY, { day: '2026-03-03' });
    const third = await runDream({ workspaceRoot: ws, judge: createDreamJudge(client) });
    assert.equal(server!.requests.length, 2);
    assert.equal(third.report.model.asked, true);
  });
});
