// The must-show: real Claude Code sessions, imported then dreamed without a model.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/cliIo';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { REAL_SESSIONS, snapshot, tempWorkspace } from './dreamKit';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('dream over the real Claude Code sessions (lucid import claude-code, then lucid dream --no-llm)', () => {
  let ws: string;
  before(function () {
    if (!fs.existsSync(REAL_SESSIONS)) throw new Error(`The real session transcripts are missing: ${REAL_SESSIONS}`);
    ws = tempWorkspace();
  });
  after(() => ws && fs.rmSync(ws, { recursive: true, force: true }));

  it('imports the three sessions, idempotently', async () => {
    const first = io(ws);
    assert.equal(await main(['import', 'claude-code', '--from', REAL_SESSIONS, '--json'], first.io), 0, first.stderr());
    assert.equal(JSON.parse(first.stdout()).imported.length, 3);
    const again = io(ws);
    assert.equal(await main(['import', 'claude-code', '--from', REAL_SESSIONS, '--json'], again.io), 0);
    assert.equal(JSON.parse(again.stdout()).imported.length, 0);
  });

  it('captures both problems of SOURCES.md with the fix that worked, and nothing about noise', async () => {
    const run = io(ws);
    assert.equal(await main(['dream', '--no-llm', '--json'], run.io), 0, run.stderr());
    const { report } = JSON.parse(run.stdout());
    assert.equal(report.sessionsRead, 3);
    const { notes, problems } = await (await MemoryStore.open(ws)).load();
    assert.deepEqual(problems, []);
    const active = notes.filter((n) => n.note.status === 'active').map((n) => n.note);
    const all = active.map((n) => `${n.title}\n${n.body}\n${n.triggers.errors.join('\n')}`);

    const vitest = active.find((n) => n.triggers.errors.some((e) => /vitest: command not found/.test(e)));
    assert.ok(vitest, `a note about vitest not found; notes: ${all.join('\n---\n')}`);
    assert.match(vitest.body, /npx vitest run/);
    assert.ok(vitest.triggers.commands.includes('npm test'));

    const checkout = active.find((n) => n.triggers.errors.some((e) => /would be overwritten by checkout/.test(e)));
    assert.ok(checkout, 'a note about git checkout and local changes');
    assert.match(checkout.body, /git stash|git checkout -f|git checkout -- logs/);
    assert.equal(checkout.evidence.sessions, 2, 'seen in both sessions that hit it');

    assert.equal(active.length, 2, `only the two real problems become notes; got:\n${all.join('\n---\n')}`);
    for (const noise of [/string-similarity/, /unknown option/, /critical-fixes-applied/, /batch-validation/, /pathspec/, /blocked by hook/, /File does not exist/]) {
      assert.ok(!all.some((t) => noise.test(t)), `no note about ${noise}`);
    }
    assert.ok(report.episodes.noise >= 5, 'noise was seen and labelled');
  });

  it('a second dream with nothing new changes no byte', async () => {
    const before = snapshot(ws);
    const run = io(ws);
    assert.equal(await main(['dream', '--no-llm'], run.io), 0);
    assert.match(run.stdout(), /Nothing new since the last dream/);
    assert.deepEqual(snapshot(ws), before);
  });
});
