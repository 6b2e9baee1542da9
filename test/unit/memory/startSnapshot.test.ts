// The session-start snapshot: a new process's session start read from it gives exactly the context a load of every
// note gives; anything it cannot vouch for (a note added, removed or renamed, other pending counts, a note it shows
// changed in place, a damaged snapshot or search index) loads every note instead; a note changed in place that it
// does not show is caught by the check that follows, so the next start loads every note; no secret reaches it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadMemoryContext, type LoadedMemoryContext } from '../../../src/core/agent/memoryContext';
import { forgetKeptSearchIndexes } from '../../../src/core/memory/keptSearchIndex';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import type { Note } from '../../../src/core/memory/noteSchema';
import { forgetSharedNoteIndexes } from '../../../src/core/memory/noteSearch';
import { forgetLoads, RACY_MS } from '../../../src/core/memory/parsedNoteIndex';
import { SEARCH_INDEX_FILE } from '../../../src/core/memory/searchIndexFile';
import { decodeSections, encodeSections, type Section } from '../../../src/core/memory/sectionFile';
import { START_SNAPSHOT_FILE } from '../../../src/core/memory/startSnapshot';
import { SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';
import { sampleNote, seeded, tempWorkspace } from './memoryTestKit';

const TOOLS = ['vitest', 'prisma', 'docker', 'webpack', 'eslint', 'pytest', 'cargo', 'make'];
const KINDS = ['build-error', 'workaround', 'pitfall', 'command', 'convention', 'fact'] as const;
const REQUESTS = ['vitest fails in packages web', 'prisma generate before the tests', 'docker compose v2', 'zeppelin hangar crank', ''];

/** The snapshot with header fields replaced, its sections as they were. */
function withHeader(bytes: Buffer, fields: object): Buffer {
  const magic = bytes.toString('latin1', 0, 8);
  const file = decodeSections<object>(magic, bytes)!;
  const sections: Record<string, Section> = {};
  for (const name of ['ids', 'files', 'titles', 'lines']) sections[name] = { pieces: file.text(name).all() };
  for (const name of ['byId', 'kinds', 'minChars', 'tokens', 'counts', 'idRank']) sections[name] = file.u32(name);
  for (const name of ['stats', 'sessions', 'recency']) sections[name] = file.f64(name);
  return encodeSections(magic, { ...file.header, ...fields }, sections);
}

describe('the session-start snapshot', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let notesDir: string;
  let snapshotFile: string;
  /** The note files' checks run past the racy window: files written by the test are old enough to be trusted. */
  const open = () => MemoryStore.open(ws.root, { checkClock: () => Date.now() + 10 * RACY_MS });
  /** A new process: nothing kept in memory. */
  const newProcess = () => (forgetLoads(), forgetSharedNoteIndexes(), forgetKeptSearchIndexes());
  /** A session start in a new process; the load that follows a start from the snapshot is awaited (it writes). */
  const start = async (request: string, budget = 2000) => {
    newProcess();
    const context = await loadMemoryContext(await open(), request, budget);
    await context.loading;
    return context;
  };
  /** The context a load of every note gives (the snapshot removed first; the load takes it again). */
  const full = async (request: string, budget = 2000) => {
    fs.rmSync(snapshotFile, { force: true });
    const context = await start(request, budget);
    assert.ok(context.allNotes, 'every note loaded');
    return context;
  };
  const shown = (c: LoadedMemoryContext) => ({ digest: c.digest, notes: c.notes, tokens: c.tokens, relevantIds: c.relevantIds, digestNotes: c.digestNotes, problems: c.problems });
  const write = (file: string, note: Note, human = false) => {
    fs.mkdirSync(path.dirname(path.join(notesDir, file)), { recursive: true });
    fs.writeFileSync(path.join(notesDir, file), serializeNote(human ? note : sealNote(note)));
  };

  beforeEach(() => {
    ws = tempWorkspace();
    notesDir = memoryPaths(ws.root).notes;
    snapshotFile = path.join(memoryPaths(ws.root).cache, START_SNAPSHOT_FILE);
    const rnd = seeded(7);
    for (let i = 0; i < 60; i++) {
      const tool = TOOLS[i % TOOLS.length];
      const status = i % 11 === 3 ? 'stale' : i % 13 === 5 ? 'retired' : 'active';
      write(`${i % 3 ? 'sub/' : ''}n-${i}.md`, sampleNote({
        id: `n-${i}`, kind: KINDS[i % KINDS.length], status, title: `${tool} step ${i} fails unless the ${TOOLS[(i * 5) % 8]} cache is warm`,
        triggers: { errors: [`${tool}: error E${i}`], commands: [`npm run ${tool}-${i}`], keywords: [tool] },
        evidence: { sessions: 1 + Math.floor(rnd() * 9), firstSeen: '2026-01-01', lastSeen: `2026-0${1 + (i % 9)}-1${i % 10}`, examples: [] },
        counters: { recalled: i % 4, helpful: i % 3, harmful: i % 7 === 0 ? 1 : 0 },
        body: `Run \`npm run ${tool}-prep\` first (the ${tool} packages web build needs it), then the tests.\n`,
      }));
    }
    write('human.md', sampleNote({ id: 'human-note', kind: 'convention', title: 'Prisma generate before the tests, always', provenance: 'human', body: 'We agreed on this.\n' }), true);
    fs.writeFileSync(path.join(notesDir, 'broken.md'), '---\nid: [unclosed\n---\nbody\n');
    fs.mkdirSync(memoryPaths(ws.root).cache, { recursive: true });
    fs.writeFileSync(path.join(memoryPaths(ws.root).cache, 'counters.json'), JSON.stringify({ counters: { 'n-4': { recalled: 5, helpful: 2, harmful: 0 } } }));
  });
  afterEach(() => ws.cleanup());

  it('a new process reads the context from it, exactly as a load of every note gives it', async () => {
    for (const budget of [2000, 700, 160]) {
      for (const request of REQUESTS) {
        const expected = shown(await full(request, budget));
        assert.ok(fs.existsSync(snapshotFile), 'taken by the full load');
        const fast = await start(request, budget);
        assert.equal(fast.allNotes, undefined, `read from the snapshot (${request}, ${budget})`);
        assert.deepEqual(shown(fast), expected, `${request}, ${budget}`);
        assert.ok(fs.existsSync(snapshotFile), 'nothing changed: kept');
      }
    }
    const context = await start('prisma generate before the tests');
    assert.ok(context.relevantIds.length > 0 && context.digestNotes.length > 10, 'the comparison had relevant notes and a digest');
    assert.ok(context.problems.some((p) => p.startsWith('notes/broken.md')), 'problems reported');
  });

  it('a note added, removed or renamed: every note is loaded, and the change is in the context', async () => {
    await full('docker compose v2');
    const changes: Array<[string, () => void, (c: LoadedMemoryContext) => boolean]> = [
      ['added', () => write('sub/new.md', sampleNote({ id: 'zeppelin', title: 'Zeppelin hangar doors need the crank', evidence: { sessions: 40, firstSeen: '2026-09-01', lastSeen: '2026-09-30', examples: [] } })),
        (c) => c.relevantIds.includes('zeppelin')],
      ['renamed', () => fs.renameSync(path.join(notesDir, 'sub/new.md'), path.join(notesDir, 'moved.md')), (c) => c.notes.some((n) => n.file === 'moved.md')],
      ['removed', () => fs.rmSync(path.join(notesDir, 'moved.md')), (c) => !c.digest.includes('zeppelin')],
    ];
    for (const [what, change, seen] of changes) {
      change();
      const context = await start('zeppelin hangar crank');
      assert.ok(context.allNotes, `${what}: every note loaded`);
      assert.ok(seen(context), `${what}: the change is in the context`);
      assert.ok((await start('zeppelin hangar crank')).allNotes === undefined, `${what}: the snapshot taken again is used`);
    }
  });

  it('other pending counts (a recall counted since): the digest is ranked again from the snapshot, as a full load ranks it', async () => {
    await full('prisma generate before the tests');
    const counters = path.join(memoryPaths(ws.root).cache, 'counters.json');
    const before = (await start('prisma generate before the tests', 400)).digest;
    let reordered = 0;
    const overlays = [{ 'n-6': { recalled: 90, helpful: 90, harmful: 0 } }, { 'n-2': { recalled: 1, helpful: 0, harmful: 0 }, 'n-6': { recalled: 0, helpful: 0, harmful: 9 } },
      { 'n-10': { recalled: 3, helpful: 3, harmful: 0 }, 'n-20': { recalled: 3, helpful: 3, harmful: 0 }, 'human-note': { recalled: 2, helpful: 40, harmful: 0 } }];
    for (const [i, overlay] of overlays.entries()) {
      fs.writeFileSync(counters, JSON.stringify({ counters: overlay }));
      for (const budget of [2000, 400]) {
        const fast = await start('prisma generate before the tests', budget);
        assert.equal(fast.allNotes, undefined, `overlay ${i}: read from the snapshot`);
        fs.renameSync(snapshotFile, `${snapshotFile}.kept`);
        const expected = shown(await full('prisma generate before the tests', budget));
        fs.renameSync(`${snapshotFile}.kept`, snapshotFile);
        assert.deepEqual(shown(fast), expected, `overlay ${i}, budget ${budget}`);
        if (budget === 400 && fast.digest !== before) reordered++;
      }
    }
    assert.equal(reordered, overlays.length, 'every overlay changed which notes the digest lists');
  });

  it('a note the digest lists, changed in place: every note is loaded at once, and the new text shown', async () => {
    const before = await full('');
    const first = before.digestNotes[0];
    const file = path.join(notesDir, before.allNotes!.find((n) => n.note.id === first.id)!.file);
    const ino = fs.statSync(file).ino;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(first.title, 'Edited in place by a person'));
    assert.equal(fs.statSync(file).ino, ino, 'the same file, written in place (its folder unchanged)');
    const context = await start('');
    assert.ok(context.allNotes, 'every note loaded');
    assert.match(context.digest, /Edited in place by a person/);
  });

  it('a note it does not show, changed in place: the load that follows takes it again, and the next start shows the change', async () => {
    await full('zeppelin hangar crank', 300);
    const file = path.join(notesDir, 'sub/n-49.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('then the tests.', 'then the tests. The zeppelin hangar crank too.'));
    const before = fs.readFileSync(snapshotFile);
    const stale = await start('zeppelin hangar crank', 300);
    assert.equal(stale.allNotes, undefined, 'the snapshot vouches for what it shows');
    assert.ok(!stale.digestNotes.some((n) => n.id === 'n-49') && !stale.relevantIds.includes('n-49'));
    const loaded = await stale.loading;
    assert.ok(loaded?.some((n) => n.note.body.includes('zeppelin hangar crank')), 'the load after has the change');
    assert.notDeepEqual(fs.readFileSync(snapshotFile), before, 'taken again');
    const next = await start('zeppelin hangar crank', 300);
    assert.equal(next.allNotes, undefined, 'from the snapshot taken again');
    assert.deepEqual(next.relevantIds, ['n-49']);
  });

  it('a damaged snapshot or search index is never trusted: every note is loaded, and both are taken again', async () => {
    const expected = shown(await full('vitest fails in packages web'));
    const good = fs.readFileSync(snapshotFile);
    const index = path.join(memoryPaths(ws.root).cache, SEARCH_INDEX_FILE);
    const goodIndex = fs.readFileSync(index);
    const damage: Array<[string, string, Buffer]> = [
      ['snapshot cut short', snapshotFile, good.subarray(0, good.length - 100)],
      ['snapshot of another kind', snapshotFile, Buffer.concat([Buffer.from('LUCIDXX\n'), good.subarray(8)])],
      ['snapshot header damaged', snapshotFile, Buffer.concat([good.subarray(0, 20), Buffer.from('}}}}'), good.subarray(24)])],
      ['snapshot sections zeroed', snapshotFile, Buffer.concat([good.subarray(0, good.length - 4000), Buffer.alloc(4000)])],
      ['search index cut short', index, goodIndex.subarray(0, goodIndex.length - 64)],
      ['search index postings damaged', index, Buffer.concat([goodIndex.subarray(0, goodIndex.length - 2000), Buffer.alloc(2000, 0xff)])],
    ];
    for (const [what, target, bytes] of damage) {
      fs.writeFileSync(target, bytes);
      const context = await start('vitest fails in packages web');
      assert.deepEqual(shown(context), expected, what);
      assert.ok((await start('vitest fails in packages web')).allNotes === undefined, `${what}: taken again, and used`);
    }
  });

  it('a snapshot that vouches for no folder is not trusted (a note added since is seen)', async () => {
    await full('');
    fs.writeFileSync(snapshotFile, withHeader(fs.readFileSync(snapshotFile), { dirs: [] }));
    write('sub/new.md', sampleNote({ id: 'zeppelin', title: 'Zeppelin hangar doors need the crank' }));
    const context = await start('zeppelin hangar crank');
    assert.ok(context.allNotes, 'every note loaded');
    assert.deepEqual(context.relevantIds, ['zeppelin']);
  });

  it('a person\'s note that holds a secret keeps the snapshot and the search index off the disk', async () => {
    const secret = SECRET_FORMATS.find((f) => f.name === 'GitHub classic PAT')!.value;
    write('deploy.md', sampleNote({ id: 'deploy', kind: 'fact', title: `Deploy with ${secret}`, provenance: 'human', body: `Token ${secret}\n` }), true);
    const context = await full('deploy');
    assert.equal(fs.existsSync(snapshotFile), false);
    assert.equal(fs.existsSync(path.join(memoryPaths(ws.root).cache, SEARCH_INDEX_FILE)), false);
    assert.ok(!context.digest.includes(secret));
  });

  it('notes written just now (within the racy window) are not vouched for: no snapshot until they are older', async () => {
    newProcess();
    const context = await loadMemoryContext(await MemoryStore.open(ws.root), 'docker compose v2', 2000);
    assert.ok(context.allNotes);
    assert.equal(await context.loading, context.allNotes);
    assert.equal(fs.existsSync(snapshotFile), false);
  });
});
