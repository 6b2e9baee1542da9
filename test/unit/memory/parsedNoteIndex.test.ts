import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { loadNoteFiles } from '../../../src/core/memory/noteFiles';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { forgetLoads, loadNotesIndexed, PARSED_INDEX_FILE, PARSED_INDEX_VERSION, RACY_MS } from '../../../src/core/memory/parsedNoteIndex';
import { sampleNote, tempWorkspace } from './memoryTestKit';

describe('parsedNoteIndex', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let notesDir: string;
  let cacheDir: string;
  // Files written by the test are seconds old at most: checks "later" make them older than the racy window.
  let clock: number;
  const later = { now: () => clock };
  const load = () => loadNotesIndexed(notesDir, cacheDir, later);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(notesDir, file)), { recursive: true });
    fs.writeFileSync(path.join(notesDir, file), text);
  };
  const noteText = (id: string, title: string) => serializeNote(sealNote(sampleNote({ id, title })));

  beforeEach(() => {
    ws = tempWorkspace();
    ({ notes: notesDir, cache: cacheDir } = memoryPaths(ws.root));
    clock = Date.now() + 10 * RACY_MS;
    write('a.md', noteText('note-a', 'First note'));
    write('sub/b.md', noteText('note-b', 'Second note'));
    write('broken.md', '---\nid: [unclosed\n---\n');
    write('dup.md', noteText('note-a', 'Same id as a.md'));
  });
  afterEach(() => ws.cleanup());

  it('reads exactly what loadNoteFiles reads: notes, problems, duplicate ids', async () => {
    const plain = await loadNoteFiles(notesDir);
    const cold = await load();
    assert.deepEqual({ notes: cold.notes, problems: cold.problems }, plain);
    assert.deepEqual(cold.stats, { reused: 0, verified: 0, parsed: 4 });
    const warm = await load();
    assert.deepEqual({ notes: warm.notes, problems: warm.problems }, plain, 'the same from the index');
    assert.ok(fs.existsSync(path.join(cacheDir, PARSED_INDEX_FILE)));
  });

  it('an unchanged folder is served from the index: nothing parsed, not even a bad file', async () => {
    await load();
    const warm = await load();
    assert.deepEqual(warm.stats, { reused: 4, verified: 0, parsed: 0 });
    assert.deepEqual(warm.problems.map((p) => p.file), ['broken.md', 'dup.md'], 'problems are still reported');
  });

  it('an edited note is parsed again and its new content seen', async () => {
    await load();
    write('a.md', noteText('note-a', 'First note, edited by a person'));
    const warm = await load();
    assert.equal(warm.notes.find((n) => n.note.id === 'note-a')?.note.title, 'First note, edited by a person');
    assert.deepEqual(warm.stats, { reused: 3, verified: 0, parsed: 1 });
    assert.equal(warm.notes.find((n) => n.note.id === 'note-a')?.humanOwned, false);
  });

  it('an edit that keeps the size and the mtime is still seen (ctime and content hash)', async () => {
    const before = noteText('note-a', 'First note');
    await load();
    const full = path.join(notesDir, 'a.md');
    const { mtime, atime } = fs.statSync(full);
    const edited = before.replace('First note', 'Frist note');
    assert.equal(edited.length, before.length);
    fs.writeFileSync(full, edited);
    fs.utimesSync(full, atime, mtime);
    const warm = await load();
    const a = warm.notes.find((n) => n.note.id === 'note-a')!;
    assert.equal(a.note.title, 'Frist note');
    assert.equal(a.humanOwned, true, 'the fingerprint no longer matches: a person edited it');
  });

  it('a file whose stat changed but bytes did not (touch, checkout) is verified by hash, not parsed', async () => {
    await load();
    const later2 = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(notesDir, 'sub/b.md'), later2, later2);
    const warm = await load();
    assert.deepEqual(warm.stats, { reused: 3, verified: 1, parsed: 0 });
    assert.equal(warm.notes.find((n) => n.note.id === 'note-b')?.note.title, 'Second note');
  });

  it('a file changed within the racy window of its check is verified again on the next load', async () => {
    clock = Date.now(); // the check happens right after the write: the stat alone proves nothing
    await load();
    const again = await load();
    assert.equal(again.stats.reused, 0);
    assert.equal(again.stats.verified, 3, 'the readable notes are hashed');
  });

  it('a deleted note is gone, and so is its entry', async () => {
    await load();
    fs.rmSync(path.join(notesDir, 'sub/b.md'));
    const warm = await load();
    assert.deepEqual(warm.notes.map((n) => n.note.id), ['note-a']);
    const index = JSON.parse(fs.readFileSync(path.join(cacheDir, PARSED_INDEX_FILE), 'utf8'));
    assert.deepEqual(Object.keys(index.entries).sort(), ['a.md', 'broken.md', 'dup.md']);
  });

  const corruptions: Array<[string, (text: string) => string]> = [
    ['truncated JSON', (t) => t.slice(0, t.length / 2)],
    ['another version', (t) => t.replace(`"version":${PARSED_INDEX_VERSION}`, '"version":999')],
    ['an entry of the wrong shape', (t) => t.replace('"title":"First note"', '"title":42')],
    ['an entry filed under another name', (t) => t.replace('"file":"a.md"', '"file":"elsewhere.md"')],
    ['not an object', () => 'null'],
  ];
  for (const [name, corrupt] of corruptions) {
    it(`an index with ${name} is ignored whole and rebuilt`, async () => {
      await load();
      const file = path.join(cacheDir, PARSED_INDEX_FILE);
      const text = fs.readFileSync(file, 'utf8');
      const bad = corrupt(text);
      assert.notEqual(bad, text);
      fs.writeFileSync(file, bad);
      forgetLoads(); // a new window reads the damaged file
      const again = await load();
      assert.deepEqual(again.stats, { reused: 0, verified: 0, parsed: 4 });
      assert.deepEqual({ notes: again.notes, problems: again.problems }, await loadNoteFiles(notesDir));
      assert.deepEqual((await load()).stats, { reused: 4, verified: 0, parsed: 0 }, 'rebuilt');
    });
  }

  it('a parse JSON cannot carry exactly is not cached (an unknown key holding .inf)', async () => {
    write('inf.md', noteText('note-inf', 'Infinite').replace('fingerprint:', 'limit: .inf\nfingerprint:'));
    await load();
    const index = path.join(cacheDir, PARSED_INDEX_FILE);
    const written = fs.statSync(index).mtimeMs;
    const warm = await load();
    assert.equal(warm.notes.find((n) => n.note.id === 'note-inf')?.note.extra.limit, Infinity);
    assert.deepEqual(warm.stats, { reused: 4, verified: 0, parsed: 1 });
    assert.equal(fs.statSync(index).mtimeMs, written, 'its unchanged file does not make every load rewrite the index');
    assert.equal(JSON.parse(fs.readFileSync(index, 'utf8')).entries['inf.md'].parsed, undefined);
  });

  it('the store sees a person\'s edit after a cached load, and search finds the new words', async () => {
    const store = await MemoryStore.open(ws.root);
    await store.load();
    assert.equal((await store.search('zeppelin hangar')).length, 0);
    write('a.md', noteText('note-a', 'Zeppelin hangar doors need the crank'));
    const fresh = await MemoryStore.open(ws.root);
    const { notes } = await fresh.load();
    assert.equal(notes.find((n) => n.note.id === 'note-a')?.note.title, 'Zeppelin hangar doors need the crank');
    assert.deepEqual((await fresh.search('zeppelin hangar')).map((h) => h.note.note.id), ['note-a']);
    fs.rmSync(path.join(notesDir, 'a.md'));
    await fresh.load();
    assert.deepEqual(await fresh.search('zeppelin hangar'), [], 'a deleted note leaves the search index too');
  });
});
