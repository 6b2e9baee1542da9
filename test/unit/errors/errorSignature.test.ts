// Error signatures over real error output as people posted it (test/fixtures/error-output, one file per post,
// each with its `# source:` URL) and over hand-made variants of the same failure.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractErrorSignatures, outputShowsFailure, type ErrorSignature } from '../../../src/core/errors/errorExtract';
import { normalizeErrorText } from '../../../src/core/errors/errorSignature';
import { errorMatches } from '../../../src/core/recall/triggerMatch';

const fixtureDir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'error-output');

interface Expected {
  pairs: string[][];
  expected: Record<string, string[] | { command: string; keys: string[] }>;
}

const spec: Expected = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'expected.json'), 'utf8'));
const fixtureFiles = fs.readdirSync(fixtureDir).filter((f) => f.endsWith('.txt')).sort();

function readFixture(file: string): { source: string; output: string } {
  const text = fs.readFileSync(path.join(fixtureDir, file), 'utf8');
  const m = /^# source: (\S+)\n/.exec(text);
  assert.ok(m, `${file} starts with a "# source: <url>" line`);
  return { source: m[1], output: text.slice(m[0].length) };
}

function expectedOf(file: string): { command: string; keys: string[] } {
  const e = spec.expected[file];
  return Array.isArray(e) ? { command: '', keys: e } : e;
}

function signaturesOf(file: string): ErrorSignature[] {
  const { command } = expectedOf(file);
  return extractErrorSignatures(readFixture(file).output, command);
}

const keysOf = (file: string) => signaturesOf(file).map((s) => s.key);

describe('error signatures', () => {
  describe('the fixture of real error output', () => {
    it('has at least 40 posts, each with a public source URL and an expectation', () => {
      assert.ok(fixtureFiles.length >= 40, `${fixtureFiles.length} fixtures`);
      for (const f of fixtureFiles) {
        assert.match(readFixture(f).source, /^https:\/\/\S+\.\S+/, f);
        assert.ok(spec.expected[f] !== undefined, `expected.json has ${f}`);
      }
      assert.deepEqual(Object.keys(spec.expected).filter((f) => !fixtureFiles.includes(f)), []);
    });

    it('covers every toolchain the issue names', () => {
      const tools = new Set(fixtureFiles.flatMap((f) => signaturesOf(f).map((s) => s.tool)));
      for (const t of ['tsc', 'eslint', 'npm', 'pnpm', 'yarn', 'node', 'jest', 'vitest', 'mocha', 'python', 'pytest', 'pip', 'cargo', 'rustc', 'go', 'gcc', 'clang', 'make', 'javac', 'gradle', 'maven', 'git', 'shell']) {
        assert.ok(tools.has(t as ErrorSignature['tool']), `a fixture yields a ${t} signature`);
      }
    });

    for (const file of fixtureFiles) {
      it(`${file} yields its expected keys`, () => {
        assert.deepEqual(keysOf(file), expectedOf(file).keys);
      });
    }

    it('gives the same keys for the same error posted from different machines and runs', () => {
      for (const group of spec.pairs) {
        const [first, ...rest] = group.map(keysOf);
        assert.ok(first.length > 0, `${group[0]} has a signature`);
        for (const [i, keys] of rest.entries()) assert.deepEqual(keys, first, `${group[i + 1]} vs ${group[0]}`);
      }
    });

    it('gives noise (no output, warnings only, a passing run) no signature', () => {
      for (const f of fixtureFiles.filter((x) => x.startsWith('noise-'))) assert.deepEqual(keysOf(f), [], f);
    });
  });

  describe('what a signature keeps and drops', () => {
    const all = fixtureFiles.flatMap((f) => signaturesOf(f).map((s) => ({ f, s })));

    it('keys carry no absolute path, line:col, hex hash, timestamp or duration', () => {
      for (const { f, s } of all) {
        const k = s.key;
        assert.doesNotMatch(k, /(?:^|[\s'(])(?:\/(?:home|Users|usr|root|tmp|opt|var|data|work)\b|[A-Za-z]:\\|~\/)/, `${f}: ${k}`);
        assert.doesNotMatch(k, /\w:\d+:\d+|\(\d+,\d+\)|:\[\d+,\d+\]|\bline \d+/, `${f}: ${k}`);
        assert.doesNotMatch(k, /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/, `${f}: ${k}`);
        assert.doesNotMatch(k, /\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}:\d{2}\b|\b\d+(?:\.\d+)?m?s\b/, `${f}: ${k}`);
      }
    });

    it('keeps the evidence line as it appeared in the output', () => {
      for (const { f, s } of all) {
        assert.ok(readFixture(f).output.includes(s.line), `${f}: ${s.line}`);
        assert.equal(s.line, s.line.trim());
      }
    });

    it('keeps codes, module and package names, test names, missing commands, flags and ports', () => {
      const keys = new Set(all.map(({ s }) => s.key));
      for (const k of [
        "tsc TS2307: cannot find module 'express'",
        "node MODULE_NOT_FOUND: cannot find module 'dotenv'",
        'npm ERESOLVE: unable to resolve dependency tree',
        "npm E404: '@pm2/agent' is not in the npm registry",
        "python ModuleNotFoundError: no module named 'requests'",
        "rustc E0425: cannot find value '__' in this scope",
        "vitest: test failed: 'createUser > sets the default role'",
        'shell: command not found: npm',
        "gcc: unrecognized command line option '-fstack-protector-strong'",
        'node EADDRINUSE: address already in use :3000',
      ]) {
        assert.ok(keys.has(k), k);
      }
      const codes = new Set(all.map(({ s }) => s.code).filter(Boolean));
      for (const c of ['TS2307', 'E0425', 'ERESOLVE', 'E404', 'EADDRINUSE', 'MODULE_NOT_FOUND', 'ModuleNotFoundError', 'ERR_PNPM_OUTDATED_LOCKFILE']) {
        assert.ok(codes.has(c), c);
      }
    });

    it('gives every spelling of "vitest: command not found" one key', () => {
      const outputs = [
        'sh: vitest: command not found',
        'sh: 1: vitest: not found',
        'bash: vitest: command not found',
        '/bin/sh: 1: vitest: not found',
        'bash: line 1: vitest: command not found',
        'zsh: command not found: vitest',
        "'vitest' is not recognized as an internal or external command,\noperable program or batch file.",
        '> app@1.0.0 test\n> vitest run\n\nsh: vitest: command not found\nnpm ERR! code 127\nnpm ERR! path /home/u/app\nnpm ERR! command failed\nnpm ERR! command sh -c vitest run\n',
      ];
      for (const o of outputs) {
        assert.deepEqual(extractErrorSignatures(o).map((s) => s.key), ['shell: command not found: vitest'], o);
      }
    });

    it('keeps an unknown flag and names the tool from the command', () => {
      const [s] = extractErrorSignatures("error: unknown option '--watchAll'\n", 'npx mocha --watchAll');
      assert.equal(s.key, "mocha: unknown option '--watchAll'");
      assert.equal(extractErrorSignatures("error: unknown option '--frozen'\n", 'git commit --frozen')[0].key, "git: unknown option '--frozen'");
    });

    it('keeps a python module name with its case', () => {
      const out = 'Traceback (most recent call last):\n  File "/srv/app/main.py", line 3, in <module>\n    from PIL import Image\nModuleNotFoundError: No module named \'PIL\'\n';
      assert.equal(extractErrorSignatures(out)[0].key, "python ModuleNotFoundError: no module named 'PIL'");
    });

    it('returns at most five signatures, deduplicated, first of each kind first', () => {
      const lines = Array.from({ length: 8 }, (_, i) => `src/f${i}.ts(${i + 1},3): error TS2307: Cannot find module 'm${i}'.`);
      const out = [...lines, ...lines].join('\n');
      const keys = extractErrorSignatures(out).map((s) => s.key);
      assert.equal(keys.length, 5);
      assert.deepEqual(keys, [0, 1, 2, 3, 4].map((i) => `tsc TS2307: cannot find module 'm${i}'`));
    });

    it('prefers a specific error over the summary lines around it', () => {
      const out = "src/a.c:3:10: fatal error: zlib.h: No such file or directory\ncompilation terminated.\nmake: *** [Makefile:12: a.o] Error 1\n";
      assert.deepEqual(extractErrorSignatures(out).map((s) => s.key), ['gcc: fatal error: zlib.h: no such file or directory']);
      // A summary line alone says that something failed, not what: no signature (it would file every make failure under one key).
      assert.deepEqual(extractErrorSignatures('make: *** [Makefile:12: a.o] Error 1\n').map((s) => s.key), []);
      assert.equal(outputShowsFailure('make: *** [Makefile:12: a.o] Error 1\n'), true);
      assert.equal(outputShowsFailure('Error: exit code 1\n'), false, 'a wrapper line is not a failure of its own');
    });

    it('reads setup failures of other ecosystems: engines, Docker, npm protocols, npx tsc, go.mod', () => {
      const rows: Array<[string, string, string]> = [
        ['error vite@7.0.0: The engine "node" is incompatible with this module. Expected version "^20.19.0 || >=22.12.0". Got "18.19.0"\n', 'yarn install', "node EBADENGINE: engine 'node' is incompatible: expected '^20.19.0 || >=22.12.0'"],
        ['permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://x": dial unix: permission denied\n', 'docker ps', 'docker: permission denied while trying to connect to the docker daemon socket'],
        ['npm error Unsupported URL Type "workspace:": workspace:*\n', 'npm install', "npm EUNSUPPORTEDPROTOCOL: unsupported url type 'workspace:'"],
        ['\n        This is not the tsc command you are looking for\n', 'npx tsc', 'shell: command not found: tsc'],
        ['go: updates to go.mod needed; to update it:\n\tgo mod tidy\n', 'go build ./...', 'go: updates to go.mod needed'],
        ["\nOops! Something went wrong! :(\n\nESLint: 9.1.0\n\nESLint couldn't find an eslint.config.(js|mjs|cjs) file.\n", 'npx eslint src', "eslint: couldn't find eslint.config.(js|mjs|cjs) file"],
        ['To get started with GitHub CLI, please run:  gh auth login\nAlternatively, populate the GH_TOKEN environment variable.\n', 'gh pr view 12', 'gh: not logged in (gh auth login)'],
        [' FAIL  src/a.test.ts\n  ● Test suite failed to run\n\n    Jest encountered an unexpected token\n\n    SyntaxError: Cannot use import statement outside a module\n', 'npx jest src/a.test.ts', 'jest SyntaxError: syntaxerror: cannot use import statement outside a module'],
        ['src/a.py:3: error: Incompatible types in assignment  [assignment]\nFound 1 error in 1 file\n', 'mypy src', 'mypy: incompatible types in assignment [assignment]'],
        ['src/fb.c:1:10: fatal error: io.h: No such file or directory\n', 'make', "gcc: fatal error: io.h: no such file or directory"],
      ];
      for (const [out, cmd, key] of rows) assert.equal(extractErrorSignatures(out, cmd)[0]?.key, key, cmd);
      // The npm fallback never outranks the code line and its explanation.
      assert.equal(extractErrorSignatures('npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\nnpm error Fix the upstream dependency conflict, or retry\n', 'npm install')[0].key.startsWith('npm ERESOLVE'), true);
    });

    it('ignores empty output and the npm log pointer', () => {
      assert.deepEqual(extractErrorSignatures(''), []);
      assert.deepEqual(extractErrorSignatures('   \n\n'), []);
      assert.deepEqual(extractErrorSignatures('npm ERR! A complete log of this run can be found in:\nnpm ERR!     /root/.npm/_logs/2024-01-02T10_20_30_123Z-debug-0.log\n'), []);
    });
  });

  describe('normalizeErrorText', () => {
    it('makes two runs of the same error on different machines identical', () => {
      const runs = [
        [
          "/home/alice/proj/src/app.ts(12,5): error TS2307: Cannot find module 'lodash' or its corresponding type declarations.",
          "C:\\Users\\bob\\proj\\src\\app.ts(40,17): error TS2307: Cannot find module 'lodash' or its corresponding type declarations.",
        ],
        [
          'npm ERR! A complete log of this run can be found in:\nnpm ERR!     /root/.npm/_logs/2024-03-01T10_11_12_345Z-debug-0.log',
          'npm ERR! A complete log of this run can be found in:\nnpm ERR!     /Users/x/.npm/_logs/2023-12-24T23_59_01_001Z-debug-0.log',
        ],
        [
          "Error: Cannot find module 'dotenv'\n    at Function.Module._resolveFilename (node:internal/modules/cjs/loader:1047:15)\n    at Object.<anonymous> (/srv/a/index.js:1:16)",
          "Error: Cannot find module 'dotenv'\n    at Function.Module._resolveFilename (node:internal/modules/cjs/loader:933:15)\n    at Object.<anonymous> (/home/b/app/index.js:3:9)",
        ],
        [
          '[2024-05-01 10:22:33] build failed in 1234ms (pid 4411, tmp-8812-AbCdEf, commit 3f2a9c1d)',
          '[2023-01-09 08:00:01] build failed in 87ms (pid 12, tmp-1-zz, commit a9b8c7d6e5)',
        ],
        ['segfault at 0x7ffd5e8c2a10 in worker', 'segfault at 0x55d1c0ffee00 in worker'],
      ];
      for (const [a, b] of runs) assert.equal(normalizeErrorText(a), normalizeErrorText(b), a);
    });

    it('keeps codes, module names, flags, ports and command names', () => {
      const n = normalizeErrorText(
        "error TS2307: Cannot find module 'lodash'\nnpm ERR! this command with --force, or --legacy-peer-deps\nError: listen EADDRINUSE: address already in use :::3000\nsh: 1: vitest: not found",
      );
      for (const part of ['ts2307', "'lodash'", '--legacy-peer-deps', ':3000', 'command not found: vitest']) assert.ok(n.includes(part), `${part} in ${n}`);
    });

    it('lets a trigger written one way match the same failure spelled another way', () => {
      const trigger = 'sh: vitest: command not found';
      for (const out of ['sh: 1: vitest: not found', 'zsh: command not found: vitest', 'bash: line 2: vitest: command not found']) {
        assert.ok(errorMatches(normalizeErrorText(out), trigger), out);
      }
      assert.ok(!errorMatches(normalizeErrorText("ls: cannot access 'does-not-exist': No such file or directory"), trigger));
      assert.ok(errorMatches(normalizeErrorText('Error: listen EADDRINUSE 127.0.0.1:3000'), 'EADDRINUSE :::3000'));
    });
  });
});
