import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MEMORY_README, ensureMemoryLayout, memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { HumanOwnedNoteError } from '../../../src/core/memory/noteErrors';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { sampleNote, snapshot, tempWorkspace } from './memoryTestKit';

const fixedNow = () => new Date(2025, 2, 18, 12, 0, 0);

describe('memoryStore', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.cleanup());

  describe('layout', () => {
    it('creates nothing on open, and the folder with README, notes/, sessions/ and .gitignore on first write', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      assert.equal(fs.existsSync(store.paths.root), false);
      assert.deepEqual((await store.load()).notes, []);
      assert.equal(fs.existsSync(store.paths.root), false);
      await store.create({ kind: 'fact', title: 'First note' });
      for (const p of [store.paths.notes, store.paths.sessions, store.paths.readme, store.paths.gitignore]) assert.ok(fs.existsSync(p), p);
      const ignore = fs.readFileSync(store.paths.gitignore, 'utf8');
      for (const entry of ['sessions/', '.cache/', '.lock', '*.tmp']) assert.ok(ignore.split('\n').includes(entry), entry);
      assert.equal(fs.readFileSync(store.paths.readme, 'utf8'), MEMORY_README);
    });

    it('never overwrites an existing README or .gitignore', async () => {
      const paths = memoryPaths(ws.root);
      fs.mkdirSync(paths.root, { recursive: true });
      fs.writeFileSync(paths.readme, 'our own readme\n');
      fs.writeFileSync(paths.gitignore, 'custom\n');
      await ensureMemoryLayout(ws.root);
      await ensureMemoryLayout(ws.root);
      assert.equal(fs.readFileSync(paths.readme, 'utf8'), 'our own readme\n');
      assert.equal(fs.readFileSync(paths.gitignore, 'utf8'), 'custom\n');
    });

    it('brings the .gitignore an older Lucid wrote up to date (MEMORY.md, derived, out of git) and adds .gitattributes', async () => {
      const paths = memoryPaths(ws.root);
      fs.mkdirSync(paths.root, { recursive: true });
      const old = '# Written by Lucid. Local, per-machine state that must not be committed.\nsessions/\n.cache/\n';
      fs.writeFileSync(paths.gitignore, old);
      await ensureMemoryLayout(ws.root);
      await ensureMemoryLayout(ws.root);
      assert.equal(fs.readFileSync(paths.gitignore, 'utf8'), `${old}MEMORY.md\n`);
      assert.match(fs.readFileSync(paths.gitattributes, 'utf8'), /^notes\/\*\*\/\*\.md merge=lucid-note$/m);
    });
  });

  describe('create', () => {
    it('assigns a slug id with 4 hex digits, writes notes/<id>.md with a fingerprint and today as dates', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const created = await store.create({ kind: 'build-error', title: 'Vitest: not on PATH!', body: 'Use npx.' });
      assert.match(created.note.id, /^vitest-not-on-path-[0-9a-f]{4}$/);
      assert.equal(created.file, `${created.note.id}.md`);
      assert.equal(created.humanOwned, false);
      assert.match(created.note.fingerprint ?? '', /^[0-9a-f]{12}$/);
      assert.equal(created.note.evidence.firstSeen, '2025-03-18');
      const text = fs.readFileSync(path.join(store.paths.notes, created.file), 'utf8');
      assert.equal(text, serializeNote(created.note));
      const again = await store.get(created.note.id);
      assert.deepEqual(again?.note, created.note);
    });

    it('refuses to overwrite an existing file or reuse an id', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      await store.create({ id: 'taken-0001', kind: 'fact', title: 'A' });
      await assert.rejects(store.create({ id: 'taken-0001', kind: 'fact', title: 'B' }), /already exists/);
      fs.writeFileSync(path.join(store.paths.notes, 'other-0002.md'), 'not even a note');
      await assert.rejects(store.create({ id: 'other-0002', kind: 'fact', title: 'C' }), /already exists/);
      assert.equal(fs.readFileSync(path.join(store.paths.notes, 'other-0002.md'), 'utf8'), 'not even a note');
    });

    it('two stores adding different notes touch no shared file', async () => {
      const a = await MemoryStore.open(ws.root, { now: fixedNow });
      await a.create({ kind: 'fact', title: 'Seed note' });
      const before = snapshot(a.paths.root, ['.cache']); // local, per-machine: not shared
      const b = await MemoryStore.open(ws.root, { now: fixedNow });
      const na = await a.create({ kind: 'fact', title: 'Same topic' });
      const nb = await b.create({ kind: 'fact', title: 'Same topic' });
      assert.notEqual(na.file, nb.file);
      const after = snapshot(a.paths.root, ['.cache']);
      const added = [...after.keys()].filter((k) => !before.has(k)).sort();
      assert.deepEqual(added, [`notes/${na.file}`, `notes/${nb.file}`].sort());
      for (const [file, bytes] of before) assert.ok(after.get(file)?.equals(bytes), `${file} changed`);
    });
  });

  describe('byte-stable rewrites', () => {
    it('an update that changes nothing writes nothing: same bytes, same mtime', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const { note, file } = await store.create({ kind: 'command', title: 'Run the tests', body: 'npm test' });
      const full = path.join(store.paths.notes, file);
      const old = new Date('2020-01-01T00:00:00Z');
      fs.utimesSync(full, old, old);
      const bytes = fs.readFileSync(full);
      const result = await store.update(note.id, (n) => {
        n.title = 'Run the tests'; // same value
      });
      assert.equal(result.changed, false);
      assert.ok(fs.readFileSync(full).equals(bytes));
      assert.equal(fs.statSync(full).mtimeMs, old.getTime());
    });

    it('an update that changes something rewrites only that note, keeps dates, refreshes the fingerprint', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'command', title: 'A', evidence: { firstSeen: '2024-01-01', lastSeen: '2024-02-02' } });
      const b = await store.create({ kind: 'command', title: 'B' });
      const bBytes = fs.readFileSync(path.join(store.paths.notes, b.file));
      const result = await store.update(a.note.id, (n) => ({ ...n, body: 'changed' }));
      assert.equal(result.changed, true);
      assert.notEqual(result.note.note.fingerprint, a.note.fingerprint);
      assert.equal(result.note.note.evidence.firstSeen, '2024-01-01');
      assert.equal(result.note.note.evidence.lastSeen, '2024-02-02');
      assert.equal(result.note.humanOwned, false);
      assert.ok(fs.readFileSync(path.join(store.paths.notes, b.file)).equals(bBytes));
      const reloaded = await store.load();
      assert.equal(reloaded.notes.find((n) => n.note.id === a.note.id)?.humanOwned, false);
    });

    it('refuses to change a note id', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'fact', title: 'A' });
      await assert.rejects(store.update(a.note.id, (n) => ({ ...n, id: 'other-id' })), /id never changes/);
    });
  });

  describe('corrupted files', () => {
    it('reports each bad file with its name and problem, skips it, leaves it byte-identical; the rest load', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const good = await store.create({ kind: 'fact', title: 'Good note' });
      const bad: Record<string, Buffer> = {
        'bad-yaml.md': Buffer.from('---\nid: bad-yaml\ntitle: [oops\nkind: fact\n---\nbody\n'),
        'no-front-matter.md': Buffer.from('# Just a heading\n\nSome text.\n'),
        'wrong-kind.md': Buffer.from('---\nid: wrong-kind\nkind: recipe\ntitle: Soup\n---\n'),
        'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x00, 0x10]),
        'empty.md': Buffer.alloc(0),
        'sub/dir/latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]),
      };
      for (const [file, bytes] of Object.entries(bad)) {
        fs.mkdirSync(path.dirname(path.join(store.paths.notes, file)), { recursive: true });
        fs.writeFileSync(path.join(store.paths.notes, file), bytes);
      }
      const { notes, problems } = await store.load();
      assert.deepEqual(notes.map((n) => n.note.id), [good.note.id]);
      const byFile = new Map(problems.map((p) => [p.file, p.message]));
      assert.deepEqual([...byFile.keys()].sort(), Object.keys(bad).sort());
      assert.match(byFile.get('bad-yaml.md')!, /^bad YAML at line \d+/);
      assert.match(byFile.get('no-front-matter.md')!, /missing front-matter/);
      assert.match(byFile.get('wrong-kind.md')!, /^kind: expected one of build-error, workaround/);
      assert.match(byFile.get('binary.md')!, /not valid UTF-8|not a text file/);
      assert.match(byFile.get('empty.md')!, /empty file/);
      assert.match(byFile.get('sub/dir/latin1.md')!, /not valid UTF-8/);
      await store.writeDigest(1000);
      await store.bumpCounter(good.note.id, 'recalled');
      for (const [file, bytes] of Object.entries(bad)) {
        assert.ok(fs.readFileSync(path.join(store.paths.notes, file)).equals(bytes), `${file} was modified`);
      }
    });

    it('reports a second file with the same id and keeps the first', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'fact', title: 'Original' });
      fs.copyFileSync(path.join(store.paths.notes, a.file), path.join(store.paths.notes, 'zz-copy.md'));
      const { notes, problems } = await store.load();
      assert.equal(notes.length, 1);
      assert.equal(notes[0].file, a.file);
      assert.match(problems[0].message, /duplicate id/);
    });

    it('ignores hidden files (temp files) and non-Markdown files', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      await store.create({ kind: 'fact', title: 'Only note' });
      fs.writeFileSync(path.join(store.paths.notes, '.x.md.123.tmp'), 'partial');
      fs.writeFileSync(path.join(store.paths.notes, '.hidden.md'), 'hidden');
      fs.writeFileSync(path.join(store.paths.notes, 'notes.txt'), 'text');
      const { notes, problems } = await store.load();
      assert.equal(notes.length, 1);
      assert.deepEqual(problems, []);
    });
  });

  describe('human-owned notes', () => {
    async function handEdited(store: MemoryStore) {
      const created = await store.create({ kind: 'workaround', title: 'Flaky e2e', body: 'Retry once.' });
      const full = path.join(store.paths.notes, created.file);
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace('Retry once.', 'Retry twice, then file a bug.'));
      return { id: created.note.id, full, bytes: fs.readFileSync(full) };
    }

    it('a hand-edited Lucid note is detected as human-owned and update refuses it', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const { id, full, bytes } = await handEdited(store);
      const loaded = (await store.load()).notes.find((n) => n.note.id === id)!;
      assert.equal(loaded.humanOwned, true);
      assert.equal(loaded.note.body, 'Retry twice, then file a bug.');
      await assert.rejects(store.update(id, (n) => ({ ...n, body: 'Lucid knows better' })), (err: Error) => {
        assert.ok(err instanceof HumanOwnedNoteError);
        assert.match(err.message, /belongs to a person \(a person edited it since Lucid last wrote it/);
        return true;
      });
      assert.ok(fs.readFileSync(full).equals(bytes));
    });

    it('update with allowHuman rewrites it (explicit request only)', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const { id, full } = await handEdited(store);
      const result = await store.update(id, (n) => ({ ...n, title: 'Flaky e2e tests' }), { allowHuman: true });
      assert.equal(result.changed, true);
      assert.match(fs.readFileSync(full, 'utf8'), /title: Flaky e2e tests[\s\S]*Retry twice/);
    });

    it('bumpCounter leaves its bytes alone, and load() shows the count from the side file', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const { id, full, bytes } = await handEdited(store);
      const mtime = fs.statSync(full).mtimeMs;
      await store.bumpCounter(id, 'recalled');
      await store.bumpCounter(id, 'recalled', 2);
      const counters = await store.bumpCounter(id, 'helpful');
      assert.deepEqual(counters, { recalled: 3, helpful: 1, harmful: 0 });
      assert.ok(fs.readFileSync(full).equals(bytes));
      assert.equal(fs.statSync(full).mtimeMs, mtime);
      const fresh = await MemoryStore.open(ws.root);
      const loaded = (await fresh.load()).notes.find((n) => n.note.id === id)!;
      assert.deepEqual(loaded.note.counters, { recalled: 3, helpful: 1, harmful: 0 });
      assert.deepEqual((await fresh.get(id))?.note.counters, { recalled: 3, helpful: 1, harmful: 0 });
      assert.ok(fs.existsSync(path.join(store.paths.cache, 'counters.json')));
    });

    it('an explicit update folds the side-file counts into the file, without counting them twice', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const { id, full } = await handEdited(store);
      await store.bumpCounter(id, 'recalled', 4);
      const result = await store.update(id, (n) => void (n.counters.helpful += 1), { allowHuman: true });
      assert.deepEqual(result.note.note.counters, { recalled: 4, helpful: 1, harmful: 0 });
      assert.match(fs.readFileSync(full, 'utf8'), /recalled: 4\n {2}helpful: 1\n/);
      const counters = JSON.parse(fs.readFileSync(path.join(store.paths.cache, 'counters.json'), 'utf8')).counters;
      assert.deepEqual(counters, {});
      const loaded = (await (await MemoryStore.open(ws.root)).load()).notes.find((n) => n.note.id === id)!;
      assert.deepEqual(loaded.note.counters, { recalled: 4, helpful: 1, harmful: 0 });
      assert.equal(loaded.humanOwned, false, 'rewritten by Lucid on request: fingerprint matches again');
    });

    it('a note a person wrote from scratch (no fingerprint, no provenance) is human-owned', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      await ensureMemoryLayout(ws.root);
      fs.writeFileSync(path.join(store.paths.notes, 'mine.md'), '---\nid: mine\nkind: convention\ntitle: Use pnpm\n---\nAlways pnpm.\n');
      const [loaded] = (await store.load()).notes;
      assert.equal(loaded.humanOwned, true);
      assert.equal(loaded.note.provenance, 'human');
      await assert.rejects(store.update('mine', (n) => ({ ...n, body: 'x' })), HumanOwnedNoteError);
    });

    it('bumpCounter on an agent note counts locally: the shared file keeps its bytes until an edit folds the count in', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'fact', title: 'Agent note' });
      const file = path.join(store.paths.notes, a.file);
      const before = fs.readFileSync(file, 'utf8');
      assert.deepEqual(await store.bumpCounter(a.note.id, 'harmful', 2), { recalled: 0, helpful: 0, harmful: 2 });
      assert.equal(fs.readFileSync(file, 'utf8'), before);
      const [loaded] = (await store.load()).notes;
      assert.equal(loaded.humanOwned, false);
      assert.equal(loaded.note.counters.harmful, 2);
      await store.update(a.note.id, (n) => void (n.body = 'edited'));
      assert.match(fs.readFileSync(file, 'utf8'), /harmful: 2/);
      assert.equal((await store.load()).notes[0].note.counters.harmful, 2, 'folded once, not counted twice');
    });
  });

  describe('withLock', () => {
    it('runs several updates as one unit; store calls inside do not lock again', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'fact', title: 'A' });
      const b = await store.create({ kind: 'fact', title: 'B', body: 'old' });
      const merged = await store.withLock(async () => {
        assert.ok(fs.existsSync(store.paths.lockFile));
        await store.update(a.note.id, (n) => ({ ...n, merged: [b.note.id], body: 'A and B' }));
        await store.update(b.note.id, (n) => ({ ...n, status: 'retired', reason: `merged into ${a.note.id}` }));
        return store.get(a.note.id);
      });
      assert.deepEqual(merged?.note.merged, [b.note.id]);
      assert.equal((await store.get(b.note.id))?.note.status, 'retired');
      assert.equal(fs.existsSync(store.paths.lockFile), false);
    });
  });

  describe('digest', () => {
    it('writeDigest writes MEMORY.md once and not again when nothing changed', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      await store.create({ kind: 'fact', title: 'Digest me', body: 'Short body.' });
      const first = await store.writeDigest(500);
      assert.equal(first.changed, true);
      const old = new Date('2020-01-01T00:00:00Z');
      fs.utimesSync(store.paths.digest, old, old);
      const second = await store.writeDigest(500);
      assert.equal(second.changed, false);
      assert.equal(fs.statSync(store.paths.digest).mtimeMs, old.getTime());
      assert.equal(fs.readFileSync(store.paths.digest, 'utf8'), first.text);
    });
  });

  describe('search through the store', () => {
    it('finds a created note and reflects updates without a reload', async () => {
      const store = await MemoryStore.open(ws.root, { now: fixedNow });
      const a = await store.create({ kind: 'build-error', title: 'vitest: command not found', triggers: { errors: ['sh: vitest: command not found'] } });
      assert.equal((await store.search('vitest command not found'))[0]?.note.note.id, a.note.id);
      await store.update(a.note.id, (n) => void (n.status = 'retired'));
      assert.deepEqual(await store.search('vitest command not found'), []);
    });
  });

  it('sealNote output equals what the store writes for the same note', async () => {
    const store = await MemoryStore.open(ws.root, { now: fixedNow });
    const note = sampleNote({ id: 'fixed-0001' });
    const { id: _id, ...rest } = note;
    const created = await store.create({ ...rest, id: 'fixed-0001' });
    assert.equal(fs.readFileSync(path.join(store.paths.notes, created.file), 'utf8'), serializeNote(sealNote(note)));
  });
});
