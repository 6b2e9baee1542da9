// Restore planning (pure): each file goes back to its content before the oldest turn restored that touched it, and
// is a conflict when it is no longer what the newest of them wrote. Then the records kept per edit (for a past edit's
// diff) and restoring with the conflicting files skipped.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Checkpoints, planRestore, type Turn } from '../../../src/core/agent/checkpoints';

/** A turn from `[file, before, after]` rows. */
const turn = (id: number, ...rows: Array<[string, string | undefined, string]>): Turn => ({
  id,
  label: `t${id}`,
  files: new Map(rows.map(([file, before, after]) => [file, { file, before, after }])),
});

describe('checkpoints: restore planning', () => {
  const cases: Array<{ name: string; turns: Turn[]; current: Record<string, string | undefined>; writes: Record<string, string | undefined>; conflicts: string[] }> = [
    { name: 'one turn, untouched since', turns: [turn(1, ['a', 'a0', 'a1'])], current: { a: 'a1' }, writes: { a: 'a0' }, conflicts: [] },
    { name: 'the oldest turn\u2019s content before wins', turns: [turn(2, ['a', 'a1', 'a2']), turn(1, ['a', 'a0', 'a1'])], current: { a: 'a2' }, writes: { a: 'a0' }, conflicts: [] },
    { name: 'compared with what the newest turn wrote', turns: [turn(1, ['a', 'a0', 'a1']), turn(2, ['a', 'a1', 'a2'])], current: { a: 'a1' }, writes: { a: 'a0' }, conflicts: ['a'] },
    { name: 'a created file goes away', turns: [turn(1, ['n', undefined, 'new'])], current: { n: 'new' }, writes: { n: undefined }, conflicts: [] },
    { name: 'a file removed since is a conflict', turns: [turn(1, ['a', 'a0', 'a1'])], current: { a: undefined }, writes: { a: 'a0' }, conflicts: ['a'] },
    { name: 'files of different turns', turns: [turn(1, ['a', 'a0', 'a1']), turn(3, ['b', 'b0', 'b1'], ['a', 'a1', 'a3'])], current: { a: 'a3', b: 'changed' }, writes: { a: 'a0', b: 'b0' }, conflicts: ['b'] },
    { name: 'nothing to restore', turns: [], current: {}, writes: {}, conflicts: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planRestore(c.turns, new Map(Object.entries(c.current)));
      assert.deepEqual(Object.fromEntries(plan.writes.map((w) => [w.file, w.content])), c.writes);
      assert.deepEqual(plan.conflicts.sort(), c.conflicts);
    });
  }

  it('does not change the turns it plans from', () => {
    const turns = [turn(1, ['a', 'a0', 'a1'])];
    planRestore(turns, new Map([['a', 'other']]));
    assert.deepEqual([...turns[0].files.values()], [{ file: 'a', before: 'a0', after: 'a1' }]);
  });
});

describe('checkpoints: edits by tool call, restoring with conflicts skipped', () => {
  let root: string;
  const file = (n: string) => path.join(root, n);
  const write = (cp: Checkpoints, n: string, content: string, callId?: string) => {
    const before = fs.existsSync(file(n)) ? fs.readFileSync(file(n), 'utf8') : undefined;
    fs.writeFileSync(file(n), content);
    cp.record(file(n), before, content, callId);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cp-'));
    fs.writeFileSync(file('a.txt'), 'a0');
    fs.writeFileSync(file('b.txt'), 'b0');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps each edit with the content just before and after it, even after later edits of the file', () => {
    const cp = new Checkpoints();
    cp.begin('one');
    write(cp, 'a.txt', 'a1', 'call-1');
    write(cp, 'a.txt', 'a2', 'call-2');
    cp.begin('two');
    write(cp, 'a.txt', 'a3', 'call-3');
    assert.deepEqual(cp.edit('call-2'), { file: file('a.txt'), before: 'a1', after: 'a2' });
    assert.deepEqual(cp.edit('call-1'), { file: file('a.txt'), before: 'a0', after: 'a1' });
    assert.equal(cp.edit('unknown'), undefined);
  });

  it('skip: restores the other files, leaves the changed one and keeps its record', async () => {
    const cp = new Checkpoints();
    cp.begin('one');
    write(cp, 'a.txt', 'a1');
    write(cp, 'b.txt', 'b1');
    fs.writeFileSync(file('b.txt'), 'mine');
    const refused = await cp.restoreTo(0);
    assert.deepEqual(refused, { restored: [], conflicts: [file('b.txt')] });
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a1', 'nothing put back without an answer');
    const r = await cp.restoreTo(0, { skip: true });
    assert.deepEqual(r.restored, [file('a.txt')]);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a0');
    assert.equal(fs.readFileSync(file('b.txt'), 'utf8'), 'mine');
    assert.deepEqual(cp.list().map((t) => t.files), [[file('b.txt')]]);
  });
});
