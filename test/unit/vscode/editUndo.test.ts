import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Checkpoints } from '../../../src/core/agent/checkpoints';
import type { EditsItem } from '../../../src/shared/panelState';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { ChatLog } from '../../../src/vscode/chatLog';
import { EditUndo } from '../../../src/vscode/editUndo';

describe('EditUndo ("Undo these edits" after a request)', () => {
  let root: string;
  let cp: Checkpoints;
  let chat: ChatLog;
  let undo: EditUndo;
  const file = (name: string) => path.join(root, name);
  /** A request that writes `files` (name → content) the way the edit tool does: recorded, then on disk. */
  const request = (label: string, files: Record<string, string>) => {
    const mark = EditUndo.mark(cp);
    cp.begin(label);
    for (const [name, content] of Object.entries(files)) {
      const before = fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : undefined;
      fs.mkdirSync(path.dirname(file(name)), { recursive: true });
      fs.writeFileSync(file(name), content);
      cp.record(file(name), before, content);
    }
    undo.afterRequest(chat, cp, root, mark);
  };
  const lines = () => chat.transcript.filter((i): i is EditsItem => i.kind === 'edits');
  const never = async () => assert.fail('no question expected');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-undo-'));
    fs.writeFileSync(file('a.txt'), 'a0');
    cp = new Checkpoints();
    chat = new ChatLog();
    undo = new EditUndo();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('adds a line only after a request that edited files, with them workspace-relative', () => {
    request('read only', {});
    assert.equal(lines().length, 0);
    request('edit', { 'a.txt': 'a1', 'src/b.txt': 'b1' });
    assert.deepEqual(lines().map((l) => [l.files, l.state]), [[['a.txt', 'src/b.txt'], 'undoable']]);
  });

  it('undoes the request: edited files get their content back, created ones are removed; the line shows what was restored', async () => {
    request('edit', { 'a.txt': 'a1', 'src/b.txt': 'b1' });
    await undo.undo(chat, lines()[0].id, never);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a0');
    assert.equal(fs.existsSync(file('src/b.txt')), false);
    assert.equal(lines()[0].state, 'undone');
    assert.deepEqual(lines()[0].restored, ['a.txt', 'src/b.txt']);
    await undo.undo(chat, lines()[0].id, never); // a second click does nothing
    assert.equal(lines()[0].state, 'undone');
  });

  it('only the newest request can be undone; after it is undone, the one before can be', async () => {
    request('first', { 'a.txt': 'a1' });
    request('second', { 'a.txt': 'a2' });
    assert.deepEqual(lines().map((l) => l.state), ['superseded', 'undoable']);
    await undo.undo(chat, lines()[0].id, never);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a2', 'a superseded line undoes nothing');
    await undo.undo(chat, lines()[1].id, never);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a1');
    assert.deepEqual(lines().map((l) => l.state), ['undoable', 'undone']);
    await undo.undo(chat, lines()[0].id, never);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a0');
  });

  it('asks before overwriting a file changed since; declined: nothing is put back and the chat says why', async () => {
    request('edit', { 'a.txt': 'a1', 'c.txt': 'c1' });
    fs.writeFileSync(file('a.txt'), 'mine');
    const asked: string[][] = [];
    await undo.undo(chat, lines()[0].id, async (c) => (asked.push(c), false));
    assert.deepEqual(asked, [['a.txt']]);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'mine');
    assert.equal(fs.readFileSync(file('c.txt'), 'utf8'), 'c1', 'nothing is restored while a conflict stands');
    assert.equal(lines()[0].state, 'undoable');
    const info = chat.transcript.at(-1);
    assert.match(info?.kind === 'info' ? info.text : '', /Nothing undone: a\.txt changed since Lucid wrote it/);
  });

  it('overwrites when confirmed', async () => {
    request('edit', { 'a.txt': 'a1' });
    fs.writeFileSync(file('a.txt'), 'mine');
    await undo.undo(chat, lines()[0].id, async () => true);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a0');
    assert.deepEqual(lines()[0].restored, ['a.txt']);
  });

  it('forgets its lines on a new session; the webview message is validated', async () => {
    request('edit', { 'a.txt': 'a1' });
    undo.reset();
    await undo.undo(chat, lines()[0].id, never);
    assert.equal(fs.readFileSync(file('a.txt'), 'utf8'), 'a1');
    assert.deepEqual(parseWebviewMessage({ type: 'undoEdits', itemId: 'i3' }), { type: 'undoEdits', itemId: 'i3' });
    assert.equal(parseWebviewMessage({ type: 'undoEdits' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'undoEdits', itemId: '' }), undefined);
  });
});
