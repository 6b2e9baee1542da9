// "Restore to here" on an edits line: the files of that request and of every later one go back to their content
// before it; files changed since are asked about (overwrite, skip those, or cancel).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Checkpoints } from '../../../src/core/agent/checkpoints';
import type { EditsItem } from '../../../src/shared/panelState';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { ChatLog } from '../../../src/vscode/chatLog';
import { EditUndo } from '../../../src/vscode/editUndo';

describe('EditUndo: "Restore to here"', () => {
  let root: string;
  let cp: Checkpoints;
  let chat: ChatLog;
  let undo: EditUndo;
  const file = (name: string) => path.join(root, name);
  const read = (name: string) => (fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : undefined);
  const request = (label: string, files: Record<string, string>) => {
    const mark = EditUndo.mark(cp);
    cp.begin(label);
    for (const [name, content] of Object.entries(files)) {
      const before = read(name);
      fs.writeFileSync(file(name), content);
      cp.record(file(name), before, content);
    }
    undo.afterRequest(chat, cp, root, mark);
  };
  const lines = () => chat.transcript.filter((i): i is EditsItem => i.kind === 'edits');
  const never = async (): Promise<'cancel'> => assert.fail('no question expected');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-restore-'));
    fs.writeFileSync(file('a.txt'), 'a0');
    fs.writeFileSync(file('b.txt'), 'b0');
    cp = new Checkpoints();
    chat = new ChatLog();
    undo = new EditUndo();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('restores that request and every later one; the earlier one stays, and becomes the one to undo', async () => {
    request('first', { 'a.txt': 'a1' });
    request('second', { 'a.txt': 'a2', 'c.txt': 'c2' });
    request('third', { 'b.txt': 'b3' });
    assert.deepEqual(lines().map((l) => l.state), ['superseded', 'superseded', 'undoable']);
    await undo.restoreTo(chat, lines()[1].id, never);
    assert.deepEqual([read('a.txt'), read('b.txt'), read('c.txt')], ['a1', 'b0', undefined]);
    assert.deepEqual(lines().map((l) => l.state), ['undoable', 'undone', 'undone']);
    assert.deepEqual(lines().map((l) => l.restored), [undefined, ['a.txt', 'c.txt'], ['b.txt']]);
    await undo.restoreTo(chat, lines()[1].id, never); // an undone line does nothing
    assert.equal(read('a.txt'), 'a1');
  });

  it('a file changed since: "Skip those" restores the others and says which were kept', async () => {
    request('first', { 'a.txt': 'a1', 'b.txt': 'b1' });
    request('second', { 'a.txt': 'a2' });
    fs.writeFileSync(file('b.txt'), 'mine');
    const asked: string[][] = [];
    await undo.restoreTo(chat, lines()[0].id, async (c) => (asked.push(c), 'skip'));
    assert.deepEqual(asked, [['b.txt']]);
    assert.deepEqual([read('a.txt'), read('b.txt')], ['a0', 'mine']);
    assert.deepEqual(lines().map((l) => [l.state, l.restored]), [['undone', ['a.txt']], ['undone', ['a.txt']]]);
    const info = chat.transcript.find((i) => i.kind === 'info');
    assert.match(info?.kind === 'info' ? info.text : '', /Kept as they are .*: b\.txt/);
  });

  it('"Overwrite" puts back the changed file too; cancel changes nothing', async () => {
    request('first', { 'a.txt': 'a1', 'b.txt': 'b1' });
    fs.writeFileSync(file('b.txt'), 'mine');
    await undo.restoreTo(chat, lines()[0].id, async () => 'cancel');
    assert.deepEqual([read('a.txt'), read('b.txt')], ['a1', 'mine']);
    assert.equal(lines()[0].state, 'undoable');
    const info = chat.transcript.at(-1);
    assert.match(info?.kind === 'info' ? info.text : '', /Nothing restored: b\.txt changed since/);
    await undo.restoreTo(chat, lines()[0].id, async () => 'overwrite');
    assert.deepEqual([read('a.txt'), read('b.txt')], ['a0', 'b0']);
    assert.equal(lines()[0].state, 'undone');
  });

  it('the webview messages are validated', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'restoreEdits', itemId: 'i3' }), { type: 'restoreEdits', itemId: 'i3' });
    assert.equal(parseWebviewMessage({ type: 'restoreEdits', itemId: '' }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'openEditDiff', callId: 'toolu_1' }), { type: 'openEditDiff', callId: 'toolu_1' });
    assert.equal(parseWebviewMessage({ type: 'openEditDiff' }), undefined);
  });
});
