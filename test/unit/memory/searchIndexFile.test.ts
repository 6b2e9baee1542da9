// The search index kept in .cache: a new process reads it for exactly the notes it was built from, and builds
// afresh for anything else; the kept index answers as a built one does; a person's secret keeps it off the disk.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { forgetLoads } from '../../../src/core/memory/parsedNoteIndex';
import { forgetSharedNoteIndexes, NoteIndex } from '../../../src/core/memory/noteSearch';
import { forgetKeptSearchIndexes } from '../../../src/core/memory/keptSearchIndex';
import { SEARCH_INDEX_FILE } from '../../../src/core/memory/searchIndexFile';
import { SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';
import { sampleNote, tempWorkspace } from './memoryTestKit';

const QUERIES = ['vitest not found in packages web', 'prisma client generate before tests', 'docker compose v2 command', 'zeppelin hangar'];

/** Where a section of the kept file lies (sectionFile.ts's layout). */
function sectionAt(good: Buffer, name: string): [number, number] {
  const headerLength = good.readUInt32LE(8);
  const header = JSON.parse(good.toString('utf8', 12, 12 + headerLength)) as { sections: Record<string, [number, number]> };
  const start = Math.ceil((12 + headerLength) / 8) * 8;
  const [at, length] = header.sections[name];
  return [start + at, length];
}

/** The kept file with its postings (every term's notes and counts) overwritten, the rest intact. */
function postingsFilled(good: Buffer, byte: number): Buffer {
  const [at, length] = sectionAt(good, 'postings');
  const out = Buffer.from(good);
  out.fill(byte, at, at + length);
  return out;
}

/** The kept file with the first two entries of its sorted term order swapped (every term still listed once). */
function sortedSwapped(good: Buffer): Buffer {
  const [at] = sectionAt(good, 'sorted');
  const out = Buffer.from(good);
  const [a, b] = [out.readUInt32LE(at), out.readUInt32LE(at + 4)];
  out.writeUInt32LE(b, at);
  out.writeUInt32LE(a, at + 4);
  return out;
}

describe('the search index kept in .cache', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let file: string;
  const write = (name: string, id: string, title: string, body: string, provenance: 'dream' | 'human' = 'dream') => {
    const text = serializeNote(provenance === 'human' ? sampleNote({ id, title, body, provenance }) : sealNote(sampleNote({ id, title, body, provenance })));
    fs.writeFileSync(path.join(memoryPaths(ws.root).notes, name), text);
  };
  /** A new process: nothing kept in memory. */
  const newProcess = () => (forgetLoads(), forgetSharedNoteIndexes(), forgetKeptSearchIndexes());
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

  it('a new process reads it and answers exactly as an index built afresh', async () => {
    const first = await answers();
    assert.ok(fs.existsSync(file), 'kept after the first search');
    const kept = fs.statSync(file);
    newProcess();
    assert.deepEqual(await answers(), first);
    assert.deepEqual(first, await built());
    const now = fs.statSync(file);
    assert.deepEqual([now.ino, now.mtimeMs], [kept.ino, kept.mtimeMs], 'read, not built and written again');
  });

  it('a note changed, added or removed since: built afresh (the change is found) and kept again', async () => {
    await answers();
    const before = fs.readFileSync(file);
    write('d.md', 'note-d', 'Zeppelin hangar doors need the crank', 'Turn the crank.');
    newProcess();
    const after = await answers();
    assert.deepEqual(after[3].map((h) => h[0]), ['note-d']);
    assert.deepEqual(after, await built());
    assert.notDeepEqual(fs.readFileSync(file), before);
    fs.rmSync(path.join(memoryPaths(ws.root).notes, 'd.md'));
    newProcess();
    assert.deepEqual((await answers())[3], []);
  });

  it('a damaged or foreign file is ignored and replaced', async () => {
    await answers();
    const good = fs.readFileSync(file);
    const headerEnd = 12 + good.readUInt32LE(8);
    const damaged = [
      Buffer.from('{"version":1,"signature":'), Buffer.from('null'), good.subarray(0, good.length - 9), good.subarray(0, headerEnd - 3),
      Buffer.concat([Buffer.from('LUCIDSX\n'), good.subarray(8, 12), Buffer.from(good.subarray(12, headerEnd).toString().replace('"version":2', '"version":7')), good.subarray(headerEnd)]),
      Buffer.concat([good.subarray(0, headerEnd), Buffer.alloc(good.length - headerEnd, 0xff)]),
      postingsFilled(good, 0xff), postingsFilled(good, 0x00), sortedSwapped(good),
    ];
    for (const [i, bad] of damaged.entries()) {
      fs.writeFileSync(file, bad);
      newProcess();
      assert.deepEqual(await answers(), await built(), `damaged file ${i}`);
      assert.ok(fs.readFileSync(file).equals(good), `damaged file ${i} replaced`);
    }
  });

  it('is not written while a person\'s note holds a secret', async () => {
    const secret = SECRET_FORMATS.find((f) => f.name === 'GitHub classic PAT')!.value;
    write('h.md', 'note-h', 'Deploy notes', `Deploy with ${secret}.`, 'human');
    await answers();
    assert.equal(fs.existsSync(file), false);
  });
});
