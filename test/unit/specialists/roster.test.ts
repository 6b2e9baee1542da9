// The roster: built-in specialists, a team's own definitions in Claude Code's format from .claude/agents/ and
// .agent-memory/agents/, what their `tools` let them do, and definitions that do not fit (reported, skipped).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILT_IN, capabilitiesOf, loadRoster, readSpecialist } from '../../../src/core/specialists/roster';
import { Slots } from '../../../src/core/specialists/slots';

describe('the specialists roster', () => {
  it('has the four built-ins, explore read-only', () => {
    assert.deepEqual(BUILT_IN.map((s) => s.name), ['explore', 'test', 'review', 'general']);
    assert.deepEqual(BUILT_IN[0].can, { edit: false, commands: 'read-only', memory: false });
    assert.deepEqual(BUILT_IN[3].can, { edit: true, commands: 'all', memory: true });
  });

  const TOOLS: Array<[string | string[] | undefined, { edit: boolean; commands: string; memory: boolean }]> = [
    [undefined, { edit: true, commands: 'all', memory: true }],
    ['Read, Grep, Glob', { edit: false, commands: 'read-only', memory: false }],
    ['Read, Edit, Bash', { edit: true, commands: 'all', memory: false }],
    [['Write', 'memory'], { edit: true, commands: 'read-only', memory: true }],
  ];
  for (const [tools, want] of TOOLS) it(`tools ${JSON.stringify(tools)} → ${JSON.stringify(want)}`, () => assert.deepEqual(capabilitiesOf(tools), want));

  it('reads a Claude Code subagent file; an alias model means the lead\'s model; bad files say why', () => {
    const ok = readSpecialist('---\nname: db-expert\ndescription: Knows the schema.\ntools: Read, Bash\nmodel: sonnet\n---\nYou know Postgres.\n', 'x.md');
    assert.ok(typeof ok !== 'string');
    assert.deepEqual({ name: ok.name, prompt: ok.prompt, model: ok.model, can: ok.can }, { name: 'db-expert', prompt: 'You know Postgres.', model: undefined, can: { edit: false, commands: 'all', memory: false } });
    const pinned = readSpecialist('---\nname: fast\ndescription: d\nmodel: claude-haiku-4-5\n---\n', 'y.md');
    assert.equal(typeof pinned !== 'string' && pinned.model, 'claude-haiku-4-5');
    assert.match(readSpecialist('no front matter', 'a.md') as string, /a\.md: no front-matter/);
    assert.match(readSpecialist('---\nname: Bad Name\ndescription: d\n---\n', 'b.md') as string, /b\.md: name lowercase/);
    assert.match(readSpecialist('---\nname: x\n---\n', 'c.md') as string, /c\.md: description/);
    assert.match(readSpecialist('---\nname: [x\n---\n', 'd.md') as string, /d\.md: the front-matter is not YAML/);
  });

  it('loads .claude/agents/ then .agent-memory/agents/ (a later one of the same name wins), reporting bad files', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-roster-'));
    try {
      const cc = path.join(root, '.claude', 'agents');
      const mem = path.join(root, '.agent-memory');
      fs.mkdirSync(cc, { recursive: true });
      fs.mkdirSync(path.join(mem, 'agents'), { recursive: true });
      fs.writeFileSync(path.join(cc, 'docs.md'), '---\nname: docs\ndescription: Writes docs.\ntools: Read, Write\n---\nWrite clear docs.');
      fs.writeFileSync(path.join(cc, 'broken.md'), 'nothing here');
      fs.writeFileSync(path.join(mem, 'agents', 'docs.md'), '---\nname: docs\ndescription: The team\'s docs writer.\n---\nFollow docs/STYLE.md.');
      fs.writeFileSync(path.join(mem, 'agents', 'test.md'), '---\nname: test\ndescription: Our test runner.\ntools: Bash\n---\nUse make check.');
      const r = await loadRoster(root, mem);
      assert.deepEqual(r.specialists.map((s) => s.name), ['explore', 'test', 'review', 'general', 'docs']);
      const docs = r.specialists.find((s) => s.name === 'docs')!;
      assert.equal(docs.description, "The team's docs writer.");
      assert.equal(docs.source, '.agent-memory/agents/docs.md');
      assert.equal(r.specialists.find((s) => s.name === 'test')!.prompt, 'Use make check.');
      assert.deepEqual(r.problems, ['.claude/agents/broken.md: no front-matter (--- name, description ---)']);
      assert.deepEqual((await loadRoster(path.join(root, 'none'), path.join(root, 'none'))).specialists.length, 4);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('slots: at most N at once, the rest in order; a stopped waiter never starts', async () => {
    const slots = new Slots(2);
    let now = 0;
    let peak = 0;
    const order: number[] = [];
    const job = async (n: number) => {
      if (!(await slots.acquire())) return;
      now++;
      peak = Math.max(peak, now);
      order.push(n);
      await new Promise((r) => setTimeout(r, 20));
      now--;
      slots.release();
    };
    await Promise.all([1, 2, 3, 4, 5].map(job));
    assert.equal(peak, 2);
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
    const full = new Slots(1);
    await full.acquire();
    const ac = new AbortController();
    const waiting = full.acquire(ac.signal);
    ac.abort();
    assert.equal(await waiting, false);
    full.release();
    assert.equal(await full.acquire(), true, 'the stopped waiter took no slot');
  });
});
