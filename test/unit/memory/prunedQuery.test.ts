// Search with the commonest terms pruned gives exactly what scoring every note for every term gives: the same hits,
// in the same order, with the same scores to the last bit, on random memories and queries (common words in most
// notes, rare ones, numbers, snake_case, typos and prefixes that bring in fuzzy and prefix matches). It also runs
// after notes are replaced and removed, as a long-lived index sees them.
import { strict as assert } from 'assert';
import { KeptSearchIndex } from '../../../src/core/memory/keptSearchIndex';
import { NoteIndex } from '../../../src/core/memory/noteSearch';
import { decode, encode } from '../../../src/core/memory/searchIndexFile';
import type { LoadedNote } from '../../../src/core/memory/noteSchema';
import { sampleNote, seeded } from './memoryTestKit';

const COMMON = ['npm', 'run', 'test', 'build', 'error', 'install'];
const RARE = ['vitest', 'prisma', 'migrate', 'docker', 'compose', 'webpack', 'eslint', 'codegen', 'pnpm', 'workspace',
  'submodule', 'playwright', 'chromium', 'postgres', 'redis_url', 'apiBaseUrl', 'typescript', 'references', 'generate',
  'größenangabe', 'zeichenkette', 'configuration', 'configurations', 'reconfiguration', 'tsconfig'];

function memory(rnd: () => number, n: number): LoadedNote[] {
  const pick = (list: string[]) => list[Math.floor(rnd() * list.length)];
  const words = (k: number) => Array.from({ length: k }, () => (rnd() < 0.6 ? pick(COMMON) : rnd() < 0.8 ? pick(RARE) : String(Math.floor(rnd() * 50)))).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    note: sampleNote({
      id: `n-${i}`,
      title: words(3 + Math.floor(rnd() * 5)),
      status: rnd() < 0.1 ? 'stale' : rnd() < 0.05 ? 'retired' : 'active',
      triggers: { errors: [words(4)], commands: [`npm run ${pick(RARE)}`], keywords: [pick(RARE)] },
      body: words(5 + Math.floor(rnd() * 20)),
    }),
    file: `n-${i}.md`,
    humanOwned: false,
  }));
}

function query(rnd: () => number): string {
  const typo = (w: string) => (w.length > 11 && rnd() < 0.5 ? w.slice(0, 2) + w.slice(3, 7) + 'x' + w.slice(8) : w.length > 6 ? w.slice(0, 3) + w.slice(4) : w);
  const prefix = (w: string) => (w.length > 7 ? w.slice(0, 5) : w);
  const parts = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => {
    const r = rnd();
    const w = r < 0.45 ? COMMON[Math.floor(rnd() * COMMON.length)] : RARE[Math.floor(rnd() * RARE.length)];
    return r > 0.9 ? typo(w) : r > 0.8 ? prefix(w) : r > 0.75 ? String(Math.floor(rnd() * 60)) : w;
  });
  return `fix the ${parts.join(' ')}`;
}

describe('search with common terms pruned', () => {
  it('gives exactly the exhaustive results on random memories and queries', () => {
    let pruned = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = seeded(seed);
      const notes = memory(rnd, 40 + Math.floor(rnd() * 300));
      const index = NoteIndex.build(notes);
      for (let q = 0; q < 40; q++) {
        const text = query(rnd);
        for (const options of [{}, { limit: 50, includeStale: true }, { minCoverage: 0.3, minScore: 0 }, { minCoverage: 0.8 }]) {
          const fast = index.search(text, options);
          const slow = index.search(text, { ...options, exhaustive: true });
          assert.deepEqual(fast.map((h) => [h.note.note.id, h.score, h.coverage, h.terms]), slow.map((h) => [h.note.note.id, h.score, h.coverage, h.terms]), `seed ${seed}: ${text} ${JSON.stringify(options)}`);
          if (fast.length) pruned++;
        }
      }
      // A long-lived index: notes replaced and removed in place.
      for (const n of notes.slice(0, 20)) index.upsert({ ...n, note: { ...n.note, body: `${n.note.body} vitest migrate` } });
      for (const n of notes.slice(20, 30)) index.remove(n.note.id);
      const text = query(rnd);
      assert.deepEqual(index.search(text, { limit: 50 }), index.search(text, { limit: 50, exhaustive: true }), `after edits: ${text}`);
    }
    assert.ok(pruned > 200, `the comparison covered queries with hits (${pruned})`);
  });

  it('the index kept on disk answers exactly as the index it was kept from', () => {
    let hits = 0;
    const same = (a: NoteIndex, b: KeptSearchIndex, text: string, options: object, why: string) => {
      const expected = a.search(text, options).map((h) => [h.note.note.id, h.score, h.coverage, h.terms]);
      assert.deepEqual(b.search(text, options)?.map((h) => [h.id, h.score, h.coverage, h.terms]), expected, why);
      hits += expected.length;
    };
    const kept = (index: NoteIndex) => new KeptSearchIndex(decode(encode('sig', index.contents())!)!);
    for (let seed = 101; seed <= 110; seed++) {
      const rnd = seeded(seed);
      const notes = memory(rnd, 40 + Math.floor(rnd() * 300));
      const index = NoteIndex.build(notes);
      let disk = kept(index);
      for (let q = 0; q < 30; q++) {
        const text = query(rnd);
        for (const options of [{}, { limit: 50, includeStale: true }, { minCoverage: 0.3, minScore: 0 }, { exhaustive: true }]) {
          same(index, disk, text, options, `seed ${seed}: ${text} ${JSON.stringify(options)}`);
        }
      }
      // Kept again after notes were replaced and removed in place (gaps in minisearch's short ids).
      for (const n of notes.slice(0, 20)) index.upsert({ ...n, note: { ...n.note, body: `${n.note.body} vitest migrate größenangabe` } });
      for (const n of notes.slice(20, 30)) index.remove(n.note.id);
      disk = kept(index);
      for (let q = 0; q < 10; q++) {
        const text = query(rnd);
        same(index, disk, text, { limit: 50 }, `after edits, seed ${seed}: ${text}`);
      }
    }
    assert.ok(hits > 2000, `the comparison covered queries with hits (${hits})`);
  });
});
