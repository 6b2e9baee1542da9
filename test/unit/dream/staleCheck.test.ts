import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Note } from '../../../src/core/memory/noteSchema';
import { checkNoteAgainstCode, readWorkspaceFacts } from '../../../src/core/dream/plan/staleCheck';
import { extractCitations } from '../../../src/core/dream/plan/noteCitations';
import { parseMakefile } from '../../../src/core/dream/plan/workspaceFacts';
import { sampleNote, tempWorkspace } from '../memory/memoryTestKit';

function note(title: string, body: string, over: Partial<Note> = {}): Note {
  return sampleNote({ id: 'n', kind: 'command', title, body, scope: [], triggers: { errors: [], commands: [], keywords: [] }, ...over });
}

describe('staleCheck', () => {
  let ws: { root: string; cleanup: () => void };
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(ws.root, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws.root, rel), text);
  };
  const pkg = (rel: string, scripts: Record<string, string>, extra: object = {}) =>
    write(rel, JSON.stringify({ name: path.basename(path.dirname(path.join(ws.root, rel))), private: true, scripts, ...extra }, null, 2));
  const check = async (n: Note) => checkNoteAgainstCode(n, await readWorkspaceFacts(ws.root));

  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => ws.cleanup());

  const GEN_API = note(
    'Regenerate the API client after editing openapi.yaml',
    'The client is generated from `openapi.yaml`. After any change run:\n\n```sh\nnpm run gen:api\n```\n',
  );

  it('a note citing `npm run gen:api` stays active while the script exists and goes stale when it is removed', async () => {
    pkg('package.json', { 'gen:api': 'openapi-generator-cli generate -i openapi.yaml -o src/api', build: 'tsc -b' });
    assert.deepEqual(await check(GEN_API), { stale: false });
    pkg('package.json', { build: 'tsc -b' });
    assert.deepEqual(await check(GEN_API), { stale: true, reason: 'cites `npm run gen:api`, but no package.json defines a `gen:api` script' });
  });

  it('npm script citations prove nothing without any package.json, or with one that does not parse', async () => {
    assert.deepEqual(await check(GEN_API), { stale: false });
    write('package.json', '{ "scripts": { "build": "tsc", }');
    assert.deepEqual(await check(GEN_API), { stale: false });
  });

  it('a broken package.json in a scanned folder (a test fixture) neither blocks the check nor counts as one', async () => {
    write('fixtures/broken-pkg/package.json', '{ not json');
    assert.deepEqual(await check(GEN_API), { stale: false }, 'still no real package.json');
    pkg('package.json', { build: 'tsc' });
    assert.equal((await check(GEN_API)).stale, true);
  });

  it('`npm test` and `npm start` need their scripts (npm start falls back to server.js)', async () => {
    pkg('package.json', { build: 'tsc' });
    const t = await check(note('Run one test file', '`npm test -- test/config/deal-defaults.test.ts`'));
    assert.deepEqual(t, { stale: true, reason: 'cites `npm test -- test/config/deal-defaults.test.ts`, but no package.json defines a `test` script' });
    assert.equal((await check(note('Dev server', 'Start it with `npm start`.'))).stale, true);
    write('server.js', '');
    assert.equal((await check(note('Dev server', 'Start it with `npm start`.'))).stale, false);
  });

  it('a note citing `make proto` follows the Makefile; without a Makefile it is not stale', async () => {
    const n = note('Regenerate protobuf code', 'After editing `proto/*.proto` run `make proto` (needs buf).', { triggers: { errors: [], commands: ['make proto'], keywords: [] } });
    assert.deepEqual(await check(n), { stale: false }, 'no Makefile: no evidence');
    write('Makefile', '.PHONY: proto lint\n\nproto:\n\tbuf generate\n\nlint: proto\n\tgolangci-lint run\n');
    assert.deepEqual(await check(n), { stale: false });
    write('Makefile', '.PHONY: proto lint\n\nlint:\n\tgolangci-lint run\n');
    assert.deepEqual(await check(n), { stale: true, reason: 'cites `make proto`, but no Makefile defines a `proto` target' });
    write('Makefile', 'include common.mk\n\nlint:\n\tgolangci-lint run\n');
    assert.deepEqual(await check(n), { stale: false }, 'targets may come from the included file');
  });

  it('make targets: pattern rules count, special targets and variables do not, sub-project Makefiles count', async () => {
    const parsed = parseMakefile('.PHONY: all\nCC := gcc\nX ::= y\nall: build\n%.pb.go: %.proto\n\tprotoc $<\nbuild test: deps\n\tgo build\n\tfoo: not-a-target\n');
    assert.deepEqual(parsed.names, ['all', 'build', 'test']);
    assert.equal(parsed.patterns.length, 1);
    write('Makefile', '%.pb.go: %.proto\n\tprotoc $<\n');
    write('services/api/Makefile', 'migrate:\n\tgoose up\n');
    assert.equal((await check(note('Regenerate one file', '`make api/user.pb.go`'))).stale, false);
    assert.equal((await check(note('Migrate', '`cd services/api && make migrate`'))).stale, false);
    assert.equal((await check(note('Seed', '`make seed`'))).stale, true);
  });

  it('a note running `scripts/setup-dev-env.sh` goes stale once the file is deleted', async () => {
    write('scripts/setup-dev-env.sh', '#!/bin/sh\n');
    write('scripts/release.sh', '#!/bin/sh\n');
    const run = note('Set up a dev machine', 'Run `./scripts/setup-dev-env.sh` once after cloning; it installs buf and the pinned Node.');
    const bash = note('Set up a dev machine', '```\nbash scripts/setup-dev-env.sh --with-docker\n```');
    assert.deepEqual(await check(run), { stale: false });
    fs.rmSync(path.join(ws.root, 'scripts/setup-dev-env.sh'));
    assert.deepEqual(await check(run), { stale: true, reason: 'cites `./scripts/setup-dev-env.sh`, but `scripts/setup-dev-env.sh` no longer exists' });
    assert.equal((await check(bash)).stale, true);
  });

  it('a path only mentioned goes stale when it and its folder are gone (a missing file in a live folder may be one to create)', async () => {
    write('test/config/other.test.ts', '');
    const n = note('Deal defaults are tested in one place', 'The defaults live in `test/config/deal-defaults.test.ts`; update it with the config.');
    assert.deepEqual(await check(n), { stale: false }, 'folder still there');
    fs.rmSync(path.join(ws.root, 'test/config'), { recursive: true });
    assert.deepEqual(await check(n), { stale: true, reason: 'cites `test/config/deal-defaults.test.ts`, but neither it nor `test/config/` exists any more' });
  });

  it("goes stale when the note's scope folder is gone", async () => {
    write('packages/web/package.json', '{}');
    write('packages/web/src/main.ts', '');
    const n = note('Web uses vitest', 'Run `npx vitest` in the web package.', { scope: ['packages/web', 'packages/web/src/**/*.ts'] });
    assert.deepEqual(await check(n), { stale: false });
    fs.rmSync(path.join(ws.root, 'packages/web'), { recursive: true });
    const v = await check(n);
    assert.equal(v.stale, true);
    assert.match(v.stale ? v.reason : '', /^is scoped to `packages\/web`, but `packages\/web` no longer exists; is scoped to `packages\/web\/src\/\*\*\/\*\.ts`/);
  });

  it('a note citing no concrete artefact never goes stale', async () => {
    const n = note('Prefer small commits', 'Reviewers ask for one concern per commit; split refactors from behaviour changes. Use pnpm, not npm.', { kind: 'convention' });
    assert.deepEqual(await check(n), { stale: false });
    pkg('package.json', {});
    write('Makefile', 'all:\n\techo\n');
    assert.deepEqual(await check(n), { stale: false });
  });

  it('scripts of pnpm and npm workspace packages count', async () => {
    pkg('package.json', { lint: 'eslint .' }, { workspaces: ['tools/*'] });
    write('pnpm-workspace.yaml', "packages:\n  - 'packages/*'\n  - 'libs/**'\n  - '!**/test/**'\n");
    pkg('packages/api/package.json', { 'gen:api': 'openapi-generator-cli generate' });
    pkg('libs/shared/ui/package.json', { 'storybook:build': 'storybook build' });
    pkg('tools/codegen/package.json', { 'codegen:graphql': 'graphql-codegen' });
    const fresh = (cmd: string) => check(note('x', `Run \`${cmd}\`.`));
    assert.deepEqual(await fresh('pnpm --filter api run gen:api'), { stale: false });
    assert.deepEqual(await fresh('pnpm -F @acme/ui storybook:build'), { stale: false }, 'three levels down, through libs/**');
    assert.deepEqual(await fresh('npm run codegen:graphql -w tools/codegen'), { stale: false });
    assert.deepEqual(await fresh('pnpm run gen:client'), { stale: true, reason: 'cites `pnpm run gen:client`, but no package.json defines a `gen:client` script' });
    assert.deepEqual(await fresh('pnpm install --frozen-lockfile'), { stale: false }, 'a pnpm command, not a script');
  });

  it('yarn/pnpm shorthands may run binaries: stale only when clearly not one', async () => {
    pkg('package.json', { build: 'tsc' });
    const shorthand = (cmd: string) => check(note('x', `\`${cmd}\``));
    assert.equal((await shorthand('yarn eslint .')).stale, false, 'nothing installed: could be a binary');
    assert.equal((await shorthand('yarn gen:api')).stale, true, 'binaries have no colon');
    write('node_modules/.bin/eslint', '');
    assert.equal((await shorthand('yarn eslint .')).stale, false);
    assert.equal((await shorthand('pnpm prettier --write .')).stale, true, 'installed binaries are known');
    assert.equal((await shorthand('yarn build')).stale, false);
  });

  it('justfile recipes count when a justfile exists', async () => {
    write('justfile', 'set dotenv-load\n\nalias b := build\n\nbuild:\n    cargo build\n\ntest filter="":\n    cargo test {{filter}}\n');
    assert.equal((await check(note('x', '`just test auth`'))).stale, false);
    assert.equal((await check(note('x', '`just b`'))).stale, false);
    assert.equal((await check(note('x', '`just deploy`'))).stale, true);
  });

  it('URLs, absolute and home paths, placeholders, generic globs and build output are not citations', async () => {
    pkg('package.json', { test: 'vitest' });
    const n = note(
      'Use `npx vitest run <file>`: `npm test <file>` fails with sh: vitest: command not found',
      [
        'See https://github.com/acme/app/blob/main/src/legacy/api.ts and `https://vitest.dev/guide/cli.html`.',
        'The interpreter is `/usr/bin/python3`; credentials live in `~/.npmrc`.',
        'Lint everything with `npx eslint "**/*.ts"`; one file: `npx vitest run <path/to/file.test.ts>` or `$REPO/scripts/x.sh`.',
        'vitest itself is `node_modules/.bin/vitest`; output goes to `dist/assets/` and `coverage/lcov.info`.',
        'Packages: `@acme/ui`, branch `origin/main`, header `application/json`, `src/...`.',
        '```',
        "Error: Cannot find module 'src/generated/client/index.ts'",
        '    at Object.<anonymous> (src/legacy/boot.ts:12:5)',
        '> vitest run src/old/thing.test.ts',
        '```',
        'Create `config/local/settings.json` from the example.',
      ].join('\n'),
      { triggers: { errors: ['sh: vitest: command not found'], commands: ['npm test', 'npx vitest run'], keywords: ['vitest'] } },
    );
    assert.deepEqual(extractCitations(n).map((c) => (c.kind === 'path' ? c.path : `${c.kind}:${c.name}`)), ['script:test']);
    assert.deepEqual(await check(n), { stale: false });
  });

  it('extracts citations from code blocks, commands and scope, paths relative to `cd`', () => {
    const n = note('x', '```bash\n$ cd packages/web && npx vitest run test/a.test.ts\nmake -j4 gen DEBUG=1\nnpm run -w web gen:api -- --watch\n```', {
      triggers: { errors: [], commands: ['CI=1 pnpm run e2e'], keywords: [] },
      scope: ['services/api/'],
    });
    assert.deepEqual(
      extractCitations(n).map((c) => (c.kind === 'path' ? `${c.strength}:${c.path}` : `${c.kind}:${c.name}`)),
      ['mention:packages/web/', 'mention:packages/web/test/a.test.ts', 'make:gen', 'script:gen:api', 'script:e2e', 'scope:services/api/'],
    );
  });

  it('names every missing thing, at most three then a count', async () => {
    pkg('package.json', {});
    const n = note('Release', '`npm run a` `npm run b` `npm run c` `npm run d` `npm run e`');
    const v = await check(n);
    assert.equal(v.stale, true);
    assert.match(v.stale ? v.reason : '', /`a` script; .*`b` script; .*`c` script; and 2 more$/);
  });
});
