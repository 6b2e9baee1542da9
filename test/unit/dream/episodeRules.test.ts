// The rules that turn a session into episodes, one row per case: what failed, whether and how the session got past
// it, and what is noise. Each row is a small session; the expectation is about the first failing call.
import { strict as assert } from 'assert';
import { episodesOf, firstEpisode, PY_MISSING, type Call } from './episodeKit';

interface Row {
  name: string;
  calls: Call[];
  expect: {
    outcome?: 'fixed' | 'unresolved' | 'pre-existing';
    fixKey?: string | RegExp;
    command?: RegExp;
    steps?: string[];
    noise?: RegExp;
    cls?: string;
    tries?: number;
  };
}

const VITEST_MISSING = '> app@1.0.0 test\n> vitest run test/a.test.ts\n\nsh: vitest: command not found';

const ROWS: Row[] = [
  {
    name: 'a pipe hides a failure: `npx vitest … | head` exits 0 but says it failed; `npm install` is what got past it',
    calls: [
      { sh: 'npm test -- test/a.test.ts', out: VITEST_MISSING, exit: 127 },
      { sh: 'npx vitest run test/a.test.ts 2>&1 | head -20', out: "failed to load config from /w/vitest.config.ts\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'vitest' imported from /w/vitest.config.ts", exit: 0 },
      { sh: 'cat package.json', out: '{"scripts":{"test":"vitest run"}}' },
      { sh: 'npm install', out: 'added 312 packages in 9s' },
      { sh: 'npm test -- test/a.test.ts', out: ' ✓ test/a.test.ts (3 tests)' },
    ],
    expect: { outcome: 'fixed', fixKey: 'steps:npm install', steps: ['npm install'], tries: 1 },
  },
  {
    name: 'got past it although the next call still exits non-zero (the tests now run and fail on the task)',
    calls: [
      { sh: 'pytest tests/test_a.py', out: 'bash: line 1: pytest: command not found', exit: 127 },
      { sh: 'python -m pytest tests/test_a.py', out: 'tests/test_a.py F\nFAILED tests/test_a.py::test_x - assert 1 == 2\n1 failed', exit: 1 },
    ],
    expect: { outcome: 'fixed', fixKey: /^wrapper:>python -m/ },
  },
  {
    name: 'a runner missing here: another program on the same test file is the fix',
    calls: [
      { sh: 'pytest sympy/core/tests/test_a.py', out: 'bash: line 1: pytest: command not found', exit: 127 },
      { sh: 'python -m pytest sympy/core/tests/test_a.py', out: '/opt/env/bin/python: No module named pytest', exit: 1 },
      { sh: 'ls bin', out: 'test\ndoctest' },
      { sh: 'bin/test sympy/core/tests/test_a.py', out: 'tests finished: 41 passed, in 1.2 seconds' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:pytest>bin/test', command: /^bin\/test <file>$/, tries: 1 },
  },
  {
    name: 'a test file run as a plain script prints nothing and "passes": the session moved on to the real runner',
    calls: [
      { sh: 'pytest sympy/sets/tests/test_a.py', out: 'bash: line 1: pytest: command not found', exit: 127 },
      { sh: 'python sympy/sets/tests/test_a.py', out: '' },
      { sh: 'bin/test sympy/sets/tests/test_a.py', out: 'tests finished: 9 passed' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:pytest>bin/test' },
  },
  {
    name: 'a renamed flag: the same call with another flag',
    calls: [
      { sh: 'npx eslint --ext .ts src', out: "Invalid option '--ext' - perhaps you meant '-c'?", exit: 2 },
      { sh: 'npx eslint src', out: 'src/a.ts\n  3:7  error  \'x\' is assigned a value but never used  no-unused-vars\n\n✖ 1 problem', exit: 1 },
    ],
    expect: { outcome: 'fixed', fixKey: /^flags:--ext>/, cls: 'usage' },
  },
  {
    name: 'a required environment variable: the same call with it set (a usage error of the call)',
    calls: [
      { sh: 'npm run e2e', out: '> app@1.0.0 e2e\n> node test/e2e/run.js\n\nError: Missing required environment variable API_URL\n    at requireEnv (/w/test/e2e/setup.js:4:11)', exit: 1 },
      { sh: 'npm run e2e -- --headless', out: 'Error: Missing required environment variable API_URL\n    at requireEnv (/w/test/e2e/setup.js:4:11)', exit: 1 },
      { sh: 'API_URL=http://localhost:4000 npm run e2e', out: '12 passing' },
    ],
    expect: { outcome: 'fixed', cls: 'usage', fixKey: 'env:>API_URL=http://localhost:4000', tries: 1 },
  },
  {
    name: 'a flag with a web address: the address is kept, never dropped or made a placeholder; so is the project file (`requirements.txt`)',
    calls: [
      { sh: 'pip install -r requirements.txt', out: 'ERROR: Could not find a version that satisfies the requirement torch==2.3.0+cpu (from versions: 2.2.0)\nERROR: No matching distribution found for torch==2.3.0+cpu', exit: 1 },
      { sh: 'pip install -r requirements.txt --extra-index-url https://download.pytorch.org/whl/cpu', out: 'Successfully installed torch-2.3.0+cpu' },
    ],
    expect: { outcome: 'fixed', fixKey: 'flags:>--extra-index-url https://download.pytorch.org/whl/cpu', command: /^pip install -r requirements\.txt --extra-index-url https:\/\/download\.pytorch\.org\/whl\/cpu$/ },
  },
  {
    name: 'a long flag with a new value: the value goes with the flag (`--port 3001`)',
    calls: [
      { sh: 'npm run dev:check', out: 'Error: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle [as _listen2] (node:net:1908:16)', exit: 1 },
      { sh: 'npm run dev:check -- --port 3001', out: 'dev server ok on :3001' },
    ],
    expect: { outcome: 'fixed', fixKey: 'flags:>--port 3001' },
  },
  {
    name: 'the step the error said to run is the fix (`go mod tidy`), whatever its output',
    calls: [
      { sh: 'go test ./...', out: 'go: updates to go.mod needed; to update it:\n\tgo mod tidy', exit: 1 },
      { sh: 'go mod tidy', out: 'go: downloading github.com/x/y v1.2.3' },
      { sh: 'go test ./...', out: 'ok  \texample.com/app\t0.2s' },
    ],
    expect: { outcome: 'fixed', fixKey: 'steps:go mod tidy', steps: ['go mod tidy'], command: /^go test \.\/\.\.\.$/ },
  },
  {
    name: 'the command the error named, run with an argument of its own (`npx playwright install` as `… install chromium`), is the fix',
    calls: [
      { sh: 'npx playwright test', out: "Error: browserType.launch: Executable doesn't exist at /root/.cache/ms-playwright/chromium-1140/chrome-linux/chrome\n║ Please run the following command to download new browsers: ║\n║     npx playwright install                                  ║", exit: 1 },
      { sh: 'npx playwright test --workers 1', out: "Error: browserType.launch: Executable doesn't exist at /root/.cache/ms-playwright/chromium-1140/chrome-linux/chrome", exit: 1 },
      { sh: 'npx playwright install chromium', out: 'Downloading Chromium 127.0 … done' },
      { sh: 'npx playwright test', out: '  3 passed (4.1s)' },
    ],
    expect: { outcome: 'fixed', fixKey: 'steps:npx playwright install chromium', steps: ['npx playwright install chromium'], command: /^npx playwright test$/ },
  },
  {
    name: 'a command the output only echoes (npm\'s `> tsc -p tsconfig.json`) run with other flags is no step it told to run',
    calls: [
      { sh: 'npm run build', out: "> app@1.0.0 build\n> tsc -p tsconfig.json\n\nsrc/a.ts(1,20): error TS2307: Cannot find module 'zod' or its corresponding type declarations.", exit: 2 },
      { sh: 'tsc -p tsconfig.json --listFiles', out: 'src/a.ts' },
      { sh: 'npm install zod', out: 'added 1 package in 1s' },
      { sh: 'npm run build', out: '> app@1.0.0 build\n> tsc -p tsconfig.json' },
    ],
    expect: { outcome: 'fixed', fixKey: 'steps:npm install zod', steps: ['npm install zod'] },
  },
  {
    name: 'the verb was the problem (`cargo nextest`: no such command): another verb of the same tool is the fix',
    calls: [
      { sh: 'cargo nextest run', out: 'error: no such command: `nextest`\n\n\tView all installed commands with `cargo --list`', exit: 101 },
      { sh: 'cargo test', out: 'test result: ok. 12 passed; 0 failed' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:cargo nextest>cargo test', command: /^cargo test$/ },
  },
  {
    name: 'a missing npm script: another script got past it, not the test run that failed another way',
    calls: [
      { sh: 'npm run codegen', out: 'npm ERR! Missing script: "codegen"\nnpm ERR!\nnpm ERR! To see a list of scripts, run:\nnpm ERR!   npm run', exit: 1 },
      { sh: 'npm test -- api', out: "Error: Cannot find module './generated/client'\nRequire stack:\n- /w/src/api/index.ts", exit: 1 },
      { sh: 'npm run generate', out: 'generated 12 files' },
      { sh: 'npm test -- api', out: '12 passing' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:npm run codegen>npm run generate', command: /^npm run generate$/ },
  },
  {
    name: 'a make target that does not exist, then another target',
    calls: [
      { sh: 'make test', out: "make: *** No rule to make target 'test'.  Stop.", exit: 2 },
      { sh: 'make check', out: 'ok' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:make test>make check' },
  },
  {
    name: 'a scoped package is no file: the install keeps its name',
    calls: [
      { sh: 'npx eslint src', out: "Oops! Something went wrong! :(\n\nError [ERR_MODULE_NOT_FOUND]: Cannot find package '@eslint/js' imported from /w/eslint.config.js", exit: 2 },
      { sh: 'npm install -D @eslint/js', out: 'added 1 package in 1s' },
      { sh: 'npx eslint src', out: '' },
    ],
    expect: { outcome: 'fixed', steps: ['npm install -D @eslint/js'] },
  },
  {
    name: 'the same program under another name (`python` → `python3`): the name is the fix, not a retry',
    calls: [
      { sh: 'python scripts/gen.py', out: '(eval):1: command not found: python', exit: 127 },
      { sh: 'python3 scripts/gen.py', out: 'done' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:python>python3', command: /^python3 <file>$/ },
  },
  {
    name: 'npx tsc without TypeScript installed: tsc is missing, the install is the fix',
    calls: [
      { sh: 'npx tsc --noEmit', out: '\n                This is not the tsc command you are looking for\n\nTo get access to the TypeScript compiler, tsc, from the command line either:\n', exit: 1 },
      { sh: 'npm install', out: 'added 300 packages in 5s' },
      { sh: 'npx tsc --noEmit', out: '' },
    ],
    expect: { outcome: 'fixed', cls: 'missing-program', steps: ['npm install'] },
  },
  {
    name: 'a workspace protocol npm cannot read: another package manager is the fix',
    calls: [
      { sh: 'npm install', out: 'npm error Unsupported URL Type "workspace:": workspace:*', exit: 1 },
      { sh: 'pnpm install', out: 'Done in 3s' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:npm>pnpm' },
  },
  {
    name: 'Docker without access to its daemon: the wrapper that got past it',
    calls: [
      { sh: 'docker compose up -d', out: 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": dial unix /var/run/docker.sock: connect: permission denied', exit: 1 },
      { sh: 'sudo docker compose up -d', out: 'Container db Started' },
    ],
    expect: { outcome: 'fixed', fixKey: 'wrapper:>sudo' },
  },
  {
    name: 'a step run first in the same command (a separate one was undone before the next call)',
    calls: [
      { sh: 'git checkout main', out: 'error: Your local changes to the following files would be overwritten by checkout:\n\tlogs/a.json\nPlease commit your changes or stash them before you switch branches.\nAborting', exit: 1 },
      { sh: 'git stash', out: 'Saved working directory and index state WIP on x' },
      { sh: 'git checkout main', out: 'error: Your local changes to the following files would be overwritten by checkout:\n\tlogs/a.json\nAborting', exit: 1 },
      { sh: 'git stash && git checkout main', out: "Saved working directory\nSwitched to branch 'main'" },
    ],
    expect: { outcome: 'fixed', fixKey: /^prefix:>git stash/, tries: 1 },
  },
  {
    name: 'code passed another way: `python -c` with a compound statement, then the same code through a here-document',
    calls: [
      { sh: `python3 -c "from enum import Enum; class E(Enum): A=1; print(repr(E.A))"`, out: '  File "<string>", line 1\n    from enum import Enum; class E(Enum): A=1; print(repr(E.A))\n                           ^\nSyntaxError: invalid syntax', exit: 1 },
      { sh: "python3 <<'EOF'\nfrom enum import Enum\nclass E(Enum):\n    A = 1\nprint(repr(E.A))\nEOF", out: '<E.A: 1>' },
    ],
    expect: { outcome: 'fixed', fixKey: /^form:/ },
  },
  {
    name: 'backticks in an unquoted here-document: the quoted delimiter is the fix',
    calls: [
      { sh: 'cat <<EOF > docs/index.rst\n:doc:`intro`\nEOF', out: 'bash: line 1: intro: command not found', exit: 0 },
      { sh: "cat <<'EOF' > docs/index.rst\n:doc:`intro`\nEOF", out: '' },
    ],
    expect: { outcome: 'fixed', fixKey: /^form:<<EOF><<'EOF'/ },
  },
  {
    name: 'an install relates to the missing module; reading around does not belong to the fix',
    calls: [
      { sh: 'python repro.py', out: PY_MISSING('numpy'), exit: 1 },
      { sh: 'git log --oneline | head -3', out: 'abc fix' },
      { sh: 'cat setup.py', out: 'setup()' },
      { sh: 'pip install numpy', out: 'Successfully installed numpy-2.0.2' },
      { sh: 'python repro.py', out: 'TypeError: only length-1 arrays can be converted', exit: 1 },
    ],
    expect: { outcome: 'fixed', fixKey: 'steps:pip install numpy', steps: ['pip install numpy'] },
  },
  {
    name: 'an install that changed nothing is not part of the fix',
    calls: [
      { sh: '/usr/bin/python3 -m pytest tests/test_a.py', out: '/usr/bin/python3: No module named pytest', exit: 1 },
      { sh: 'pip install pytest', out: 'Requirement already satisfied: pytest in /opt/env/lib/python3.9/site-packages (8.3.3)' },
      { sh: 'pytest tests/test_a.py', out: '45 passed in 1.0s' },
    ],
    expect: { outcome: 'fixed', fixKey: 'wrapper:/usr/bin/python3 -m>', steps: [] },
  },
  {
    name: 'the same path guessed wrong: the corrected operand is the fix',
    calls: [
      { sh: 'pytest tests/test_domain_python.py', out: 'ERROR: file or directory not found: tests/test_domain_python.py\n\nno tests ran in 0.01s', exit: 4 },
      { sh: 'ls tests', out: 'test_domain_py.py' },
      { sh: 'pytest tests/test_domain_py.py', out: '45 passed' },
    ],
    expect: { outcome: 'fixed', fixKey: 'operands:tests/test_domain_python.py>tests/test_domain_py.py', cls: 'usage' },
  },
  {
    name: 'a refusal by a hook, then another command that does the job',
    calls: [
      { sh: 'rm -rf logs/*.json && git pull origin main', out: 'Bash operation blocked by hook:\n- [uv run ~/.claude/hooks/pre_tool_use.py]: BLOCKED: Dangerous rm command detected and prevented', ok: false, exit: null },
      { sh: 'mv logs logs.backup && git pull origin main', out: 'Updating 820fb00..3954325' },
    ],
    expect: { outcome: 'fixed', cls: 'refused', fixKey: /^prefix:>mv/ },
  },
  {
    name: 'a failure that is still there with the session\'s changes undone is pre-existing',
    calls: [
      { sh: "sed -i 's/a/b/' src/mod.py", out: '' },
      { sh: 'pytest tests/test_mod.py', out: 'E   DeprecationWarning: pkg_resources is deprecated as an API\nFAILED tests/test_mod.py::test_x\n1 failed', exit: 1 },
      { sh: 'git checkout src/mod.py', out: "Updated 1 path from the index" },
      { sh: 'pytest tests/test_mod.py', out: 'E   DeprecationWarning: pkg_resources is deprecated as an API\nFAILED tests/test_mod.py::test_x\n1 failed', exit: 1 },
    ],
    expect: { outcome: 'pre-existing', cls: 'runtime' },
  },
  {
    name: 'a file tool refused (a file too large to read whole), then the same file read in a range',
    calls: [
      { tool: 'Read', input: { file_path: '/work/proj/src/huge.ts' }, out: 'File content (41234 tokens) exceeds maximum allowed tokens (25000). Please use offset and limit parameters to read specific portions of the file, or use the GrepTool to search for specific content.', ok: false, exit: null },
      { tool: 'Read', input: { file_path: '/work/proj/src/huge.ts', offset: 1, limit: 400 }, out: '1\timport x from "y";' },
    ],
    expect: { outcome: 'fixed', cls: 'tool', fixKey: 'flags:>limit offset' },
  },
  {
    name: 'zsh as Claude Code runs it: "(eval):1: command not found", then the tool another way',
    calls: [
      { sh: 'rg -n "TODO" src', out: '(eval):1: command not found: rg', exit: 127 },
      { sh: 'grep -rn "TODO" src', out: 'src/a.ts:3: // TODO' },
    ],
    expect: { outcome: 'fixed', cls: 'missing-program', fixKey: 'program:rg>grep' },
  },
  {
    name: 'a command that needs its folder: `cd` into it first, in the same command',
    calls: [
      { sh: 'go test ./...', out: 'go: cannot find main module, but found .git/config in /work/proj\n\tto create a module there, run:\n\tgo mod init', exit: 1 },
      { sh: 'cd api && go test ./...', out: 'ok  \texample.com/api\t0.3s' },
    ],
    expect: { outcome: 'fixed', fixKey: 'prefix:>cd api' },
  },
  {
    name: 'a hook refusing to read a file, then other files read: nothing got past it (a known problem when it recurs)',
    calls: [
      { tool: 'Read', input: { file_path: '/work/proj/.env.example' }, out: 'Read operation blocked by hook:\n- [uv run ~/.claude/hooks/pre_tool_use.py]: BLOCKED: Access to .env files containing sensitive data is prohibited', ok: false, exit: null },
      { tool: 'Read', input: { file_path: '/work/proj/package.json', limit: 50 }, out: '{ "name": "app" }' },
    ],
    expect: { outcome: 'unresolved', cls: 'refused' },
  },
  // Noise.
  {
    name: 'a test runner left in watch mode times out (Claude Code); the same run with `run` finishes',
    calls: [
      { sh: 'npx vitest src/a.test.ts', out: 'Command timed out after 2m 0.0s\n DEV  v1.6.0 /w\n ✓ src/a.test.ts (3)\n Watching for file changes...', ok: false, exit: null },
      { sh: 'npx vitest run src/a.test.ts', out: ' ✓ src/a.test.ts (3)\n Test Files  1 passed (1)' },
    ],
    expect: { cls: 'timeout', outcome: 'fixed', fixKey: 'operands:>run', command: /^npx vitest run <file>$/ },
  },
  {
    name: 'a test run killed by Lucid\'s own timeout; CI=true makes it finish',
    calls: [
      { sh: 'npm test', out: ' PASS src/a.test.ts\nWatch Usage: press a to run all\n[timed out after 120 s: the command and its child processes were killed]', exit: null, ok: false },
      { sh: 'CI=true npm test', out: ' PASS src/a.test.ts\nTests: 3 passed' },
    ],
    expect: { cls: 'timeout', outcome: 'fixed', fixKey: 'env:>CI=true' },
  },
  {
    name: 'a dev server started in the foreground times out; started in the background it runs',
    calls: [
      { sh: 'npm run dev', out: 'Command timed out after 2m 0.0s\n> vite\n  VITE v5.0.0  ready in 300 ms', ok: false, exit: null },
      { sh: 'npm run dev', input: { run_in_background: true }, out: 'Command running in background with ID: bash_1' },
    ],
    expect: { cls: 'timeout', outcome: 'fixed', fixKey: 'background:>&', command: /^npm run dev$/ },
  },
  {
    name: 'a dev server started with `&` after it timed out',
    calls: [
      { sh: 'npm run dev', out: 'Command timed out after 2m 0.0s\n> vite', ok: false, exit: null },
      { sh: 'npm run dev > /tmp/dev.log 2>&1 &', out: '' },
    ],
    expect: { cls: 'timeout', outcome: 'fixed', fixKey: 'background:>&' },
  },
  {
    name: 'a whole suite too slow for the time limit; one file runs: which file is the task\'s, that it was one is the fix',
    calls: [
      { sh: 'npm test', out: 'Command timed out after 2m 0.0s\n PASS a', ok: false, exit: null },
      { sh: 'npm test -- src/users/api.test.ts', out: 'PASS src/users/api.test.ts' },
    ],
    expect: { cls: 'timeout', outcome: 'fixed', fixKey: 'operands:>', command: /^npm test -- <file>$/ },
  },
  {
    name: 'the session\'s own script hangs (another agent\'s timeout message): the task\'s bug, not a lesson',
    calls: [
      { tool: 'str_replace_editor', input: { command: 'create', path: '/work/proj/debug.py', file_text: 'from x import f\nf()' }, out: 'File created successfully at: /work/proj/debug.py' },
      { sh: 'python debug.py', out: 'The last command <command>python debug.py</command> timed out and has been killed.\nThe output of the command was:\n <output>\n\n</output>', ok: false, exit: null },
      { sh: 'python debug.py', out: 'done' },
    ],
    expect: { noise: /never finished/ },
  },
  {
    name: 'pip refused by an externally managed Python; uv installs it',
    calls: [
      { sh: 'pip install requests', out: 'error: externally-managed-environment\n\n× This environment is externally managed', exit: 1 },
      { sh: 'uv pip install requests', out: 'Installed 1 package in 3ms' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:pip>uv', command: /^uv pip install requests$/ },
  },
  {
    name: 'a TypeScript script run by node; another runner for the same script got past it',
    calls: [
      { sh: 'node scripts/seed.ts', out: 'TypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts" for /work/proj/scripts/seed.ts\n    at Object.getFileProtocolModuleFormat', exit: 1 },
      { sh: 'npx tsx scripts/seed.ts', out: 'seeded 10 rows' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:node>tsx', command: /^npx tsx <file>$/ },
  },
  {
    name: 'a script\'s own bug is not fixed by running it with another runner',
    calls: [
      { sh: 'python tools/gen.py', out: 'Traceback (most recent call last):\n  File "/work/proj/tools/gen.py", line 3, in <module>\n    main()\nValueError: bad value', exit: 1 },
      { sh: 'bash tools/gen.py', out: '' },
    ],
    expect: { noise: /task's own bug/ },
  },
  {
    name: 'ESLint 9 without a flat config: the environment switch got past it, and the findings are the task',
    calls: [
      { sh: 'npx eslint src', out: "Oops! Something went wrong! :(\n\nESLint: 9.1.0\n\nESLint couldn't find an eslint.config.(js|mjs|cjs) file.", exit: 2 },
      { sh: 'ESLINT_USE_FLAT_CONFIG=false npx eslint src', out: '/work/proj/src/a.ts\n  3:1  error  x  no-unused-vars\n\n✖ 1 problem', exit: 1 },
    ],
    expect: { outcome: 'fixed', fixKey: 'env:>ESLINT_USE_FLAT_CONFIG=false' },
  },
  {
    name: 'a flag added is the fix; a flag dropped along the way that the error never named is not part of it',
    calls: [
      { sh: "grep -n 'a[0]' src/x.py", out: 'grep: Unmatched [, [^, [:, [., or [=', exit: 2 },
      { sh: "grep -F 'a[0]' src/x.py", out: 'a[0] = 1' },
    ],
    expect: { outcome: 'fixed', fixKey: 'flags:>-F' },
  },
  {
    name: 'Claude Code without permission for a tool (a headless run): refused by the rules, not a silent failure',
    calls: [{ sh: 'npm test', out: "Claude requested permissions to use Bash, but you haven't granted it yet.", ok: false, exit: null }],
    expect: { cls: 'refused', outcome: 'unresolved' },
  },
  {
    name: 'an MCP tool failing the same way twice: a tool problem named by the tool, not the task\'s bug',
    calls: [
      { tool: 'mcp__github__create_issue', input: { title: 'x' }, out: 'Error: Bad credentials', ok: false, exit: null },
      { tool: 'mcp__github__create_issue', input: { title: 'x' }, out: 'Error: Bad credentials', ok: false, exit: null },
    ],
    expect: { cls: 'tool', outcome: 'unresolved' },
  },
  { name: 'a grep that found nothing', calls: [{ sh: 'grep -rn "foo" src', out: '', exit: 1 }], expect: { noise: /no recognisable error/ } },
  { name: 'a wrapper line alone is no error', calls: [{ sh: 'python check.py', out: 'Error: exit code 1', exit: 1 }], expect: { noise: /no recognisable error/ } },
  { name: 'ls of a path that is not there', calls: [{ sh: 'ls src/missing.py', out: "ls: cannot access 'src/missing.py': No such file or directory", exit: 2 }], expect: { noise: /path that does not exist/ } },
  { name: 'a script not written yet', calls: [{ sh: 'python fix.py', out: "python: can't open file '/w/fix.py': [Errno 2] No such file or directory", exit: 2 }], expect: { noise: /path that does not exist/ } },
  {
    name: 'a typo corrected in the next call',
    calls: [
      { sh: 'pyhton repro.py', out: 'bash: pyhton: command not found', exit: 127 },
      { sh: 'python repro.py', out: 'ok' },
    ],
    expect: { noise: /typo/ },
  },
  {
    name: 'a short tool replaced by another is not a typo (`ed` → `sed`)',
    calls: [
      { sh: 'ed src/main.py <<EOF\n3a\nx = 1\n.\nw\nq\nEOF', out: 'bash: line 1: ed: command not found', exit: 127 },
      { sh: "sed -i '3a x = 1' src/main.py", out: '' },
    ],
    expect: { outcome: 'fixed', fixKey: 'program:ed>sed' },
  },
  {
    name: 'an error in the session\'s own scratch script',
    calls: [
      { sh: "cat > repro.py <<'EOF'\nprint(n)\nEOF", out: '' },
      { sh: 'python repro.py', out: 'Traceback (most recent call last):\n  File "repro.py", line 1, in <module>\n    print(n)\nNameError: name \'n\' is not defined', exit: 1 },
    ],
    expect: { noise: /code the session wrote itself/ },
  },
  {
    name: 'an error in a file the session had changed (the code under work)',
    calls: [
      { sh: 'cat src/mod.py', out: 'def f():\n    return 1' },
      { sh: "sed -i '2d' src/mod.py", out: '' },
      { sh: 'python -c "import src.mod"', out: 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n  File "/work/proj/src/mod.py", line 2\n    \n    ^\nIndentationError: expected an indented block', exit: 1 },
    ],
    expect: { noise: /code under work/ },
  },
  {
    name: 'the task\'s own bug, got past only by changing the code',
    calls: [
      { sh: 'python repro.py', out: 'Traceback (most recent call last):\n  File "/work/proj/lib/core.py", line 9, in f\n    raise KeyError(k)\nKeyError: \'x\'', exit: 1 },
      { tool: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: 'lib/core.py', old_str: 'raise KeyError(k)', new_str: 'return None' }, out: 'Edited lib/core.py' },
      { sh: 'python repro.py', out: 'None' },
    ],
    expect: { noise: /changing the code under work/ },
  },
  {
    name: 'a failing test of the code under work',
    calls: [{ sh: 'npx vitest run', out: ' FAIL  src/user.test.js > createUser > sets the default role\nAssertionError: expected 1 to be 2', exit: 1 }],
    expect: { noise: /failing test|task/ },
  },
  {
    name: "an agent tool's input check (a parameter of the wrong type) is the agent's slip",
    calls: [
      { tool: 'Read', input: { file_path: '/w/a.ts', limit: '50' }, out: '<tool_use_error>InputValidationError: Read failed due to the following issue:\nThe parameter `limit` type is expected as `number` but provided as `string`</tool_use_error>', ok: false, exit: null },
      { tool: 'Read', input: { file_path: '/w/a.ts', limit: 50 }, out: 'x' },
    ],
    expect: { noise: /malformed/ },
  },
  {
    name: 'a web page that failed to load, then another page',
    calls: [
      { tool: 'WebFetch', input: { url: 'https://example.com/docs', prompt: 'x' }, out: 'Request failed with status code 403', ok: false, exit: null },
      { tool: 'WebFetch', input: { url: 'https://example.org/other', prompt: 'x' }, out: 'ok' },
    ],
    expect: { noise: /outside world/ },
  },
  {
    name: 'a push the remote rejected because it had new work, then pull and push',
    calls: [
      { sh: 'git push origin feature', out: ' ! [rejected]        feature -> feature (fetch first)\nerror: failed to push some refs to \'github.com:x/y.git\'', exit: 1 },
      { sh: 'git pull --rebase origin feature', out: 'Successfully rebased and updated refs/heads/feature.' },
      { sh: 'git push origin feature', out: '   abc..def  feature -> feature' },
    ],
    expect: { noise: /remote had new work/ },
  },
  {
    name: "the agent's own memory tool refusing to create a note that exists",
    calls: [
      { tool: 'memory', input: { command: 'create', path: '/memories/codegen.md', file_text: 'x' }, out: 'File /memories/codegen.md already exists', ok: false, exit: null },
      { tool: 'memory', input: { command: 'create', path: '/memories/codegen.md', file_text: 'x' }, out: 'File /memories/codegen.md already exists', ok: false, exit: null },
    ],
    expect: { noise: /agent's own memory/ },
  },
  {
    name: 'an edit tool whose text did not match',
    calls: [{ tool: 'Edit', input: { file_path: 'src/a.ts', old_string: 'x', new_string: 'y' }, out: 'String to replace not found in file.', ok: false, exit: null }],
    expect: { noise: /edit did not apply/ },
  },
];

describe('episodes: one row per rule', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const e = firstEpisode(row.calls);
      assert.ok(e, 'an episode');
      const x = row.expect;
      if (x.noise) assert.match(e.noise ?? '(not noise)', x.noise, `${e.problem.key}: ${e.noise}`);
      else assert.equal(e.noise, undefined, `not noise: ${e.noise} (${e.problem.key})`);
      if (x.outcome) assert.equal(e.outcome, x.outcome, `${e.problem.key}: fix ${e.fix?.key}`);
      if (x.fixKey) typeof x.fixKey === 'string' ? assert.equal(e.fix?.key, x.fixKey) : assert.match(e.fix?.key ?? '', x.fixKey);
      if (x.command) assert.match(e.fix?.command ?? '', x.command);
      if (x.steps) assert.deepEqual(e.fix?.steps, x.steps);
      if (x.cls) assert.equal(e.problem.class, x.cls);
      if (x.tries !== undefined) assert.equal(e.failedTries.length, x.tries, e.failedTries.join(' | '));
    });
  }

  it('a call that never ran (denied, never answered) is neither a failure nor evidence', () => {
    const eps = episodesOf([
      { sh: 'npm test', out: VITEST_MISSING, exit: 127 },
      { sh: 'npx vitest run', denied: true },
      { sh: 'npx vitest run', unanswered: true },
    ]);
    assert.equal(eps.length, 1, 'only the call that ran and failed');
    assert.equal(eps[0].outcome, 'unresolved', 'the denied and unanswered retries got past nothing');
    assert.deepEqual(eps[0].failedTries, [], 'and were no tries either');
  });

  it('a flag dropped is no fix when the call without it had already failed the same way: every try gets the step that worked', () => {
    const gen = "Error: Cannot find module './generated/client'\nRequire stack:\n- /w/src/api/index.ts";
    const eps = episodesOf([
      { sh: 'npm test -- api', out: gen, exit: 1 },
      { sh: 'npm test -- api --bail', out: gen, exit: 1 },
      { sh: 'npm test -- api --no-parallel', out: gen, exit: 1 },
      { sh: 'npm run generate', out: 'generated 12 files' },
      { sh: 'npm test -- api', out: '  12 passing' },
    ]);
    assert.equal(eps.length, 3);
    for (const e of eps) assert.equal(e.fix?.key, 'steps:npm run generate', `${e.command}: ${e.fix?.key}`);
  });

  it('another verb of the same tool on the same targets is a step, not the same job got past', () => {
    const undef = '# example.com/app/pkg/api\npkg/api/handler.go:14:9: undefined: pb.NewClient\nFAIL\texample.com/app/pkg/api [build failed]';
    const eps = episodesOf([
      { sh: 'go test ./...', out: undef, exit: 1 },
      { sh: 'go test -count=1 ./...', out: undef, exit: 1 },
      { sh: 'go generate ./...', out: '' },
      { sh: 'go test ./...', out: 'ok  \texample.com/app/pkg/api\t0.3s' },
    ]);
    for (const e of eps) {
      assert.equal(e.passCommand, 'go test ./...', e.command);
      assert.deepEqual(e.fix?.steps, ['go generate ./...'], `${e.command}: ${e.fix?.key}`);
    }
  });

  it('reads the whole of a multi-line command, not its first line', () => {
    const [e] = episodesOf([{ sh: 'cd /work/proj && \\\n  python -m pytest tests/test_a.py', out: '/usr/bin/python3: No module named pytest', exit: 1 }]);
    assert.equal(e.program, 'pytest');
    assert.equal(e.general, 'python -m pytest <file>');
  });
});
