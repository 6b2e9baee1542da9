import { strict as assert } from 'assert';
import { NoteIndex } from '../../../src/core/memory/noteSearch';
import { queryTerms, tokenize } from '../../../src/core/memory/searchTerms';
import type { LoadedNote, Note } from '../../../src/core/memory/noteSchema';
import { sampleNote, seeded } from './memoryTestKit';

function loaded(over: Partial<Note>): LoadedNote {
  const note = sampleNote({ scope: [], triggers: { errors: [], commands: [], keywords: [] }, evidence: { sessions: 1, examples: [] }, ...over });
  return { note, file: `${note.id}.md`, humanOwned: false };
}

const TOOLS = ['eslint', 'prettier', 'tsc', 'webpack', 'jest', 'docker', 'postgres', 'redis', 'pnpm', 'yarn', 'pytest', 'cargo',
  'gradle', 'maven', 'nginx', 'storybook', 'playwright', 'cypress', 'prisma', 'turbo', 'babel', 'rollup', 'esbuild', 'node'];
const PROBLEMS = ['fails with a timeout', 'runs out of memory', 'cannot find module', 'reports permission denied',
  'needs the lockfile refreshed', 'says port already in use', 'hangs on startup', 'prints a deprecation warning',
  'breaks after upgrading', 'is slow on CI'];
const FIXES = ['Run it with --runInBand.', 'Delete the cache folder and retry.', 'Pin the version in package.json.',
  'Set NODE_OPTIONS=--max-old-space-size=4096.', 'Use the wrapper script in scripts/.', 'Restart the dev container.'];
const KINDS = ['build-error', 'workaround', 'pitfall', 'command', 'convention', 'fact'] as const;

/** 200 plausible notes about this repository's tooling, none about Kubernetes or food. */
export function corpus(count = 200, seed = 1): LoadedNote[] {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const tool = pick(TOOLS);
    const problem = pick(PROBLEMS);
    return loaded({
      id: `note-${i}`,
      kind: pick(KINDS),
      title: `${tool} ${problem}`,
      body: `When ${tool} ${problem} in this repo: ${pick(FIXES)} See the team wiki for details.`,
      triggers: { errors: rand() < 0.5 ? [`${tool}: ${problem}`] : [], commands: rand() < 0.5 ? [`npm run ${tool}`] : [], keywords: [tool] },
    });
  });
}

const VITEST = loaded({
  id: 'vitest-not-on-path-3f2a',
  kind: 'build-error',
  title: 'vitest: command not found',
  body: 'vitest is a dev dependency of `packages/web` only. Run `npx vitest` from `packages/web`.',
  triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test'], keywords: ['vitest', 'tests'] },
});
const JEST_DECOY = loaded({
  id: 'jest-not-found-0001',
  title: 'jest: command not found',
  body: 'jest is not installed at the root; the command is not found outside packages/api.',
  triggers: { errors: ['sh: jest: command not found'], commands: [], keywords: ['jest'] },
});
const POSTGRES = loaded({
  id: 'postgres-refused-0002',
  kind: 'workaround',
  title: 'Postgres connection refused on port 5432',
  body: 'The database runs in docker compose; start it with `docker compose up db` first.',
  triggers: { errors: ['ECONNREFUSED 127.0.0.1:5432'], commands: [], keywords: ['database'] },
});

describe('noteSearch', () => {
  const notes = [...corpus(), VITEST, JEST_DECOY, POSTGRES];
  const index = NoteIndex.build(notes);

  it('tokenizes identifiers and drops stop-words', () => {
    assert.deepEqual(tokenize('ERR_MODULE_NOT_FOUND in MemoryStore'), ['err_module_not_found', 'err', 'module', 'not', 'found', 'in', 'memorystore', 'memory', 'store']);
    assert.deepEqual(queryTerms('sh: vitest: command not found'), ['vitest', 'command', 'found']);
    assert.deepEqual(queryTerms('how do I do it?'), []);
  });

  it('ranks the right note first for an error message', () => {
    const hits = index.search('sh: vitest: command not found');
    assert.equal(hits[0]?.note.note.id, VITEST.note.id);
    assert.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score), 'ranked by score');
    assert.ok(hits[0].coverage > 0.9);
  });

  it('ranks by content for other queries', () => {
    assert.equal(index.search('postgres connection refused')[0]?.note.note.id, POSTGRES.note.id);
    assert.equal(index.search('ECONNREFUSED 127.0.0.1:5432')[0]?.note.note.id, POSTGRES.note.id);
    assert.equal(index.search('jest command not found')[0]?.note.note.id, JEST_DECOY.note.id);
    assert.equal(index.search('how do I run the vitest tests')[0]?.note.note.id, VITEST.note.id);
  });

  it('tolerates a typo in a longer word, but not in short ones', () => {
    assert.equal(index.search('postgress connection refused')[0]?.note.note.id, POSTGRES.note.id);
    assert.deepEqual(index.search('vi'), []);
  });

  it('returns nothing for unrelated queries, even with 200 notes loaded', () => {
    for (const q of ['kubernetes helm chart ingress', 'banana smoothie recipe', 'quarterly revenue forecast spreadsheet',
      'the and of to', '', '???']) {
      assert.deepEqual(index.search(q).map((h) => h.note.note.id), [], q);
    }
  });

  it('does not let a single common word carry a multi-word query', () => {
    // "docker" is in many notes; the rest of the query is about something else entirely.
    assert.deepEqual(index.search('docker swarm overlay network encryption'), []);
  });

  it('only searches active notes by default; stale on request; retired never', () => {
    const stale = loaded({ ...VITEST.note, id: 'stale-vitest', status: 'stale' });
    const retired = loaded({ ...VITEST.note, id: 'retired-vitest', status: 'retired' });
    const idx = NoteIndex.build([...corpus(50), stale, retired]);
    assert.deepEqual(idx.search('vitest command not found').map((h) => h.note.note.id), []);
    assert.deepEqual(idx.search('vitest command not found', { includeStale: true }).map((h) => h.note.note.id), ['stale-vitest']);
  });

  it('keeps up with upserts and removals', () => {
    const idx = NoteIndex.build(corpus(30));
    assert.deepEqual(idx.search('vitest command not found'), []);
    idx.upsert(VITEST);
    assert.equal(idx.search('vitest command not found')[0]?.note.note.id, VITEST.note.id);
    idx.upsert(loaded({ ...VITEST.note, status: 'retired' }));
    assert.deepEqual(idx.search('vitest command not found'), []);
    idx.upsert(VITEST);
    idx.remove(VITEST.note.id);
    assert.deepEqual(idx.search('vitest'), []);
    assert.equal(idx.size, 30);
  });

  it('honours limit and minCoverage', () => {
    assert.ok(index.search('jest', { limit: 3 }).length <= 3);
    const strict = index.search('vitest tests kubernetes', { minCoverage: 0.9 });
    assert.deepEqual(strict, []);
  });

  it('keeps ranking and the relevance floor with 10,000 notes (timings live in npm run bench)', function () {
    this.timeout(60_000);
    const many = corpus(10_000, 3);
    const big = NoteIndex.build([...many, VITEST]);
    assert.equal(big.search('sh: vitest: command not found')[0]?.note.note.id, VITEST.note.id);
    assert.deepEqual(big.search('kubernetes helm chart ingress'), []);
  });
});
