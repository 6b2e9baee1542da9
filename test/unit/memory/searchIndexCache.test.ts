// The search index kept in .cache: a new process restores it for exactly the notes it was built from, and builds
// afresh for anything else; the restored index answers as a built one does; a person's secret keeps it off the disk.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { forgetLoads } from '../../../src/core/memory/parsedNoteIndex';
import { forgetSharedNoteIndexes, NoteIndex } from '../../../src/core/memory/noteSearch';
import { SEARCH_INDEX_FILE } from '../../../src/core/memory/searchIndexCache';
import { SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';
import { sampleNote, tempWorkspace } from './memoryTestKit';

const QUERIES = ['vitest not found in packages web', 'prisma client generate before tests', 'docker compose v2 command', 'zeppelin hangar'];

describe('the search index kept in .cache', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let file: string;
  const write = (name: string, id: string, title: string, body: string, provenance: 'dream' | 'human' = 'dream') => {
    const text = serializeNote(provenance === 'human' ? sampleNote({ id, title, body, provenance }) : sealNote(sampleNote({ id, title, body, provenance })));
    fs.writeFileSync(path.join(memoryPaths(ws.root).notes, name), text);
  };
  /** A new process: nothing kept in memory. */
  const newProcess = () => (forgetLoads(), forgetSharedNoteIndexes());
  const answers = async () => {
    const store = await MemoryStore.open(ws.root);
    const out = [];
    for (const q of QUERIES) out.push((await store.search(q)).map((h) => [h.note.note.id, h.score, h.terms]));
    return out;
  };
  /** What an index built afresh from the notes on disk answers. */
  const built = async () => {
    const { notes } = await (await MemoryStore.open(ws.root)).load();
    const index = NoteIndex.build(notes);
    return QUERIES.map((q) => index.search(q).map((h) => [h.note.note.id, h.score, h.terms]));
  };

  beforeEach(() => {
    ws = tempWorkspace();
    fs.mkdirSync(memoryPaths(ws.root).notes, { recursive: true });
    file = path.join(memoryPaths(ws.root).cache, SEARCH_INDEX_FILE);
    write('a.md', 'note-a', 'Vitest not found in packages/web', 'Run `npx vitest` from packages/web.');
    write('b.md', 'note-b', 'Prisma client must be generated before the tests', 'Run `npx prisma generate` first.');
    write('c.md', 'note-c', 'docker-compose is docker compose (v2)', 'Use `docker compose up`.');
    newProcess();
  });
  afterEach(() => ws.cleanup());

  it('a new process restores it and answers exactly as an index built afresh', async () => {
    const first = await answers();
    assert.ok(fs.existsSync(file), 'kept after the first search');
    const kept = fs.statSync(file);
    newProcess();
    assert.deepEqual(await answers(), first);
    assert.deepEqual(first, await built());
    const now = fs.statSync(file);
    assert.deepEqual([now.ino, now.mtimeMs], [kept.ino, kept.mtimeMs], 'restored, not built and written again');
  });

  it('a note changed, added or removed since: built afresh (the change is found) and kept again', async () => {
    await answers();
    const before = fs.readFileSync(file, 'utf8');
    write('d.md', 'note-d', 'Zeppelin hangar doors need the crank', 'Turn the crank.');
    newProcess();
    const after = await answers();
    assert.deepEqual(after[3].map((h) => h[0]), ['note-d']);
    assert.deepEqual(after, await built());
    assert.notEqual(fs.readFileSync(file, 'utf8'), before);
    fs.rmSync(path.join(memoryPaths(ws.root).notes, 'd.md'));
    newProcess();
    assert.deepEqual((await answers())[3], []);
  });

  it('a damaged or foreign file is ignored and replaced', async () => {
    for (const bad of ['{"version":1,"signature":', 'null', JSON.stringify({ version: 1, signature: 'x', mini: {}, docFreq: [] })]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bad);
      newProcess();
      assert.deepEqual(await answers(), await built(), bad.slice(0, 30));
    }
  });

  it('is not written while a person\'s note holds a secret', async () => {
    const secret = SECRET_FORMATS.find((f) => f.name === 'GitHub classic PAT')!.value;
    write('h.md', 'note-h', 'Deploy notes', `Deploy with ${secret}.`, 'human');
    await answers();
    assert.equal(fs.existsSync(file), false);
  });
});
