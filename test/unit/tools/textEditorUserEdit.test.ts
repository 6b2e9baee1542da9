// A proposed edit the user changed before allowing it: the approval answer carries the content the user saved
// (`replacement`); the tool writes that, records it as the edit, and tells the model what differs from its proposal.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyPatch } from 'diff';
import { createTextEditorTool } from '../../../src/core/tools/textEditorTool';
import { cleanup, makeContext, makeTempDir } from './toolTestKit';

describe('tools/textEditorTool: the user changes the proposal before allowing it', () => {
  let root: string;
  const editor = createTextEditorTool();
  const file = (rel: string) => path.join(root, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  beforeEach(() => {
    root = makeTempDir();
    fs.writeFileSync(file('a.txt'), 'one\ntwo\nthree\n');
  });
  afterEach(() => cleanup(root));

  it('writes what the user saved, reports it to onEdit, and tells the model the difference', async () => {
    const ctx = makeContext(root, { allowed: true, how: 'user', replacement: 'one\nTWO (mine)\nthree\n' });
    const edits: Array<[string, string | undefined, string]> = [];
    ctx.onEdit = (f, before, after) => edits.push([f, before, after]);
    const r = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: 'TWO' }, ctx);
    assert.equal(r.isError, false, r.content);
    assert.equal(read('a.txt'), 'one\nTWO (mine)\nthree\n');
    assert.deepEqual(edits, [[file('a.txt'), 'one\ntwo\nthree\n', 'one\nTWO (mine)\nthree\n']]);
    assert.match(r.content, /The user modified your edit of a\.txt/);
    assert.match(r.content, /-TWO\n\+TWO \(mine\)/, 'the model sees its line replaced by the user\u2019s');
    assert.doesNotMatch(r.content, /has been edited/, 'not the usual message, which would show the proposal');
    // The card's diff is what was written, from the content before.
    assert.equal(applyPatch('one\ntwo\nthree\n', r.meta!.diff!), 'one\nTWO (mine)\nthree\n');
  });

  it('a replacement equal to the proposal is the plain result', async () => {
    const ctx = makeContext(root, { allowed: true, how: 'user', replacement: 'one\nTWO\nthree\n' });
    const r = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'two', new_str: 'TWO' }, ctx);
    assert.equal(r.isError, false, r.content);
    assert.equal(read('a.txt'), 'one\nTWO\nthree\n');
    assert.match(r.content, /has been edited/);
  });

  it('a new file the user emptied is created empty, and the model is told', async () => {
    const ctx = makeContext(root, { allowed: true, how: 'user', replacement: '' });
    const r = await editor.run({ command: 'create', path: 'b.txt', file_text: 'proposed\n' }, ctx);
    assert.equal(r.isError, false, r.content);
    assert.equal(read('b.txt'), '');
    assert.match(r.content, /The user modified your edit of b\.txt/);
    assert.match(r.content, /-proposed/);
  });
});
