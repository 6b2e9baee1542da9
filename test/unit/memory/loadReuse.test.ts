// A load that finds no note file changed gives the last load's notes again (shared, frozen), and what is derived
// from them is kept: the search index is not walked again, the digest's ranking not redone. Every change a person,
// git or another process can make is still seen.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadMemoryContext, warmMemoryContext } from '../../../src/core/agent/memoryContext';
import { buildDigest, estimateTokens } from '../../../src/core/memory/digest';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { loadNotesIndexed, PARSED_INDEX_FILE, RACY_MS } from '../../../src/core/memory/parsedNoteIndex';
import { sharedNoteIndex } from '../../../src/core/memory/noteSearch';
import { sampleNote, tempWorkspace } from './memoryTestKit';

describe('loads that reuse the last one', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let notesDir: string;
  let cacheDir: string;
  const later = { now: () => Date.now() + 10 * RACY_MS };
  const load = () => loadNotesIndexed(notesDir, cacheDir, later);
  const write = (file: string, id: string, title: string, lastSeen = '2025-03-18') => {
    fs.mkdirSync(path.dirname(path.join(notesDir, file)), { recursive: true });
    const note = sampleNote({ id, title, evidence: { ...sampleNote().evidence, lastSeen } });
    fs.writeFileSync(path.join(notesDir, file), serializeNote(sealNote(note)));
  };

  beforeEach(() => {
    ws = tempWorkspace();
    ({ notes: notesDir, cache: cacheDir } = memoryPaths(ws.root));
    write('a.md', 'note-a', 'Vitest is not on the PATH');
    write('sub/b.md', 'note-b', 'Prisma client must be generated first', '2025-03-10');
  });
  afterEach(() => ws.cleanup());

  it('no file changed: the same notes, frozen, and the index file is neither read nor written', async () => {
    const first = await load();
    fs.rmSync(path.join(cacheDir, PARSED_INDEX_FILE));
    const second = await load();
    assert.equal(second.notes, first.notes, 'the same array');
    assert.deepEqual(second.stats, { reused: 2, verified: 0, parsed: 0 });
    assert.ok(Object.isFrozen(second.notes) && Object.isFrozen(second.notes[0].note.triggers.errors));
    assert.throws(() => {
      (second.notes[0].note as { title: string }).title = 'changed';
    }, TypeError, 'a shared note cannot be changed in place');
    assert.equal(fs.existsSync(path.join(cacheDir, PARSED_INDEX_FILE)), false, 'nothing changed: not rewritten');
  });

  it('a note added to a folder, to a new folder, or removed is seen (its folder changed)', async () => {
    const first = await load();
    write('sub/c.md', 'note-c', 'Run migrations before the tests');
    const added = await load();
    assert.notEqual(added.notes, first.notes);
    assert.deepEqual(added.notes.map((n) => n.note.id), ['note-a', 'note-b', 'note-c']);
    write('deep/er/d.md', 'note-d', 'Docker compose v2 is `docker compose`');
    assert.deepEqual((await load()).notes.map((n) => n.note.id), ['note-a', 'note-d', 'note-b', 'note-c'], 'in path order');
    fs.rmSync(path.join(notesDir, 'sub/b.md'));
    assert.deepEqual((await load()).notes.map((n) => n.note.id), ['note-a', 'note-d', 'note-c']);
  });

  it('a note edited in place (no folder changes) is seen: every file is still checked', async () => {
    const first = await load();
    const file = path.join(notesDir, 'a.md');
    const text = fs.readFileSync(file, 'utf8').replace('status: active', 'status: retired');
    const fd = fs.openSync(file, 'r+');
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, text, 0);
    fs.closeSync(fd);
    const edited = await load();
    assert.notEqual(edited.notes, first.notes);
    assert.equal(edited.notes.find((n) => n.note.id === 'note-a')?.note.status, 'retired');
  });

  it('the store: the same notes while nothing changed; this machine\'s counts give new copies, never a change in place', async function () {
    this.timeout(10_000);
    // The store checks with the real clock: files written within the racy window are verified (new copies) each load.
    await new Promise((r) => setTimeout(r, RACY_MS + 100));
    const store = await MemoryStore.open(ws.root);
    const one = (await store.load()).notes;
    const two = (await (await MemoryStore.open(ws.root)).load()).notes;
    assert.equal(two, one, 'another store of the same folder shares them');
    const recalled = one.find((n) => n.note.id === 'note-a')!.note.counters.recalled;
    await store.bumpCounter('note-a', 'recalled');
    const three = (await store.load()).notes;
    assert.notEqual(three, one);
    assert.equal(three.find((n) => n.note.id === 'note-a')!.note.counters.recalled, recalled + 1);
    assert.equal(one.find((n) => n.note.id === 'note-a')!.note.counters.recalled, recalled, 'the shared note is untouched');
    assert.equal((await store.load()).notes, three, 'the same counts: the same notes again');
  });

  it('a later session start gives what a first one would: the digest for every budget, and search after an edit', async () => {
    const store = await MemoryStore.open(ws.root);
    await warmMemoryContext(store, 2000);
    assert.equal(sharedNoteIndex(notesDir).size, 2, 'warming indexed the notes');
    const { notes } = await store.load();
    for (const budget of [2000, 120, 90, 2000]) {
      const context = await loadMemoryContext(await MemoryStore.open(ws.root), '', budget);
      assert.equal(context.digest, buildDigest(notes, { budgetTokens: budget }).text, `budget ${budget}`);
    }
    write('a.md', 'note-a', 'Zeppelin hangar doors need the crank');
    const context = await loadMemoryContext(await MemoryStore.open(ws.root), 'zeppelin hangar crank', 2000);
    assert.deepEqual(context.relevantIds, ['note-a']);
    const used = context.tokens - estimateTokens(context.digest); // the relevant note's share of the budget
    const fresh = (await (await MemoryStore.open(ws.root)).load()).notes;
    assert.equal(context.digest, buildDigest(fresh, { budgetTokens: 2000 - used }).text, 'the digest of the edited notes');
  });
});
