import { strict as assert } from 'assert';
import type { Note } from '../../../src/core/memory/noteSchema';
import { findDuplicateGroups, findDuplicates, mergeNotes } from '../../../src/core/dream/duplicates/noteSimilarity';
import { sampleNote, seeded } from '../memory/memoryTestKit';

export function note(over: Partial<Note> & { id: string; title: string; body: string }): Note {
  return sampleNote({
    kind: 'workaround',
    provenance: 'agent',
    scope: [],
    triggers: { errors: [], commands: [], keywords: [] },
    evidence: { sessions: 1, firstSeen: '2025-03-01', lastSeen: '2025-03-01', examples: [] },
    counters: { recalled: 0, helpful: 0, harmful: 0 },
    ...over,
  });
}

const VITEST_PATH = note({
  id: 'vitest-not-on-path-3f2a',
  kind: 'build-error',
  title: 'vitest is not on PATH; use npx vitest',
  body: 'vitest is a dev dependency of `packages/web` only, so the shell cannot find it. Run `npx vitest` from `packages/web`.',
  scope: ['packages/web'],
  triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test'], keywords: ['vitest'] },
  evidence: { sessions: 3, firstSeen: '2025-03-02', lastSeen: '2025-03-18', examples: [{ session: 's-1', text: 'sh: vitest: command not found' }] },
  counters: { recalled: 5, helpful: 4, harmful: 0 },
});

const VITEST_FILE = note({
  id: 'npx-vitest-run-file-81bc',
  title: 'Use `npx vitest run <file>`: `npm test <file>` fails with sh: vitest: command not found',
  body: 'Passing a file to `npm test` makes the shell look for vitest on PATH, where it is not installed.\n\n`npx vitest run test/config/deal-defaults.test.ts` runs one file.',
  triggers: { errors: ['sh: 1: vitest: not found'], commands: ['npm test', 'npx vitest run'], keywords: ['vitest', 'single test file'] },
  evidence: { sessions: 1, firstSeen: '2025-04-10', lastSeen: '2025-04-10', examples: [{ session: 'b-7', text: 'npm test -- deal.test.ts\nsh: 1: vitest: not found' }] },
  counters: { recalled: 1, helpful: 1, harmful: 0 },
});

const npxNote = (tool: string, id: string) =>
  note({
    id,
    kind: 'command',
    title: `Run ${tool} through npx`,
    body: `${tool} is installed per package, not globally: run it as \`npx ${tool}\` so the local binary and its config are used.`,
    triggers: { errors: [], commands: [`npx ${tool}`], keywords: [tool] },
  });

const PG_PORT = note({
  id: 'postgres-port-5432-in-use',
  title: 'Postgres port 5432 already in use when starting docker compose',
  body: 'A local Postgres service holds port 5432, so `docker compose up db` fails. Stop it with `sudo systemctl stop postgresql`, or set `POSTGRES_PORT=5433` in `.env`.',
  triggers: { errors: ['Bind for 0.0.0.0:5432 failed: port is already allocated'], commands: ['docker compose up'], keywords: ['postgres'] },
  evidence: { sessions: 4, firstSeen: '2025-02-11', lastSeen: '2025-05-02', examples: [{ session: 'a-3', text: 'Bind for 0.0.0.0:5432 failed: port is already allocated' }] },
});

/** The same problem, written by a teammate's Lucid on another machine: other words, other id, a longer error line. */
const PG_PORT_TEAMMATE = note({
  id: 'compose-db-port-conflict-91c2',
  title: 'docker compose up: port 5432 is already allocated',
  body: "The host's postgresql service already listens on 5432. Stop the service (`sudo systemctl stop postgresql`) before `docker compose up -d db`.",
  triggers: {
    errors: ['Error response from daemon: driver failed programming external connectivity on endpoint db-1: Bind for 0.0.0.0:5432 failed: port is already allocated'],
    commands: ['docker compose up -d db'],
    keywords: ['docker', 'port'],
  },
  evidence: { sessions: 2, firstSeen: '2025-01-20', lastSeen: '2025-05-20', examples: [{ session: 'b-2', text: 'Error response from daemon: Bind for 0.0.0.0:5432 failed' }] },
  counters: { recalled: 2, helpful: 1, harmful: 1 },
});

const GEN_API = note({
  id: 'regenerate-api-client',
  kind: 'convention',
  title: 'Regenerate the API client after editing openapi.yaml',
  body: 'The TypeScript client in `src/api/generated` is generated from `openapi.yaml`. After any change to the spec run `npm run gen:api`, otherwise tsc reports missing types such as `ListDealsResponse`.',
  triggers: { errors: [], commands: ['npm run gen:api'], keywords: ['openapi'] },
  evidence: { sessions: 2, firstSeen: '2025-03-01', lastSeen: '2025-03-09', examples: [] },
});

/** A teammate's rewording with no error trigger and few shared words: found by command, kind and text (Jaccard ~0.32). */
const GEN_API_TEAMMATE = note({
  id: 'openapi-gen-api-after-spec-change-77d1',
  kind: 'convention',
  title: 'Keep the generated client in sync with the spec',
  body: 'Whenever openapi.yaml changes, `npm run gen:api` must run before building.',
  triggers: { errors: [], commands: ['npm run gen:api'], keywords: [] },
  evidence: { sessions: 1, firstSeen: '2025-04-01', lastSeen: '2025-04-01', examples: [] },
});

const GEN_TYPES = note({
  id: 'regenerate-graphql-types',
  kind: 'convention',
  title: 'Regenerate the GraphQL types after editing schema.graphql',
  body: 'The TypeScript types in `src/graphql/generated` are generated from `schema.graphql`. After any change to the schema run `npm run gen:types`, otherwise tsc reports missing types such as `DealFields`.',
  triggers: { errors: [], commands: ['npm run gen:types'], keywords: ['graphql'] },
});

// 20 tools x 10 problems: 200 distinct notes of one repository, sharing plenty of words, tools and fixes.
const TOOLS = ['vitest', 'jest', 'eslint', 'prettier', 'tsc', 'webpack', 'vite', 'esbuild', 'playwright', 'cypress',
  'storybook', 'prisma', 'docker', 'turbo', 'nx', 'babel', 'rollup', 'stylelint', 'mocha', 'husky'];
const PROBLEMS: Array<(t: string, i: number) => Omit<Note, 'status' | 'provenance' | 'evidence' | 'counters' | 'extra' | 'scope'>> = [
  (t) => ({ id: `${t}-oom-ci`, kind: 'build-error', title: `${t} runs out of memory on CI`,
    body: `The CI runner has 4 GB and \`${t}\` needs more heap on the full monorepo. Set \`NODE_OPTIONS=--max-old-space-size=6144\` in the ${t} job.`,
    triggers: { errors: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'], commands: [`npx ${t}`], keywords: [t] } }),
  (t) => ({ id: `${t}-not-on-path`, kind: 'build-error', title: `${t}: command not found when run directly`,
    body: `${t} is a dev dependency, not a global install: call it as \`npx ${t}\` or through the package script.`,
    triggers: { errors: [`sh: ${t}: command not found`], commands: [t], keywords: [t] } }),
  (t) => ({ id: `${t}-stale-cache`, kind: 'workaround', title: `${t} reports stale results after switching branches`,
    body: `${t} keeps a cache under \`node_modules/.cache/${t}\`. After a branch switch delete it: \`rm -rf node_modules/.cache/${t}\`.`,
    triggers: { errors: [], commands: [], keywords: [t, 'cache'] } }),
  (t) => ({ id: `${t}-shared-config`, kind: 'convention', title: `${t} config lives in config/${t}.config.js`,
    body: `Do not add a package-level config for ${t}; every package extends the shared \`config/${t}.config.js\`.`,
    triggers: { errors: [], commands: [], keywords: [t, 'config'] } }),
  (t) => ({ id: `${t}-major-pinned`, kind: 'pitfall', title: `Do not upgrade ${t} past the pinned major version`,
    body: `The ${t} major is pinned in the root package.json: the next major drops Node 18, which the deploy image still uses.`,
    triggers: { errors: [], commands: [], keywords: [t, 'upgrade'] } }),
  (t) => ({ id: `${t}-windows-spaces`, kind: 'pitfall', title: `${t} hangs on Windows when the checkout path has spaces`,
    body: `Under C:\\Users\\First Last, ${t} never finishes. Clone into a folder without spaces such as C:\\src.`,
    triggers: { errors: [], commands: [], keywords: [t, 'windows'] } }),
  (t) => ({ id: `${t}-internal-plugin`, kind: 'build-error', title: `${t} cannot load the internal plugin on a fresh clone`,
    body: `The internal ${t} plugin is built from \`tools/${t}-plugin\`; run \`npm run build:tools\` once before the first ${t} run.`,
    triggers: { errors: [`Cannot find module '${t}-plugin-internal'`], commands: [`npx ${t}`], keywords: [t, 'plugin'] } }),
  (t) => ({ id: `${t}-ci-mode`, kind: 'command', title: `Reproduce CI ${t} failures locally with CI=true`,
    body: `\`CI=true npx ${t}\` turns off watch mode and interactive prompts, exactly as the CI job runs ${t}.`,
    triggers: { errors: [], commands: [`CI=true npx ${t}`], keywords: [t, 'ci'] } }),
  (t, i) => ({ id: `${t}-port-in-use`, kind: 'workaround', title: `${t} dev server port ${4000 + i} already in use`,
    body: `A previous ${t} process is still running. \`npx kill-port ${4000 + i}\`, then start ${t} again.`,
    triggers: { errors: [`listen EADDRINUSE: address already in use :::${4000 + i}`], commands: [`npx ${t} --port ${4000 + i}`], keywords: [t] } }),
  (t) => ({ id: `${t}-duplicate-packages`, kind: 'workaround', title: `${t} loads two copies of itself after a partial install`,
    body: `If ${t} prints duplicate-package warnings the lockfile drifted: run \`npm ci\` from the root, never \`npm install\` inside a package.`,
    triggers: { errors: [], commands: ['npm ci'], keywords: [t, 'lockfile'] } }),
];

export function corpus(): Note[] {
  return TOOLS.flatMap((t, ti) => PROBLEMS.map((p, pi) => note({ ...p(t, ti), evidence: { sessions: 1 + ((ti + pi) % 4), examples: [] } })));
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const rand = seeded(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('noteSimilarity', () => {
  describe('findDuplicateGroups', () => {
    it('merges the two vitest-not-on-PATH notes (same normalised error)', () => {
      const groups = findDuplicateGroups([VITEST_FILE, VITEST_PATH]);
      assert.equal(groups.length, 1);
      assert.equal(groups[0].keep, VITEST_PATH.id, 'more evidence sessions');
      assert.deepEqual(groups[0].merge, [VITEST_FILE.id]);
      assert.equal(groups[0].score, 1);
      assert.match(groups[0].reason, /same error `command not found: vitest`/);
    });

    it('merges the vitest pair from their words alone ("not on PATH" = "command not found")', () => {
      const bare = (n: Note) => ({ ...n, triggers: { errors: [], commands: [], keywords: [] } });
      const [g] = findDuplicateGroups([bare(VITEST_FILE), bare(VITEST_PATH)]);
      assert.deepEqual({ keep: g.keep, merge: g.merge }, { keep: VITEST_PATH.id, merge: [VITEST_FILE.id] });
      assert.match(g.reason, /same error `command not found: vitest`/);
    });

    it('does not merge "run vitest through npx" with "run eslint through npx"', () => {
      assert.deepEqual(findDuplicateGroups([npxNote('vitest', 'vitest-via-npx'), npxNote('eslint', 'eslint-via-npx')]), []);
    });

    it('does not merge notes about different npm scripts', () => {
      assert.deepEqual(findDuplicateGroups([GEN_API, GEN_TYPES]), []);
    });

    it('merges a teammate reworded duplicate (longer error line, other id) into the note with more evidence', () => {
      const [g] = findDuplicateGroups([PG_PORT_TEAMMATE, PG_PORT]);
      assert.deepEqual({ keep: g.keep, merge: g.merge }, { keep: PG_PORT.id, merge: [PG_PORT_TEAMMATE.id] });
      assert.match(g.reason, /same error `bind for <host>:5432 failed: port is already allocated`/);
      const flipped = findDuplicateGroups([{ ...PG_PORT_TEAMMATE, evidence: { ...PG_PORT_TEAMMATE.evidence, sessions: 9 } }, PG_PORT]);
      assert.equal(flipped[0].keep, PG_PORT_TEAMMATE.id);
    });

    it('merges a reworded duplicate with no error trigger by command, kind and text', () => {
      const groups = findDuplicateGroups([GEN_API_TEAMMATE, GEN_API, GEN_TYPES]);
      assert.equal(groups.length, 1);
      assert.deepEqual({ keep: groups[0].keep, merge: groups[0].merge }, { keep: GEN_API.id, merge: [GEN_API_TEAMMATE.id] });
      assert.match(groups[0].reason, /same command `npm run gen:api` and kind, similar text \(0\.\d+\)/);
    });

    it('does not merge notes sharing a command and a kind but about different problems', () => {
      const watch = note({ id: 'tests-hang-watch-mode', title: 'Tests hang in watch mode', body: '`npm test` runs vitest in watch mode; add `--run` for one-shot runs: `npm test -- --run`.', triggers: { errors: [], commands: ['npm test'], keywords: [] } });
      const watch2 = note({ id: 'npm-test-never-finishes', title: 'npm test never finishes', body: 'vitest watches for changes by default. Use `npx vitest run` or `npm test -- --run` so it exits.', triggers: { errors: [], commands: ['npm test'], keywords: [] } });
      const db = note({ id: 'npm-test-needs-db', title: 'npm test fails: database not running', body: 'Integration tests need Postgres: `docker compose up -d db` before `npm test`.', triggers: { errors: [], commands: ['npm test'], keywords: [] } });
      const ci = note({ id: 'npm-test-after-pull', title: 'npm test fails after pulling: run npm ci', body: 'New dependencies were added; run `npm ci` before `npm test`.', triggers: { errors: [], commands: ['npm test'], keywords: [] } });
      const groups = findDuplicateGroups([watch, watch2, db, ci]);
      assert.deepEqual(groups.map((g) => [g.keep, ...g.merge].sort()), [['npm-test-never-finishes', 'tests-hang-watch-mode']]);
    });

    it('needs a shared command for the lower threshold: related notes about one service stay apart', () => {
      const migrate = note({ id: 'pg-migrate-needs-db', title: 'Postgres migrations fail when the db container is not running', body: '`npm run db:migrate` needs the docker compose db service: start it with `docker compose up -d db` first.', triggers: { errors: [], commands: ['npm run db:migrate'], keywords: [] } });
      const port = { ...PG_PORT, triggers: { ...PG_PORT.triggers, errors: [] } };
      assert.deepEqual(findDuplicateGroups([migrate, port]), []);
    });

    it('merges near-identical text without shared triggers', () => {
      const a = note({ id: 'a-lockfile', title: 'pnpm install fails on CI with a frozen lockfile', body: 'CI runs `pnpm install --frozen-lockfile`; commit the updated pnpm-lock.yaml whenever package.json changes.' });
      const b = note({ id: 'b-lockfile', title: 'CI pnpm install fails: frozen lockfile', body: 'The CI job uses `pnpm install --frozen-lockfile`, so commit pnpm-lock.yaml whenever you change a package.json.' });
      const [g] = findDuplicateGroups([a, b]);
      assert.ok(g, 'expected a group');
      assert.match(g.reason, /similar text/);
    });

    it('keeps human notes: never merged away, two human duplicates reported as a conflict', () => {
      const human = { ...VITEST_FILE, provenance: 'human' as const };
      const [g] = findDuplicateGroups([VITEST_PATH, human]);
      assert.deepEqual({ keep: g.keep, merge: g.merge }, { keep: human.id, merge: [VITEST_PATH.id] });

      const human2 = { ...VITEST_PATH, id: 'vitest-human-copy', provenance: 'human' as const };
      const agent = { ...VITEST_PATH, id: 'vitest-agent-copy' };
      const result = findDuplicates([human, human2, agent]);
      assert.deepEqual(result.groups.map((x) => [x.keep, x.merge]), [['vitest-human-copy', ['vitest-agent-copy']]]);
      assert.deepEqual(result.humanConflicts.map((c) => c.ids), [[human.id, 'vitest-human-copy'].sort()]);
      const onlyHumans = findDuplicates([human, human2]);
      assert.deepEqual(onlyHumans.groups, []);
      assert.equal(onlyHumans.humanConflicts.length, 1);
    });

    it('honours a custom isHuman (a person edited an agent note)', () => {
      const [g] = findDuplicateGroups([VITEST_PATH, VITEST_FILE], { isHuman: (n) => n.id === VITEST_FILE.id });
      assert.equal(g.keep, VITEST_FILE.id);
    });

    it('ignores retired notes, includes stale ones and prefers an active keeper', () => {
      assert.deepEqual(findDuplicateGroups([VITEST_PATH, { ...VITEST_FILE, status: 'retired' }]), []);
      const [g] = findDuplicateGroups([{ ...VITEST_PATH, status: 'stale' }, VITEST_FILE]);
      assert.deepEqual({ keep: g.keep, merge: g.merge }, { keep: VITEST_FILE.id, merge: [VITEST_PATH.id] });
    });

    it('does not chain notes about different tools through a generic one', () => {
      const generic = note({ id: 'heap-generic', kind: 'build-error', title: 'JavaScript heap out of memory', body: 'Raise the heap with NODE_OPTIONS=--max-old-space-size=6144.',
        triggers: { errors: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'], commands: [], keywords: [] } });
      const oom = corpus().filter((n) => /-oom-ci$/.test(n.id));
      assert.equal(oom.length, 20);
      assert.deepEqual(findDuplicateGroups([generic, ...oom]), [], 'matches twenty tools: belongs to none');
      const [g] = findDuplicateGroups([generic, oom[0]]);
      assert.deepEqual([g.keep, ...g.merge].sort(), [generic.id, oom[0].id], 'matches one tool: a duplicate');
      const copy = { ...oom[5], id: 'webpack-oom-teammate', title: 'webpack: JavaScript heap out of memory in CI' };
      const groups = findDuplicateGroups([generic, oom[0], oom[5], copy]);
      assert.deepEqual(groups.map((x) => [x.keep, ...x.merge].sort()), [[copy.id, oom[5].id].sort()], 'the webpack copies still merge');
    });

    it('finds no groups among 200 unrelated notes of one repository', () => {
      const groups = findDuplicates(corpus());
      assert.deepEqual(groups, { groups: [], humanConflicts: [] });
    });

    it('finds the planted duplicates among the 200 notes, and only them', () => {
      const groups = findDuplicateGroups([...corpus(), VITEST_PATH, VITEST_FILE, PG_PORT, PG_PORT_TEAMMATE, GEN_API, GEN_API_TEAMMATE, GEN_TYPES]);
      const ids = groups.map((g) => [g.keep, ...g.merge].sort().join(' ')).sort();
      assert.ok(ids.includes([PG_PORT.id, PG_PORT_TEAMMATE.id].sort().join(' ')), ids.join('\n'));
      assert.ok(ids.includes([GEN_API.id, GEN_API_TEAMMATE.id].sort().join(' ')), ids.join('\n'));
      // The two vitest notes are the same problem as the corpus's `vitest-not-on-path`.
      assert.ok(ids.includes(['vitest-not-on-path', VITEST_FILE.id, VITEST_PATH.id].sort().join(' ')), ids.join('\n'));
      assert.equal(groups.length, 3, ids.join('\n'));
    });

    it('is deterministic whatever the input order', () => {
      const notes = [...corpus(), VITEST_PATH, VITEST_FILE, PG_PORT, PG_PORT_TEAMMATE, GEN_API, GEN_API_TEAMMATE];
      const expected = JSON.stringify(findDuplicates(notes));
      for (const seed of [1, 2, 3]) assert.equal(JSON.stringify(findDuplicates(shuffled(notes, seed))), expected);
    });
  });

  describe('mergeNotes', () => {
    it('unions triggers by normalised form, sums evidence and counters, records merged ids', () => {
      const merged = mergeNotes(VITEST_PATH, [VITEST_FILE]);
      assert.equal(merged.id, VITEST_PATH.id);
      assert.equal(merged.title, VITEST_PATH.title);
      assert.equal(merged.body, VITEST_PATH.body);
      // `sh: 1: vitest: not found` normalises like `sh: vitest: command not found`: kept once, the keeper's spelling.
      assert.deepEqual(merged.triggers.errors, ['sh: vitest: command not found']);
      assert.deepEqual(merged.triggers.commands, ['npm test', 'npx vitest run']);
      assert.deepEqual(merged.triggers.keywords, ['vitest', 'single test file']);
      assert.deepEqual(merged.evidence, {
        sessions: 4,
        firstSeen: '2025-03-02',
        lastSeen: '2025-04-10',
        examples: [VITEST_FILE.evidence.examples[0], VITEST_PATH.evidence.examples[0]],
      });
      assert.deepEqual(merged.counters, { recalled: 6, helpful: 5, harmful: 0 });
      assert.deepEqual(merged.scope, ['packages/web']);
      assert.deepEqual(merged.merged, [VITEST_FILE.id]);
    });

    it('keeps earlier merged ids, the earliest firstSeen, and two distinct examples at most', () => {
      const keep = { ...PG_PORT, merged: ['older-dup'] };
      const third = { ...PG_PORT_TEAMMATE, id: 'third-copy', merged: ['even-older'], evidence: { ...PG_PORT_TEAMMATE.evidence, lastSeen: '2025-06-01' } };
      const merged = mergeNotes(keep, [third, PG_PORT_TEAMMATE]);
      assert.deepEqual(merged.merged, [PG_PORT_TEAMMATE.id, 'even-older', 'older-dup', 'third-copy']);
      assert.equal(merged.evidence.firstSeen, '2025-01-20');
      assert.equal(merged.evidence.lastSeen, '2025-06-01');
      assert.equal(merged.evidence.sessions, 8);
      assert.deepEqual(merged.evidence.examples.map((e) => e.session), ['b-2', 'a-3'], 'same session never twice');
      assert.equal(merged.triggers.errors.length, 2);
    });

    it('caps unions and produces the same bytes whatever the order of the others', () => {
      const many = Array.from({ length: 30 }, (_, i) =>
        note({ id: `dup-${String(i).padStart(2, '0')}`, title: 't', body: 'b', triggers: { errors: [`error E${i}: thing ${i} broke`], commands: [`npm run job-${i}`], keywords: [`k${i}`] } }));
      const a = mergeNotes(many[0], many.slice(1));
      const b = mergeNotes(many[0], shuffled(many.slice(1), 7));
      assert.equal(JSON.stringify(a), JSON.stringify(b));
      assert.equal(a.triggers.errors.length, 10);
      assert.equal(a.triggers.commands.length, 10);
      assert.equal(a.triggers.keywords.length, 16);
      assert.equal(a.triggers.errors[0], 'error E0: thing 0 broke', "the keeper's triggers come first");
      assert.equal(a.merged?.length, 29);
    });
  });
});
