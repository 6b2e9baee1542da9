import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyPatch, parsePatch } from 'diff';
import { createTextEditorTool } from '../../../src/core/tools/textEditorTool';
import type { ApprovalRequest } from '../../../src/core/tools/approvalPolicy';
import { cleanup, makeContext, makeTempDir } from './toolTestKit';

const editRequest = (reqs: ApprovalRequest[]) => {
  const r = reqs[reqs.length - 1];
  assert.ok(r && r.kind === 'edit', 'an edit approval was requested');
  return r as Extract<ApprovalRequest, { kind: 'edit' }>;
};

describe('tools/textEditorTool', () => {
  let root: string;
  const editor = createTextEditorTool();
  const file = (rel: string) => path.join(root, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  beforeEach(() => {
    root = makeTempDir();
    fs.writeFileSync(file('a.txt'), 'one\ntwo\nthree\nfour\nfive\n');
  });
  afterEach(() => cleanup(root));

  it('has the Anthropic definition, with max_characters when configured', () => {
    assert.deepEqual(editor.definition, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' });
    const capped = createTextEditorTool({ maxCharacters: 5000 });
    assert.deepEqual(capped.definition, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 5000 });
  });

  describe('view', () => {
    it('shows a file with line numbers, without asking', async () => {
      const ctx = makeContext(root);
      const r = await editor.run({ command: 'view', path: 'a.txt' }, ctx);
      assert.equal(r.isError, false);
      assert.equal(r.content, '1\tone\n2\ttwo\n3\tthree\n4\tfour\n5\tfive');
      assert.deepEqual(r.meta, { kind: 'view', file: 'a.txt' });
      assert.equal(ctx.requests.length, 0);
    });

    it('shows a line range, -1 meaning the end', async () => {
      const r1 = await editor.run({ command: 'view', path: 'a.txt', view_range: [2, 3] }, makeContext(root));
      const r2 = await editor.run({ command: 'view', path: 'a.txt', view_range: [4, -1] }, makeContext(root));
      const r3 = await editor.run({ command: 'view', path: 'a.txt', view_range: [9, 10] }, makeContext(root));
      assert.equal(r1.content, '2\ttwo\n3\tthree');
      assert.equal(r2.content, '4\tfour\n5\tfive');
      assert.equal(r3.isError, true);
      assert.match(r3.content, /between 1 and 5/);
    });

    it('lists a directory two levels deep, without hidden items and node_modules', async () => {
      fs.mkdirSync(file('src/deep/deeper'), { recursive: true });
      fs.mkdirSync(file('node_modules/x'), { recursive: true });
      fs.mkdirSync(file('.hidden'));
      fs.writeFileSync(file('src/deep/deeper/too-deep.ts'), '');
      fs.writeFileSync(file('src/b.ts'), '');
      const r = await editor.run({ command: 'view', path: '.' }, makeContext(root));
      assert.equal(r.isError, false);
      const lines = r.content.split('\n').slice(1);
      assert.deepEqual(lines, ['a.txt', 'src/', 'src/b.ts', 'src/deep/']);
    });

    it('refuses binary files and truncates huge views', async () => {
      fs.writeFileSync(file('img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
      const r1 = await editor.run({ command: 'view', path: 'img.png' }, makeContext(root));
      assert.equal(r1.isError, true);
      assert.match(r1.content, /binary/);
      fs.writeFileSync(file('big.txt'), Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n'));
      const small = createTextEditorTool({ maxCharacters: 1000 });
      const r2 = await small.run({ command: 'view', path: 'big.txt' }, makeContext(root));
      assert.equal(r2.isError, false);
      assert.ok(r2.content.length < 1200);
      assert.match(r2.content, /\[\.\.\. truncated at 1000 characters: showing lines 1-\d+ of 5000; use view_range/);
      const tiny = createTextEditorTool({ maxFileBytes: 1000 });
      const r3 = await tiny.run({ command: 'view', path: 'big.txt' }, makeContext(root));
      assert.match(r3.content, /too large/);
    });

    it('says when a file does not exist', async () => {
      const r = await editor.run({ command: 'view', path: 'nope.txt' }, makeContext(root));
      assert.deepEqual([r.isError, r.content], [true, 'nope.txt does not exist.']);
    });
  });

  describe('writes', () => {
    it('creates a file (and its folders) after approval with a correct diff', async () => {
      const ctx = makeContext(root);
      const r = await editor.run({ command: 'create', path: 'src/new/b.ts', file_text: 'export const b = 1;\n' }, ctx);
      assert.equal(r.isError, false, r.content);
      assert.equal(read('src/new/b.ts'), 'export const b = 1;\n');
      const req = editRequest(ctx.requests);
      assert.equal(req.file, 'src/new/b.ts');
      assert.equal(req.before, undefined);
      assert.equal(req.after, 'export const b = 1;\n');
      assert.equal(applyPatch('', req.diff), req.after);
      assert.equal(r.meta?.diff, req.diff);
      assert.deepEqual(fs.readdirSync(file('src/new')), ['b.ts'], 'no temp file left behind');
    });

    it('str_replace: no match, several matches with their lines, exactly one', async () => {
      fs.writeFileSync(file('dup.txt'), 'x = 1\ny = 2\nx = 1\n');
      const none = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'six', new_str: '6' }, makeContext(root));
      assert.equal(none.isError, true);
      assert.match(none.content, /did not appear verbatim/);
      const many = await editor.run({ command: 'str_replace', path: 'dup.txt', old_str: 'x = 1', new_str: 'x = 3' }, makeContext(root));
      assert.equal(many.isError, true);
      assert.match(many.content, /appears 2 times in dup\.txt \(at lines 1, 3\)/);
      assert.equal(read('dup.txt'), 'x = 1\ny = 2\nx = 1\n');
      const ctx = makeContext(root);
      const one = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'two\nthree', new_str: 'TWO\nTHREE' }, ctx);
      assert.equal(one.isError, false, one.content);
      assert.equal(read('a.txt'), 'one\nTWO\nTHREE\nfour\nfive\n');
      assert.match(one.content, /has been edited/);
      assert.match(one.content, /2\tTWO\n3\tTHREE/);
      const req = editRequest(ctx.requests);
      assert.equal(req.before, 'one\ntwo\nthree\nfour\nfive\n');
      assert.equal(applyPatch(req.before!, req.diff), req.after);
      const [p] = parsePatch(req.diff);
      assert.deepEqual([p.oldFileName, p.newFileName], ['a/a.txt', 'b/a.txt']);
      assert.match(req.diff, /^--- a\/a\.txt\n\+\+\+ b\/a\.txt\n@@ -1,5 \+1,5 @@\n one\n-two\n-three\n\+TWO\n\+THREE\n four\n five\n$/);
    });

    it('str_replace without new_str deletes', async () => {
      const r = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'three\n' }, makeContext(root));
      assert.equal(r.isError, false, r.content);
      assert.equal(read('a.txt'), 'one\ntwo\nfour\nfive\n');
    });

    it('insert at 0 and at the end', async () => {
      const r1 = await editor.run({ command: 'insert', path: 'a.txt', insert_line: 0, insert_text: 'zero\n' }, makeContext(root));
      assert.equal(r1.isError, false, r1.content);
      assert.equal(read('a.txt'), 'zero\none\ntwo\nthree\nfour\nfive\n');
      const r2 = await editor.run({ command: 'insert', path: 'a.txt', insert_line: 6, insert_text: 'six\nseven' }, makeContext(root));
      assert.equal(r2.isError, false, r2.content);
      assert.equal(read('a.txt'), 'zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\n');
      const bad = await editor.run({ command: 'insert', path: 'a.txt', insert_line: 99, insert_text: 'x' }, makeContext(root));
      assert.equal(bad.isError, true);
      assert.match(bad.content, /between 0 .* and 8/);
    });

    it('keeps CRLF line endings and the BOM', async () => {
      fs.writeFileSync(file('win.txt'), '\uFEFFalpha\r\nbeta\r\ngamma\r\n');
      const ctx = makeContext(root);
      const r1 = await editor.run({ command: 'str_replace', path: 'win.txt', old_str: 'beta\ngamma', new_str: 'BETA\nmid\nGAMMA' }, ctx);
      assert.equal(r1.isError, false, r1.content);
      assert.equal(read('win.txt'), '\uFEFFalpha\r\nBETA\r\nmid\r\nGAMMA\r\n');
      const req = editRequest(ctx.requests);
      assert.equal(applyPatch(req.before!, req.diff), req.after);
      await editor.run({ command: 'insert', path: 'win.txt', insert_line: 1, insert_text: 'ins' }, makeContext(root));
      assert.equal(read('win.txt'), '\uFEFFalpha\r\nins\r\nBETA\r\nmid\r\nGAMMA\r\n');
      const view = await editor.run({ command: 'view', path: 'win.txt', view_range: [1, 2] }, makeContext(root));
      assert.equal(view.content, '1\talpha\n2\tins');
    });

    it('writes nothing when the edit is denied, and says why', async () => {
      const ctx = makeContext(root, { allowed: false, reason: 'wrong approach' });
      const r1 = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'ONE' }, ctx);
      const r2 = await editor.run({ command: 'create', path: 'new.txt', file_text: 'x' }, ctx);
      assert.equal(r1.isError, true);
      assert.equal(r1.content, 'The user denied this edit: wrong approach');
      assert.equal(r2.isError, true);
      assert.equal(read('a.txt'), 'one\ntwo\nthree\nfour\nfive\n');
      assert.equal(fs.existsSync(file('new.txt')), false);
      assert.equal(ctx.requests.length, 2);
    });

    it('writes nothing in an untrusted workspace, without asking', async () => {
      const ctx = makeContext(root, { allowed: true, how: 'auto' }, false);
      const r = await editor.run({ command: 'create', path: 'new.txt', file_text: 'x' }, ctx);
      assert.equal(r.isError, true);
      assert.match(r.content, /not trusted/);
      assert.equal(fs.existsSync(file('new.txt')), false);
      assert.equal(ctx.requests.length, 0);
    });

    it('does not write when the file changed while waiting for approval', async () => {
      const ctx = makeContext(root);
      ctx.approve = async () => {
        fs.writeFileSync(file('a.txt'), 'changed meanwhile\n');
        return { allowed: true, how: 'user' };
      };
      const r = await editor.run({ command: 'str_replace', path: 'a.txt', old_str: 'one', new_str: 'ONE' }, ctx);
      assert.equal(r.isError, true);
      assert.match(r.content, /changed on disk/);
      assert.equal(read('a.txt'), 'changed meanwhile\n');
    });

    it('keeps the file mode', async () => {
      fs.writeFileSync(file('run.sh'), '#!/bin/sh\necho a\n', { mode: 0o755 });
      await editor.run({ command: 'str_replace', path: 'run.sh', old_str: 'echo a', new_str: 'echo b' }, makeContext(root));
      assert.equal(fs.statSync(file('run.sh')).mode & 0o777, 0o755);
      assert.equal(read('run.sh'), '#!/bin/sh\necho b\n');
    });
  });

  describe('confinement', () => {
    let outside: string;
    beforeEach(() => (outside = makeTempDir('lucid-outside-')));
    afterEach(() => cleanup(outside));

    for (const p of ['../x', '/etc/passwd', '%2e%2e/x', '.git/config']) {
      it(`refuses ${p}`, async () => {
        const ctx = makeContext(root);
        const r = await editor.run({ command: 'create', path: p, file_text: 'pwned' }, ctx);
        assert.equal(r.isError, true);
        assert.match(r.content, /^Refused path/);
        assert.equal(ctx.requests.length, 0);
      });
    }

    it('refuses a symlink to outside, for view and for writes', async () => {
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
      fs.symlinkSync(path.join(outside, 'secret.txt'), file('link.txt'));
      const r1 = await editor.run({ command: 'view', path: 'link.txt' }, makeContext(root));
      const r2 = await editor.run({ command: 'str_replace', path: 'link.txt', old_str: 'secret', new_str: 'x' }, makeContext(root));
      assert.equal(r1.isError, true);
      assert.equal(r2.isError, true);
      assert.doesNotMatch(r1.content, /^1\tsecret/);
      assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'secret\n');
    });
  });

  it('rejects unknown commands and bad input', async () => {
    const r1 = await editor.run({ command: 'undo_edit', path: 'a.txt' }, makeContext(root));
    const r2 = await editor.run({ command: 'view' }, makeContext(root));
    assert.match(r1.content, /Unknown command "undo_edit"/);
    assert.match(r2.content, /Invalid input for str_replace_based_edit_tool: path/);
  });
});
