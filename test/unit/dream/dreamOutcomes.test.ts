// Dreams use outcomes: a criterion graders found unmet first and met later, in two sessions, becomes a "before
// finishing" note; a lesson seen only in sessions whose outcome was not satisfied is held back; sessions whose
// outcome was satisfied count as verified evidence.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { recordSession, tempWorkspace, type FakeCall, type FakeOutcome } from './dreamKit';

const active = async (ws: string) => (await (await MemoryStore.open(ws)).load()).notes.filter((n) => n.note.status === 'active').map((n) => n.note);

const MISSING: FakeCall = { command: 'python repro.py', output: "Traceback (most recent call last):\n  File \"repro.py\", line 1, in <module>\n    import numpy\nModuleNotFoundError: No module named 'numpy'", ok: false };
const INSTALL: FakeCall = { command: 'pip install numpy', output: 'Successfully installed numpy-2.0.2', ok: true };
const AGAIN: FakeCall = { command: 'python repro.py', output: 'done', ok: true };
const WORK: FakeCall = { command: 'ls', output: 'src', ok: true };

describe('dreams use outcomes', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('a criterion unmet at first and met later, in two sessions, becomes a "before finishing" note with the sessions as evidence', async () => {
    const outcome: FakeOutcome = { criteria: ['the CHANGELOG has an entry for the change', 'tests pass'], gradings: [[false, true], [true, true]], result: 'satisfied', explanation: 'No CHANGELOG entry.' };
    await recordSession(ws, [WORK], { day: '2026-03-01', outcome });
    const first = await runDream({ workspaceRoot: ws });
    assert.equal(first.report.added.length, 0, 'one session is not yet a lesson');
    await recordSession(ws, [WORK], { day: '2026-03-02', outcome });
    await runDream({ workspaceRoot: ws });
    const notes = await active(ws);
    assert.equal(notes.length, 1, notes.map((n) => n.title).join('; '));
    const [n] = notes;
    assert.equal(n.title, 'Before finishing: the CHANGELOG has an entry for the change');
    assert.equal(n.evidence.sessions, 2);
    assert.match(n.body, /No CHANGELOG entry/);
    assert.match(n.fix?.text ?? '', /before you end your turn/);
    // A criterion met the first time every time is no lesson; nor is one that was never met.
    const never = tempWorkspace();
    try {
      for (const day of ['2026-03-01', '2026-03-02']) await recordSession(never, [WORK], { day, outcome: { criteria: ['perfect'], gradings: [[false], [false]], result: 'max_iterations_reached' } });
      await runDream({ workspaceRoot: never });
      assert.deepEqual(await active(never), []);
    } finally {
      fs.rmSync(never, { recursive: true, force: true });
    }
  });

  it('a run: criterion failed first becomes "run it and make it pass" with its command', async () => {
    const outcome: FakeOutcome = { criteria: ['run: npm run lint'], gradings: [[false], [true]], result: 'satisfied' };
    fs.writeFileSync(`${ws}/package.json`, JSON.stringify({ scripts: { lint: 'eslint .' } }));
    for (const day of ['2026-03-01', '2026-03-02']) await recordSession(ws, [WORK], { day, outcome });
    await runDream({ workspaceRoot: ws });
    const notes = await active(ws);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].title, 'Before finishing: run `npm run lint` and make it pass');
    assert.deepEqual(notes[0].fix?.commands, ['npm run lint']);
    assert.deepEqual(notes[0].evidence.paths, ['script:lint'], 'the script it cites is verified, so the note goes stale if it goes');
  });

  it('a lesson seen only in sessions whose outcome was not satisfied is held back; satisfied sessions are verified evidence', async () => {
    const failed: FakeOutcome = { criteria: ['works'], gradings: [[false]], result: 'failed' };
    for (const day of ['2026-03-01', '2026-03-02']) await recordSession(ws, [MISSING, INSTALL, AGAIN], { day, outcome: failed });
    const r = await runDream({ workspaceRoot: ws });
    assert.equal(r.report.added.length, 0, 'held back');
    assert.deepEqual(await active(ws), []);
    const ok: FakeOutcome = { criteria: ['works'], gradings: [[true]], result: 'satisfied' };
    await recordSession(ws, [MISSING, INSTALL, AGAIN], { day: '2026-03-03', outcome: ok });
    await runDream({ workspaceRoot: ws });
    const [n] = await active(ws);
    assert.deepEqual(n.fix?.commands, ['pip install numpy']);
    assert.equal(n.evidence.sessions, 3);
    assert.equal(n.evidence.verified, 1);
    assert.match(n.body, /in 3 sessions \(1 with an outcome the grader accepted\)/);
  });
});
