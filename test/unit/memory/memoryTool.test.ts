import type { MemoryToolHandlers as SdkMemoryToolHandlers } from '@anthropic-ai/sdk/helpers/beta/memory';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { MemoryToolError, createMemoryToolHandlers, runMemoryCommand } from '../../../src/core/memory/memoryTool';
import { parseNote } from '../../../src/core/memory/noteFormat';
import { snapshot, tempWorkspace } from './memoryTestKit';

const fixedNow = () => new Date(2025, 2, 18, 12, 0, 0);

describe('memoryTool', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: MemoryStore;
  const run = (input: unknown) => runMemoryCommand(store, input);
  const rejectsTool = (input: unknown, message: RegExp) =>
    assert.rejects(run(input), (err: Error) => {
      assert.ok(err instanceof MemoryToolError, `${err.name}: ${err.message}`);
      assert.match(err.message, message);
      return true;
    });
  const noteFile = (rel: string) => path.join(store.paths.notes, rel);

  beforeEach(async () => {
    ws = tempWorkspace();
    store = await MemoryStore.open(path.join(ws.root, 'repo'), { now: fixedNow });
  });
  afterEach(() => ws.cleanup());

  it('has handlers the SDK accepts (compile-time check) and rejects malformed input', async () => {
    const handlers: SdkMemoryToolHandlers = createMemoryToolHandlers(store);
    assert.equal(typeof handlers.view, 'function');
    await rejectsTool({ command: 'format_disk', path: '/memories' }, /Unknown memory command "format_disk": expected one of view, create/);
    await rejectsTool({ command: 'create', path: '/memories/a.md' }, /Invalid input for the memory command create: file_text: missing \(required\)/);
    await rejectsTool({ command: 'view', path: '/memories', view_range: [1] }, /view_range/);
    await rejectsTool(null, /Unknown memory command/);
  });

  describe('create', () => {
    it('turns free text into an agent note: title from the heading, kind fact, id from the file name', async () => {
      const out = await run({ command: 'create', path: '/memories/build/vitest-path.md', file_text: '# Vitest is not on PATH\n\nUse `npx vitest`.\n' });
      assert.match(out, /^File created successfully at: \/memories\/build\/vitest-path\.md \(note id vitest-path, kind fact, status unverified/);
      const text = fs.readFileSync(noteFile('build/vitest-path.md'), 'utf8');
      const parsed = parseNote(text, 'x');
      assert.ok('note' in parsed);
      assert.equal(parsed.humanOwned, false);
      assert.equal(parsed.note.provenance, 'agent');
      assert.equal(parsed.note.title, 'Vitest is not on PATH');
      assert.equal(parsed.note.kind, 'fact');
      assert.equal(parsed.note.evidence.firstSeen, '2025-03-18');
      assert.ok(text.endsWith('\n# Vitest is not on PATH\n\nUse `npx vitest`.\n'));
    });

    it('takes the first line as title and a kind the text names; a taken id gets a suffix', async () => {
      await run({ command: 'create', path: '/memories/tip.md', file_text: 'Always run pnpm install --frozen-lockfile\nkind: convention\n' });
      const [first] = (await store.load()).notes;
      assert.equal(first.note.title, 'Always run pnpm install --frozen-lockfile');
      assert.equal(first.note.kind, 'convention');
      await run({ command: 'create', path: '/memories/other/tip.md', file_text: 'Another tip #pitfall' });
      const ids = (await store.load()).notes.map((n) => n.note.id).sort();
      assert.equal(ids[0], 'tip');
      assert.match(ids[1], /^tip-[0-9a-f]{4}$/);
    });

    it('validates front-matter when given, and writes nothing when it is wrong', async () => {
      await rejectsTool(
        { command: 'create', path: '/memories/bad.md', file_text: '---\nid: bad\nkind: recipe\ntitle: T\n---\nbody\n' },
        /Cannot create \/memories\/bad\.md, nothing was written: \/memories\/bad\.md: kind: expected one of build-error/,
      );
      assert.equal(fs.existsSync(noteFile('bad.md')), false);
      await run({ command: 'create', path: '/memories/good.md', file_text: '---\nid: good-1\nkind: command\ntitle: Build\nprovenance: human\n---\nnpm run build\n' });
      const [good] = (await store.load()).notes;
      assert.equal(good.note.id, 'good-1');
      assert.equal(good.note.provenance, 'agent', 'the model cannot claim to be a person');
      assert.equal(good.humanOwned, false);
      await rejectsTool(
        { command: 'create', path: '/memories/again.md', file_text: '---\nid: good-1\nkind: fact\ntitle: Dup\n---\n' },
        /the id good-1 is already used by \/memories\/good\.md/,
      );
    });

    it('refuses existing files, non-Markdown names and empty text', async () => {
      await run({ command: 'create', path: '/memories/a.md', file_text: 'A' });
      await rejectsTool({ command: 'create', path: '/memories/a.md', file_text: 'B' }, /File \/memories\/a\.md already exists/);
      await rejectsTool({ command: 'create', path: '/memories/a.txt', file_text: 'B' }, /must end in \.md/);
      await rejectsTool({ command: 'create', path: '/memories/c.md', file_text: '  \n' }, /file_text is empty/);
    });
  });

  describe('view', () => {
    beforeEach(async () => {
      await run({ command: 'create', path: '/memories/one.md', file_text: '# One\nline two\nline three\n' });
      await run({ command: 'create', path: '/memories/dir/two.md', file_text: 'Two' });
      await run({ command: 'create', path: '/memories/dir/deeper/three.md', file_text: 'Three' });
      fs.writeFileSync(noteFile('.hidden.md'), 'secret');
    });

    it('lists a directory with sizes, two levels deep, without hidden files', async () => {
      const out = await run({ command: 'view', path: '/memories' });
      const lines = out.split('\n');
      assert.match(lines[0], /^Here're the files and directories up to 2 levels deep in \/memories/);
      const paths = lines.slice(1).map((l) => l.split('\t')[1]);
      assert.deepEqual(paths, ['/memories', '/memories/dir/', '/memories/dir/deeper/', '/memories/dir/two.md', '/memories/one.md']);
      assert.ok(lines.slice(1).every((l) => /^\d+(\.\d)?[BKMG]\t/.test(l)));
      assert.doesNotMatch(out, /\.hidden|three\.md/);
    });

    it('shows a file with line numbers, and a range', async () => {
      const out = await run({ command: 'view', path: '/memories/one.md' });
      const lines = out.split('\n');
      assert.equal(lines[0], "Here's the content of /memories/one.md with line numbers:");
      assert.equal(lines[1], '     1\t---');
      const body = lines.findIndex((l) => l.endsWith('\t# One'));
      assert.equal(lines[body + 1], `${String(body + 1).padStart(6)}\tline two`);
      assert.equal(lines.length - 1, fs.readFileSync(noteFile('one.md'), 'utf8').split('\n').length - 1);
      const ranged = await run({ command: 'view', path: '/memories/one.md', view_range: [2, 3] });
      assert.deepEqual(ranged.split('\n').slice(1), ['     2\tid: one', '     3\tkind: fact']);
      const toEnd = await run({ command: 'view', path: '/memories/one.md', view_range: [body, -1] });
      assert.equal(toEnd.split('\n').pop(), `${String(body + 2).padStart(6)}\tline three`);
      await rejectsTool({ command: 'view', path: '/memories/one.md', view_range: [99, 100] }, /Invalid view_range/);
      await rejectsTool({ command: 'view', path: '/memories/missing.md' }, /The path \/memories\/missing\.md does not exist/);
    });

    it('views an empty memory before anything exists', async () => {
      const fresh = await MemoryStore.open(path.join(ws.root, 'empty-repo'));
      const out = await runMemoryCommand(fresh, { command: 'view', path: '/memories' });
      assert.match(out, /\n0B\t\/memories$/);
      assert.equal(fs.existsSync(fresh.paths.root), false);
    });
  });

  describe('str_replace and insert', () => {
    beforeEach(async () => {
      await run({ command: 'create', path: '/memories/n.md', file_text: '# Build\nrun make\nrun make again\n' });
    });

    it('replaces exactly one occurrence and refuses none or several', async () => {
      await rejectsTool({ command: 'str_replace', path: '/memories/n.md', old_str: 'cmake', new_str: 'x' }, /No replacement was performed, old_str `cmake` did not appear verbatim/);
      await rejectsTool({ command: 'str_replace', path: '/memories/n.md', old_str: 'run make', new_str: 'x' }, /Multiple occurrences of old_str `run make` in lines: \d+, \d+/);
      const out = await run({ command: 'str_replace', path: '/memories/n.md', old_str: 'run make again', new_str: 'run make -j8 again' });
      assert.match(out, /The memory file has been edited[\s\S]*\trun make -j8 again/);
      const text = fs.readFileSync(noteFile('n.md'), 'utf8');
      const parsed = parseNote(text, 'x');
      assert.ok('note' in parsed);
      assert.equal(parsed.humanOwned, false, 'fingerprint refreshed after the edit');
      assert.equal(parsed.note.body, '# Build\nrun make\nrun make -j8 again');
    });

    it('refuses an edit that breaks the note or changes its id, and leaves the file alone', async () => {
      const before = fs.readFileSync(noteFile('n.md'));
      await rejectsTool({ command: 'str_replace', path: '/memories/n.md', old_str: 'kind: fact', new_str: 'kind: soup' }, /unreadable as a note, so nothing was changed: .*kind: expected one of/);
      await rejectsTool({ command: 'str_replace', path: '/memories/n.md', old_str: 'id: n', new_str: 'id: m' }, /The id of a note cannot change/);
      await rejectsTool({ command: 'str_replace', path: '/memories/n.md', old_str: '---\nid', new_str: 'id' }, /unreadable as a note/);
      assert.ok(fs.readFileSync(noteFile('n.md')).equals(before));
    });

    it('inserts after a given line; an insert that breaks the front-matter is refused', async () => {
      const lines = fs.readFileSync(noteFile('n.md'), 'utf8').split('\n');
      const n = lines.length - 1;
      await run({ command: 'insert', path: '/memories/n.md', insert_line: n, insert_text: 'then run the tests\n' });
      assert.ok(fs.readFileSync(noteFile('n.md'), 'utf8').endsWith('run make again\nthen run the tests\n'));
      await rejectsTool({ command: 'insert', path: '/memories/n.md', insert_line: n + 5, insert_text: 'x' }, /Invalid `insert_line` parameter/);
      await rejectsTool({ command: 'insert', path: '/memories/n.md', insert_line: 0, insert_text: 'x' }, /unreadable as a note.*missing front-matter/);
    });

    it("refuses to edit a person's note and says why", async () => {
      fs.writeFileSync(noteFile('theirs.md'), '---\nid: theirs\nkind: convention\ntitle: Use tabs\n---\nTabs.\n');
      const before = fs.readFileSync(noteFile('theirs.md'));
      await rejectsTool({ command: 'str_replace', path: '/memories/theirs.md', old_str: 'Tabs.', new_str: 'Spaces.' }, /written or edited by a person \(its provenance is human\)\. Lucid does not change people's notes/);
      await rejectsTool({ command: 'insert', path: '/memories/theirs.md', insert_line: 5, insert_text: 'x' }, /by a person/);
      await rejectsTool({ command: 'delete', path: '/memories/theirs.md' }, /by a person/);
      await rejectsTool({ command: 'rename', old_path: '/memories/theirs.md', new_path: '/memories/mine.md' }, /by a person/);
      assert.ok(fs.readFileSync(noteFile('theirs.md')).equals(before));
      assert.equal(fs.existsSync(noteFile('mine.md')), false);
    });
  });

  describe('delete and rename', () => {
    it('delete retires the note and keeps the file', async () => {
      await run({ command: 'create', path: '/memories/old.md', file_text: 'Outdated advice' });
      const out = await run({ command: 'delete', path: '/memories/old.md' });
      assert.match(out, /retired/);
      const parsed = parseNote(fs.readFileSync(noteFile('old.md'), 'utf8'), 'x');
      assert.ok('note' in parsed);
      assert.equal(parsed.note.status, 'retired');
      assert.equal(parsed.note.reason, 'deleted by the agent');
      assert.match(await run({ command: 'delete', path: '/memories/old.md' }), /already retired/);
      assert.deepEqual(await store.search('outdated advice'), []);
    });

    it('refuses to delete a directory or the root', async () => {
      await run({ command: 'create', path: '/memories/dir/x.md', file_text: 'X' });
      await rejectsTool({ command: 'delete', path: '/memories/dir' }, /is a directory/);
      await rejectsTool({ command: 'delete', path: '/memories' }, /Cannot delete the \/memories directory itself/);
      await rejectsTool({ command: 'delete', path: '/memories/nope.md' }, /does not exist/);
      assert.ok(fs.existsSync(noteFile('dir/x.md')));
    });

    it('rename moves the file and keeps the id', async () => {
      await run({ command: 'create', path: '/memories/a.md', file_text: 'Note A' });
      const bytes = fs.readFileSync(noteFile('a.md'));
      const out = await run({ command: 'rename', old_path: '/memories/a.md', new_path: '/memories/topic/b.md' });
      assert.match(out, /Successfully renamed \/memories\/a\.md to \/memories\/topic\/b\.md \(note id a unchanged\)/);
      assert.equal(fs.existsSync(noteFile('a.md')), false);
      assert.ok(fs.readFileSync(noteFile('topic/b.md')).equals(bytes));
      const { notes } = await store.load();
      assert.deepEqual(notes.map((n) => [n.note.id, n.file]), [['a', 'topic/b.md']]);
      await run({ command: 'create', path: '/memories/c.md', file_text: 'Note C' });
      await rejectsTool({ command: 'rename', old_path: '/memories/c.md', new_path: '/memories/topic/b.md' }, /already exists/);
      await rejectsTool({ command: 'rename', old_path: '/memories/topic', new_path: '/memories/t2' }, /is a directory/);
    });
  });

  describe('path confinement', () => {
    let outside: string;
    let outsideBefore: Map<string, Buffer>;

    beforeEach(async () => {
      await run({ command: 'create', path: '/memories/inside.md', file_text: 'Inside' });
      outside = path.join(ws.root, 'outside');
      fs.mkdirSync(outside);
      fs.writeFileSync(path.join(outside, 'secret.md'), '---\nid: secret\nkind: fact\ntitle: Secret\n---\ntop secret\n');
      fs.symlinkSync(outside, noteFile('escape'), 'dir');
      fs.symlinkSync(path.join(outside, 'secret.md'), noteFile('link.md'), 'file');
      outsideBefore = snapshot(outside);
    });

    afterEach(() => {
      const after = snapshot(outside);
      assert.deepEqual([...after.keys()], [...outsideBefore.keys()], 'nothing created outside');
      for (const [f, b] of outsideBefore) assert.ok(after.get(f)!.equals(b), `${f} modified`);
    });

    const escapes: Array<[string, RegExp]> = [
      ['/memories/../x.md', /contains "\.\."/],
      ['/memories/a/../../x.md', /contains "\.\."/],
      ['/etc/passwd', /Path must start with \/memories, got: \/etc\/passwd/],
      ['/memoriesX/a.md', /Path must start with \/memories/],
      ['memories/a.md', /Path must start with \/memories/],
      ['/memories/%2e%2e/x.md', /percent-encoding/],
      ['/memories/..%2fx.md', /percent-encoding/],
      ['/memories\\..\\x.md', /backslash/],
      ['/memories/a\u0000.md', /NUL/],
      ['/memories/escape/secret.md', /outside \/memories through a symbolic link/],
      ['/memories/escape/new.md', /outside \/memories through a symbolic link/],
      ['/memories/link.md', /outside \/memories through a symbolic link/],
      ['/memories/.git/config', /hidden/],
    ];

    for (const [p, message] of escapes) {
      it(`refuses ${JSON.stringify(p)} for every command`, async () => {
        await rejectsTool({ command: 'view', path: p }, message);
        await rejectsTool({ command: 'create', path: p, file_text: 'pwned' }, message);
        await rejectsTool({ command: 'str_replace', path: p, old_str: 'top secret', new_str: 'pwned' }, message);
        await rejectsTool({ command: 'insert', path: p, insert_line: 0, insert_text: 'pwned' }, message);
        await rejectsTool({ command: 'delete', path: p }, message);
        await rejectsTool({ command: 'rename', old_path: p, new_path: '/memories/moved.md' }, message);
        await rejectsTool({ command: 'rename', old_path: '/memories/inside.md', new_path: p }, message);
      });
    }

    it('refuses everything when the notes folder itself links outside the workspace (a hostile clone)', async () => {
      const hostile = await MemoryStore.open(path.join(ws.root, 'cloned'));
      fs.mkdirSync(hostile.paths.root, { recursive: true });
      fs.symlinkSync(outside, hostile.paths.notes, 'dir');
      for (const input of [
        { command: 'view', path: '/memories' },
        { command: 'view', path: '/memories/secret.md' },
        { command: 'create', path: '/memories/new.md', file_text: 'x' },
        { command: 'delete', path: '/memories/secret.md' },
      ]) {
        await assert.rejects(runMemoryCommand(hostile, input), /memory folder is a symbolic link to a place outside the workspace/);
      }
    });

    it('refuses file names that are not portable', async () => {
      await rejectsTool({ command: 'create', path: '/memories/a:b.md', file_text: 'x' }, /not allowed in file names/);
      await rejectsTool({ command: 'create', path: '/memories/a\tb.md', file_text: 'x' }, /not allowed in file names/);
    });

    it('does not list or follow links when viewing a directory', async () => {
      const out = await run({ command: 'view', path: '/memories' });
      assert.doesNotMatch(out, /escape|link\.md|secret/);
      assert.ok(fs.existsSync(noteFile('inside.md')));
    });
  });
});
