// The learning-curve benchmark's synthetic project: 22 seeded quirks of the kinds real repositories have,
// each with a trigger (the naive command), the real-looking error it prints, plausible wrong tries that fail
// the same way, and its fix. The workspace implements them with real commands (fake tools in `bin/`, see
// learningWorkspace.ts); no command names a file path, so a dream's `<file>` generalisation leaves them intact,
// except `node-ts`, which deliberately does (the policy compares generalised forms).

export type QuirkFix = { type: 'variant'; command: string } | { type: 'prep'; prep: string; command: string };

export interface Quirk {
  id: string;
  kind: string;
  /** How a user asks for the action (the task text). */
  label: string;
  naive: string;
  errorOutput: string;
  /** Plausible variants a model tries before finding the fix; they fail with the same error. */
  wrong: string[];
  fix: QuirkFix;
  /** A required environment variable (the fix sets it inline). */
  env?: string;
  /** Session index from which the fix changes: the old fix then fails with `changedError` and `newFix` works. */
  changesAt?: number;
  newFix?: QuirkFix;
  changedError?: string;
}

export interface OkAction {
  id: string;
  label: string;
  command: string;
  output: string;
}

const npmErr = (lines: string[]) => lines.map((l) => `npm ERR! ${l}`).join('\n');

export const QUIRKS: Quirk[] = [
  {
    id: 'vitest-path', kind: 'runner not on PATH', label: 'run the alpha unit tests',
    naive: 'vitest run unit-alpha', errorOutput: '', // real bash: "bash: line 1: vitest: command not found"
    wrong: ['vitest unit-alpha', 'vitest --run unit-alpha'],
    fix: { type: 'variant', command: 'npx vitest run unit-alpha' },
  },
  {
    id: 'eslint-ext', kind: 'flag removed in a new tool version', label: 'lint the sources',
    naive: 'npx eslint --ext .ts src',
    errorOutput: "Invalid option '--ext' - perhaps you meant '-c'?\nYou're using eslint.config.js, some command line flags are no longer available. Please see https://eslint.org/docs/latest/use/command-line-interface for details.",
    wrong: ['npx eslint --ext ts src', 'npx eslint --ext=.ts src'],
    fix: { type: 'variant', command: 'npx eslint src' },
  },
  {
    id: 'jest-pattern', kind: 'flag renamed in a new tool version', label: 'run the billing jest suite',
    naive: 'npx jest --testPathPattern billing',
    errorOutput: '● Validation Error:\n\n  Option "testPathPattern" was replaced by "--testPathPatterns". Please update your configuration.\n\n  Configuration Documentation:\n  https://jestjs.io/docs/configuration',
    wrong: ['npx jest --testPathPattern=billing', 'npx jest --testPathPattern billing --ci'],
    fix: { type: 'variant', command: 'npx jest --testPathPatterns billing' },
  },
  {
    id: 'codegen', kind: 'codegen before tests (fix changes midway)', label: 'run the api tests',
    naive: 'npm test -- api',
    errorOutput: "\n> ledger@2.1.0 test\n> mocha --recursive test api\n\nError: Cannot find module './generated/client'\nRequire stack:\n- /work/ledger/src/api/index.ts\n- /work/ledger/test/api/client.test.ts",
    wrong: ['npm test -- api --bail', 'npm test -- api --no-parallel'],
    fix: { type: 'prep', prep: 'npm run codegen', command: 'npm test -- api' },
    changesAt: 25,
    newFix: { type: 'prep', prep: 'npm run generate', command: 'npm test -- api' },
    changedError: npmErr(['Missing script: "codegen"', '', 'To see a list of scripts, run:', '  npm run', '', 'A complete log of this run can be found in: /root/.npm/_logs/2026-01-02T10_20_30_123Z-debug-0.log']),
  },
  {
    id: 'env-api-url', kind: 'required environment variable', label: 'run the end-to-end suite',
    naive: 'npm run e2e',
    errorOutput: '\n> ledger@2.1.0 e2e\n> node test/e2e/run.js\n\nError: Missing required environment variable API_URL\n    at requireEnv (/work/ledger/test/e2e/setup.js:4:11)\n    at Object.<anonymous> (/work/ledger/test/e2e/run.js:2:1)',
    wrong: ['npm run e2e -- --headless', 'npm run e2e -- --env local'],
    fix: { type: 'variant', command: 'API_URL=http://localhost:4000 npm run e2e' },
    env: 'API_URL',
  },
  {
    id: 'peer-deps', kind: 'peer-dependency install flag', label: 'install the dependencies',
    naive: 'npm install',
    errorOutput: npmErr(['code ERESOLVE', 'ERESOLVE unable to resolve dependency tree', '', 'While resolving: ledger@2.1.0', 'Found: react@19.1.0', 'Could not resolve dependency:', 'peer react@"^18.2.0" from react-table@7.8.0', '', 'Fix the upstream dependency conflict, or retry', 'this command with --force or --legacy-peer-deps']),
    wrong: ['npm install --no-audit', 'npm install --prefer-offline'],
    fix: { type: 'variant', command: 'npm install --legacy-peer-deps' },
  },
  {
    id: 'vitest-label', kind: 'test label differs from the folder name', label: 'run the payments tests',
    naive: 'npx vitest run payments',
    errorOutput: 'No test files found, exiting with code 1\n\nfilter: payments\ninclude: src/**/*.test.ts\nexclude:  **/node_modules/**, **/dist/**',
    wrong: ['npx vitest run payment', 'npx vitest run packages-payments'],
    fix: { type: 'variant', command: 'npx vitest run billing' },
  },
  {
    id: 'missing-config', kind: 'missing module to create', label: 'typecheck the project',
    naive: 'npm run typecheck',
    errorOutput: "\n> ledger@2.1.0 typecheck\n> tsc --noEmit\n\nsrc/index.ts(3,21): error TS2307: Cannot find module './config/local' or its corresponding type declarations.",
    wrong: ['npm run typecheck -- --skipLibCheck', 'npm run typecheck -- --pretty false'],
    fix: { type: 'prep', prep: 'npm run setup:config', command: 'npm run typecheck' },
  },
  {
    id: 'flaky-net', kind: 'flaky test that needs a retry', label: 'run the network tests',
    naive: 'npm run test:net',
    errorOutput: '\n  network\n    1) reconnects after a dropped socket\n\n  0 passing (2s)\n  1 failing\n\n  1) network\n       reconnects after a dropped socket:\n     Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.',
    wrong: ['npm run test:net -- --bail', 'npm run test:net -- --reporter dot'],
    fix: { type: 'variant', command: 'npm run test:net -- --retries 1' },
  },
  {
    id: 'pytest-path', kind: 'package not importable without python -m', label: 'run the python tests',
    naive: 'pytest -q',
    errorOutput: "ImportError while loading conftest '/work/ledger/tests/conftest.py'.\ntests/conftest.py:3: in <module>\n    import ledger_core\nE   ModuleNotFoundError: No module named 'ledger_core'",
    wrong: ['pytest -q --import-mode=append', 'pytest -q -p no:cacheprovider'],
    fix: { type: 'variant', command: 'python -m pytest -q' },
  },
  {
    id: 'compose-v2', kind: 'tool renamed (compose v2)', label: 'start the database container',
    naive: 'docker-compose up -d db', errorOutput: '', // real bash: "docker-compose: command not found"
    wrong: ['docker-compose up db', 'docker-compose -p ledger up -d db'],
    fix: { type: 'variant', command: 'docker compose up -d db' },
  },
  {
    id: 'port-in-use', kind: 'port taken by another service', label: 'smoke-test the dev server',
    naive: 'npm run dev:check',
    errorOutput: "node:events:497\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle [as _listen2] (node:net:1908:16)",
    wrong: ['npm run dev:check -- --host 127.0.0.1', 'npm run dev:check -- --strictPort'],
    fix: { type: 'variant', command: 'npm run dev:check -- --port 3001' },
  },
  {
    id: 'go-generate', kind: 'codegen before build (go)', label: 'run the go tests',
    naive: 'go test ./...',
    errorOutput: '# example.com/ledger/pkg/api\npkg/api/handler.go:14:9: undefined: pb.NewLedgerClient\nFAIL\texample.com/ledger/pkg/api [build failed]',
    wrong: ['go test -count=1 ./...', 'go vet ./...'],
    fix: { type: 'prep', prep: 'go generate ./...', command: 'go test ./...' },
  },
  {
    id: 'cargo-feature', kind: 'feature flag required', label: 'run the rust tests',
    naive: 'cargo test',
    errorOutput: 'error[E0432]: unresolved import `crate::db::sqlite`\n --> src/lib.rs:4:5\n  |\n4 | use crate::db::sqlite;\n  |     ^^^^^^^^^^^^^^^^^ no `sqlite` in `db`\n\nerror: could not compile `ledger` (lib) due to 1 previous error',
    wrong: ['cargo test --all', 'cargo test --release'],
    fix: { type: 'variant', command: 'cargo test --features sqlite' },
  },
  {
    id: 'submodule', kind: 'git submodule not initialised', label: 'build the protobuf bindings',
    naive: 'make proto',
    errorOutput: "make: *** No rule to make target 'vendor/protos/ledger.proto', needed by 'gen/ledger.pb.go'.  Stop.",
    wrong: ['make -B proto', 'make proto -j1'],
    fix: { type: 'prep', prep: 'git submodule update --init', command: 'make proto' },
  },
  {
    id: 'pnpm-only', kind: 'wrong package manager', label: 'do a clean install',
    naive: 'npm ci',
    errorOutput: npmErr(['code EUSAGE', '', 'The `npm ci` command can only install with an existing package-lock.json or', 'npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or', 'later to generate a package-lock.json file, then try again.']),
    wrong: ['npm ci --no-audit', 'npm ci --prefer-offline'],
    fix: { type: 'variant', command: 'pnpm install --frozen-lockfile' },
  },
  {
    id: 'pip-index', kind: 'extra package index', label: 'install the python requirements',
    naive: 'pip install -r requirements.txt',
    errorOutput: 'ERROR: Could not find a version that satisfies the requirement torch==2.3.0+cpu (from versions: 2.2.0, 2.2.1, 2.3.0)\nERROR: No matching distribution found for torch==2.3.0+cpu',
    wrong: ['pip install -r requirements.txt --upgrade', 'pip install -r requirements.txt --no-cache-dir'],
    fix: { type: 'variant', command: 'pip install -r requirements.txt --extra-index-url https://download.pytorch.org/whl/cpu' },
  },
  {
    id: 'tsc-build', kind: 'project references need build mode', label: 'compile the packages',
    naive: 'npx tsc --noEmit',
    errorOutput: "error TS6305: Output file '/work/ledger/packages/core/dist/index.d.ts' has not been built from source file '/work/ledger/packages/core/src/index.ts'.",
    wrong: ['npx tsc --noEmit --skipLibCheck', 'npx tsc --noEmit --incremental'],
    fix: { type: 'variant', command: 'npx tsc -b' },
  },
  {
    id: 'db-migrate', kind: 'migrations before tests', label: 'run the database tests',
    naive: 'npm run test:db',
    errorOutput: '\n> ledger@2.1.0 test:db\n> mocha test/db\n\nerror: relation "accounts" does not exist\n    at Parser.parseErrorMessage (/work/ledger/node_modules/pg-protocol/dist/parser.js:285:98)',
    wrong: ['npm run test:db -- --exit', 'npm run test:db -- --jobs 1'],
    fix: { type: 'prep', prep: 'npm run db:migrate', command: 'npm run test:db' },
  },
  {
    id: 'mvn-install', kind: 'sibling module must be installed first', label: 'run the java tests',
    naive: 'mvn -q test',
    errorOutput: '[ERROR] Failed to execute goal on project ledger-api: Could not resolve dependencies for project com.example:ledger-api:jar:1.0: Could not find artifact com.example:ledger-common:jar:1.0 in central (https://repo.maven.apache.org/maven2) -> [Help 1]',
    wrong: ['mvn -q -U test', 'mvn -q -o test'],
    fix: { type: 'prep', prep: 'mvn -q install -DskipTests', command: 'mvn -q test' },
  },
  {
    id: 'playwright', kind: 'browsers not installed', label: 'run the browser tests',
    naive: 'npx playwright test',
    errorOutput: "Error: browserType.launch: Executable doesn't exist at /root/.cache/ms-playwright/chromium-1140/chrome-linux/chrome\n╔═════════════════════════════════════════════════════════════════════════╗\n║ Looks like Playwright Test or Playwright was just installed or updated. ║\n║ Please run the following command to download new browsers:              ║\n║                                                                         ║\n║     npx playwright install                                              ║\n╚═════════════════════════════════════════════════════════════════════════╝",
    wrong: ['npx playwright test --headed', 'npx playwright test --workers 1'],
    fix: { type: 'prep', prep: 'npx playwright install chromium', command: 'npx playwright test' },
  },
  {
    id: 'node-ts', kind: 'TypeScript script needs a loader', label: 'seed the local data',
    naive: 'node scripts/seed.ts',
    errorOutput: 'node:internal/modules/esm/get_format:189\n  throw new ERR_UNKNOWN_FILE_EXTENSION(ext, filepath);\n        ^\n\nTypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts" for /work/ledger/scripts/seed.ts\n    at Object.getFileProtocolModuleFormat [as file:] (node:internal/modules/esm/get_format:189:9)\n    at defaultGetFormat (node:internal/modules/esm/get_format:232:36) {\n  code: \'ERR_UNKNOWN_FILE_EXTENSION\'\n}',
    wrong: ['node --no-warnings scripts/seed.ts', 'node --trace-warnings scripts/seed.ts'],
    fix: { type: 'variant', command: 'node --import tsx scripts/seed.ts' },
  },
];

/** Actions with no quirk: their failure rate is the harm measure. */
export const OK_ACTIONS: OkAction[] = [
  { id: 'ok-lint', label: 'run the linter', command: 'npm run lint', output: '\n> ledger@2.1.0 lint\n> eslint .\n' },
  { id: 'ok-format', label: 'check the formatting', command: 'npx prettier --check .', output: 'Checking formatting...\nAll matched files use Prettier code style!' },
  { id: 'ok-smoke', label: 'run the smoke tests', command: 'npm run test:smoke', output: '\n  smoke\n    ✔ boots\n\n  1 passing (12ms)' },
  { id: 'ok-vet', label: 'vet the go code', command: 'go vet ./pkg/...', output: '' },
  { id: 'ok-docs', label: 'build the docs', command: 'make docs', output: 'mkdocs build --strict\nINFO    -  Documentation built in 0.41 seconds' },
  { id: 'ok-fmt', label: 'check the rust formatting', command: 'cargo fmt --check', output: '' },
];

/** The fix in force at a session (the changing quirk switches at `changesAt`). */
export function fixAt(q: Quirk, session: number): QuirkFix {
  return q.changesAt !== undefined && session >= q.changesAt && q.newFix ? q.newFix : q.fix;
}

/** The command that applies a fix first: the prep step, or the variant itself. */
export const fixCommand = (f: QuirkFix): string => (f.type === 'prep' ? f.prep : f.command);

/** A wrong lesson seeded as an agent note at the start (fault injection). */
export const WRONG_LESSON = {
  quirk: 'peer-deps',
  command: 'npm install --prefer-offline',
  title: 'npm install fails with ERESOLVE: run `npm install --prefer-offline`',
  body: 'npm install fails with ERESOLVE in this repo because the registry mirror is slow.\n\nRun `npm install --prefer-offline` instead; it uses the local cache and resolves the tree.',
  errors: ['ERESOLVE unable to resolve dependency tree'],
};

/** A wrong lesson about a task that needs no fix at all: following it can only hurt (the harm measure). */
export const WRONG_OK_LESSON = {
  action: 'ok-lint',
  command: 'npm run lint -- --no-eslintrc',
  title: 'Lint with `npm run lint -- --no-eslintrc`',
  body: 'The old .eslintrc in the home folder breaks linting here: always run `npm run lint -- --no-eslintrc`.',
  error: "Invalid option '--eslintrc' - perhaps you meant '-c'?\nYou're using eslint.config.js, some command line flags are no longer available. Please see https://eslint.org/docs/latest/use/command-line-interface for details.",
};

/** Two rewordings of one lesson (fault injection: a dream should merge them). */
export const DUPLICATE_NOTES = [
  { id: 'eslint-flat-config-ext', title: 'ESLint 9 flat config: `--ext` is gone, run `npx eslint src`', body: 'With eslint.config.js the `--ext` flag no longer exists. Run `npx eslint src` to lint the sources.' },
  { id: 'eslint-no-ext-flag', title: 'ESLint flat config: --ext is gone; run `npx eslint src`', body: 'With eslint.config.js the --ext flag is no longer available. To lint the sources, run `npx eslint src`.' },
];
