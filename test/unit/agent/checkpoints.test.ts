// Checkpoints and undo: every edit of a request is recorded with the content before it; undoing the last turn puts
// every file of it back (a created file goes away); a file changed by someone else since is reported, not
// overwritten, unless forced; restoring to an earlier turn undoes every later one.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeRig, type Rig } from './agentKit';

const edit = (p: string, from: string, to: string) => ({ name: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: p, old_str: from, new_str: to } });
const create = (p: string, text: string) => ({ name: 'str_replace_based_edit_tool', input: { command: 'create', path: p, file_text: text } });

describe('checkpoints and undo', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });
  const read = (p: string) => fs.readFileSync(path.join(rig!.root, p), 'utf8');

  it('undoes every file of the last turn; reports a file changed since; restores to an earlier turn', async () => {
    rig = await makeRig(
      [
        { toolUses: [edit('a.txt', 'one', 'ONE'), create('new.txt', 'created')] },
        { text: 'turn 1 done' },
        { toolUses: [edit('a.txt', 'ONE', 'UNO'), edit('b.txt', 'bee', 'BEE')] },
        { text: 'turn 2 done' },
        { toolUses: [edit('b.txt', 'BEE', 'B!')] },
        { text: 'turn 3 done' },
      ],
      { files: { 'a.txt': 'one\n', 'b.txt': 'bee\n' } },
    );
    await rig.send('first');
    await rig.send('second');
    await rig.send('third');
    assert.deepEqual(rig.session.checkpoints.list().map((t) => [t.label, t.files.map((f) => path.basename(f)).sort()]), [['first', ['a.txt', 'new.txt']], ['second', ['a.txt', 'b.txt']], ['third', ['b.txt']]]);

    // Undo the last turn.
    let r = await rig.session.checkpoints.undoLast();
    assert.deepEqual(r.conflicts, []);
    assert.equal(read('b.txt'), 'BEE\n');
    // The user changes a file the second turn wrote: undo reports it and changes nothing.
    fs.writeFileSync(path.join(rig.root, 'a.txt'), 'UNO and mine\n');
    r = await rig.session.checkpoints.undoLast();
    assert.deepEqual(r.conflicts.map((f) => path.basename(f)), ['a.txt']);
    assert.deepEqual(r.restored, []);
    assert.equal(read('b.txt'), 'BEE\n', 'nothing is put back while a conflict stands');
    // Forced: both files of the second turn go back.
    r = await rig.session.checkpoints.undoLast({ force: true });
    assert.equal(read('a.txt'), 'ONE\n');
    assert.equal(read('b.txt'), 'bee\n');
    // Restore to before the first turn: its edit undone, the file it created gone.
    r = await rig.session.checkpoints.restoreTo(0);
    assert.equal(read('a.txt'), 'one\n');
    assert.equal(fs.existsSync(path.join(rig.root, 'new.txt')), false);
    assert.deepEqual(rig.session.checkpoints.list(), []);
  });
});
