// Reading a shell command line, one row per case: its syntax (lists, pipes, groups, loops, quotes, comments,
// here-documents), what each simple command runs (behind wrappers, with its subcommand, script or inline code),
// the files it writes, whether it only reads or installs, and whether the line's exit status can be trusted.
import { discards } from '../../../src/core/shell/programRoles';
import { strict as assert } from 'assert';
import { readShellCommand, type Invocation } from '../../../src/core/shell/shellCommand';
import { parseShell, type Connector } from '../../../src/core/shell/shellSyntax';

interface Row {
  name: string;
  cmd: string;
  /** Programs of all invocations, in order. */
  programs?: string[];
  /** The connector after each pipeline (undefined for the last). */
  connectors?: Array<Connector | undefined>;
  /** Invocation indexes of each pipeline. */
  members?: number[][];
  /** Partial invocations, in order: only the fields given are compared. */
  invs?: Array<Partial<Invocation>>;
  heredocs?: string[];
}

const ROWS: Row[] = [
  // ── lists, pipes, groups, loops ──
  { name: 'a line continuation joins two lines into one list', cmd: 'cd /w && \\\n  npm test', programs: ['cd', 'npm'], connectors: ['&&', undefined], invs: [{ args: ['/w'] }, { subcommand: 'test' }] },
  { name: 'a multi-line command: every line is read, newlines count as `;`', cmd: 'npm ci\nnpm run build\nnpm test', programs: ['npm', 'npm', 'npm'], connectors: [';', ';', undefined], invs: [{ identity: 'npm ci' }, { identity: 'npm run build' }, { identity: 'npm test' }] },
  { name: '`;`, `&`, `||`, `&&` each join two pipelines', cmd: 'a; b & c || d && e', programs: ['a', 'b', 'c', 'd', 'e'], connectors: [';', '&', '||', '&&', undefined] },
  { name: 'a trailing `&` is kept on the last pipeline', cmd: 'server --port 3000 &', programs: ['server'], connectors: ['&'] },
  { name: 'a pipe (`|` and `|&`) is one pipeline, each command at its stage', cmd: 'a | b |& c', members: [[0, 1, 2]], invs: [{ stage: 0 }, { stage: 1 }, { stage: 2 }] },
  { name: 'a subshell and a `{ …; }` group are flattened into the list', cmd: '(cd x && make) ; { echo a; ls; }', programs: ['cd', 'make', 'echo', 'ls'], invs: [{ args: ['x'] }, { args: [] }, { args: ['a'] }, { args: [] }] },
  { name: 'a for loop: the header and `do`/`done` dropped, the body kept', cmd: 'for f in *.py; do python "$f"; done', programs: ['python'], invs: [{ args: ['$f'] }] },
  { name: 'a multi-line for loop: the body on its own line', cmd: 'for i in 1 2; do\n  echo $i\ndone', programs: ['echo'], invs: [{ args: ['$i'] }] },
  { name: 'an if: `if`/`then`/`else`/`fi` dropped, condition and branches kept', cmd: 'if [ -f x ]; then rm x; else touch y; fi', programs: ['[', 'rm', 'touch'], invs: [{ args: ['-f', 'x', ']'] }, { args: ['x'] }, { args: ['y'] }] },
  { name: 'a while loop: `while`, `!`, `do`, `done` dropped', cmd: 'while ! make; do sleep 1; done', programs: ['make', 'sleep'], invs: [{ args: [] }, { args: ['1'] }] },
  // ── words ──
  { name: 'quotes, escapes, $(…), backticks and $\'…\' stay inside their words', cmd: "echo \"a b\" 'c d' e\\ f $(date +%s) `pwd` $'x\\ty'", programs: ['echo'], invs: [{ args: ['a b', 'c d', 'e f', '$(date +%s)', '`pwd`', 'x\ty'] }] },
  { name: 'a $(…) with quotes inside a double-quoted word is one word, not a command', cmd: 'echo "$(echo "a b")" c', programs: ['echo'], invs: [{ args: ['$(echo "a b")', 'c'] }] },
  { name: 'a reserved word given as an argument stays an argument (`echo "done"`)', cmd: 'echo "done" && echo all fi', programs: ['echo', 'echo'], invs: [{ args: ['done'] }, { args: ['all', 'fi'] }] },
  { name: 'comments are dropped (a `#` inside a word is not one)', cmd: 'ls # x; rm -rf /\n# a whole line\necho a#b', programs: ['ls', 'echo'], invs: [{ args: [] }, { args: ['a#b'] }] },
  // ── here-documents ──
  { name: "<<'EOF': body captured literally, quoted, the command written to a file; the body is no command", cmd: "cat > a.py <<'EOF'\nprint(\"$x\"); rm -rf y\nEOF", programs: ['cat'], heredocs: ['print("$x"); rm -rf y'], invs: [{ heredoc: { quoted: true, body: 'print("$x"); rm -rf y' }, writes: ['a.py'], text: "cat > a.py <<'EOF'" }] },
  { name: '<<"EOF" is quoted too', cmd: 'cat > a.py <<"EOF"\nx = 1\nEOF', invs: [{ heredoc: { quoted: true, body: 'x = 1' } }] },
  { name: '<<EOF is not quoted; the command after the body is read', cmd: 'cat <<EOF > b.txt\nhi $USER\nEOF\necho ok', programs: ['cat', 'echo'], heredocs: ['hi $USER'], invs: [{ heredoc: { quoted: false, body: 'hi $USER' }, writes: ['b.txt'] }, { args: ['ok'] }] },
  { name: '<<- strips leading tabs from the body and the delimiter line', cmd: 'cat <<-EOF\n\tone\n\t\ttwo\n\tEOF', heredocs: ['one\ntwo'], invs: [{ heredoc: { quoted: false, body: 'one\ntwo' } }] },
  { name: 'several here-documents on one line: bodies in order, each to its command', cmd: 'cat <<A > a.txt && cat <<B > b.txt\none\nA\ntwo\nB', programs: ['cat', 'cat'], connectors: ['&&', undefined], heredocs: ['one', 'two'], invs: [{ heredoc: { quoted: false, body: 'one' }, writes: ['a.txt'] }, { heredoc: { quoted: false, body: 'two' }, writes: ['b.txt'] }] },
  // ── wrappers ──
  { name: 'sudo (with -u user) is a wrapper', cmd: 'sudo -u bob apt-get install -y curl', invs: [{ program: 'apt-get', wrappers: ['sudo'], subcommand: 'install', flags: ['-y'], operands: ['curl'], installs: true }] },
  { name: 'env VAR=x is a wrapper; its assignments go to env', cmd: 'env FOO=1 BAR=2 make test', invs: [{ program: 'make', wrappers: ['env'], env: ['FOO=1', 'BAR=2'], subcommand: 'test' }] },
  { name: 'leading assignments go to env, not the program', cmd: 'FOO=1 npm run build -- --prod', invs: [{ program: 'npm', wrappers: [], env: ['FOO=1'], subcommand: 'run build', identity: 'npm run build' }] },
  { name: 'a group of verbs: the verb is part of the subcommand', cmd: 'uv pip install -e .', invs: [{ program: 'uv', subcommand: 'pip install', identity: 'uv pip install', flags: ['-e'], operands: ['.'] }] },
  { name: 'docker compose up: the verb is part of the subcommand', cmd: 'docker compose up -d db', invs: [{ program: 'docker', subcommand: 'compose up', operands: ['db'] }] },
  { name: 'timeout 5: the duration is no program', cmd: 'timeout 5 pytest -x tests', invs: [{ program: 'pytest', wrappers: ['timeout'], flags: ['-x'], operands: ['tests'] }] },
  { name: 'npx', cmd: 'npx jest --watch', invs: [{ program: 'jest', wrappers: ['npx'], flags: ['--watch'] }] },
  { name: 'pnpm exec (a two-word wrapper)', cmd: 'pnpm exec vitest run', invs: [{ program: 'vitest', wrappers: ['pnpm exec'] }] },
  { name: 'uv run', cmd: 'uv run pytest -q', invs: [{ program: 'pytest', wrappers: ['uv run'], flags: ['-q'] }] },
  { name: 'python -m pytest runs pytest', cmd: 'python -m pytest tests/a.py', invs: [{ program: 'pytest', wrappers: ['python -m'], operands: ['tests/a.py'], identity: 'pytest' }] },
  { name: 'an interpreter given by its path is kept as written in the wrapper', cmd: '/usr/bin/python3 -m pytest', invs: [{ program: 'pytest', wrappers: ['/usr/bin/python3 -m'] }] },
  // ── subcommands ──
  { name: 'git checkout: subcommand, flags and operands', cmd: 'git checkout -b feat', invs: [{ program: 'git', subcommand: 'checkout', flags: ['-b'], operands: ['feat'], identity: 'git checkout' }] },
  { name: 'npm run build: the script is part of the subcommand', cmd: 'npm run build', invs: [{ subcommand: 'run build', args: [], identity: 'npm run build' }] },
  { name: 'npm test', cmd: 'npm test', invs: [{ program: 'npm', subcommand: 'test', identity: 'npm test' }] },
  // ── interpreters ──
  { name: 'python x.py runs a script; the version is folded', cmd: 'python3.11 x.py --flag', invs: [{ program: 'python', programAsWritten: 'python3.11', script: 'x.py', code: undefined, identity: 'python x.py' }] },
  { name: 'python -c CODE: code inline', cmd: 'python -c "print(1)"', invs: [{ program: 'python', script: undefined, code: { via: 'inline', text: 'print(1)' }, identity: 'python -c' }] },
  { name: 'python - <<EOF: code on stdin', cmd: 'python - <<EOF\nimport sys\nprint(sys.path)\nEOF', invs: [{ program: 'python', script: undefined, code: { via: 'stdin', text: 'import sys\nprint(sys.path)' }, identity: 'python -' }] },
  // ── writes and replaces ──
  { name: '> file writes and replaces it', cmd: 'echo x > out.txt', invs: [{ writes: ['out.txt'], replaces: ['out.txt'], reads: false }] },
  { name: '>> file writes without replacing', cmd: 'echo x >> log.txt', invs: [{ writes: ['log.txt'], replaces: [] }] },
  { name: '2>&1 and >/dev/null are not writes', cmd: 'make >/dev/null 2>&1 && make 2>&1', invs: [{ writes: [], replaces: [] }, { writes: [], replaces: [] }] },
  { name: 'tee replaces its files', cmd: 'make 2>&1 | tee build.log', invs: [{ writes: [] }, { program: 'tee', writes: ['build.log'], replaces: ['build.log'] }] },
  { name: 'tee -a appends', cmd: 'echo x | tee -a log.txt', invs: [{}, { writes: ['log.txt'], replaces: [] }] },
  { name: 'sed -i edits its files in place (the script is not a file)', cmd: "sed -i 's/a/b/' src/a.py src/b.py", invs: [{ writes: ['src/a.py', 'src/b.py'], replaces: [], reads: false }] },
  { name: 'sed -i -e SCRIPT: the script given with -e is not a file', cmd: "sed -i -e 's/a/b/' f.txt", invs: [{ writes: ['f.txt'], replaces: [] }] },
  { name: 'perl -i -pe edits in place', cmd: "perl -i -pe 's/a/b/' f.txt", invs: [{ writes: ['f.txt'], replaces: [], code: { via: 'inline', text: 's/a/b/' } }] },
  { name: 'perl -pi -e: the code is what follows -e', cmd: "perl -pi -e 's/a/b/' f.txt", invs: [{ writes: ['f.txt'], replaces: [], code: { via: 'inline', text: 's/a/b/' } }] },
  { name: 'cp and mv write their destination', cmd: 'cp a.txt b.txt && mv -f a b/c', invs: [{ writes: ['b.txt'], replaces: ['b.txt'] }, { writes: ['b/c'], replaces: ['b/c'] }] },
  { name: 'touch replaces (may create) each file', cmd: 'touch x y', invs: [{ writes: ['x', 'y'], replaces: ['x', 'y'] }] },
  { name: "python -c open('x','w') writes x", cmd: "python -c \"open('r.txt', 'w').write('1')\"", invs: [{ writes: ['r.txt'], replaces: ['r.txt'] }] },
  { name: "open(…, 'a') writes without replacing", cmd: "python -c \"open('a.txt','a').write('x')\"", invs: [{ writes: ['a.txt'], replaces: [] }] },
  { name: 'open(…, "w") in code on stdin', cmd: 'python - <<EOF\nopen("out.txt","w").write("x")\nEOF', invs: [{ writes: ['out.txt'], replaces: ['out.txt'] }] },
  { name: '< file is read as stdin, not written', cmd: 'wc -l < in.txt', invs: [{ stdinFile: 'in.txt', writes: [], reads: true }] },
];

function check(row: Row): void {
  const r = readShellCommand(row.cmd);
  assert.deepEqual(r.problems, [], 'no problems');
  if (row.programs) assert.deepEqual(r.invocations.map((i) => i.program), row.programs);
  if (row.connectors) assert.deepEqual(r.pipelines.map((p) => p.next), row.connectors);
  if (row.members) assert.deepEqual(r.pipelines.map((p) => p.members), row.members);
  if (row.heredocs) assert.deepEqual(r.heredocs, row.heredocs);
  if (row.invs) {
    assert.equal(r.invocations.length, row.invs.length, r.invocations.map((i) => i.text).join(' | '));
    row.invs.forEach((want, n) => {
      for (const [key, value] of Object.entries(want)) {
        assert.deepEqual((r.invocations[n] as unknown as Record<string, unknown>)[key], value, `invocation ${n} (${r.invocations[n].text}): ${key}`);
      }
    });
  }
}

describe('readShellCommand: one row per case', () => {
  for (const row of ROWS) it(row.name, () => check(row));
});

describe('readShellCommand: reads and installs', () => {
  const CASES: Array<[string, { reads: boolean; installs: boolean }]> = [
    ['cat f.txt', { reads: true, installs: false }],
    ['grep -rn foo src', { reads: true, installs: false }],
    ['ls -la', { reads: true, installs: false }],
    ['git status', { reads: true, installs: false }],
    ['node --version', { reads: true, installs: false }],
    ['git checkout main', { reads: false, installs: false }],
    ['python x.py', { reads: false, installs: false }],
    ['npm install', { reads: false, installs: true }],
    ['pip install requests', { reads: false, installs: true }],
    ['pip3 install requests', { reads: false, installs: true }],
    ['apt-get install -y git', { reads: false, installs: true }],
    ['yarn', { reads: false, installs: true }],
    ['yarn build', { reads: false, installs: false }],
    ['npm test', { reads: false, installs: false }],
    ['uv pip install requests', { reads: false, installs: true }],
    ['uv pip list', { reads: true, installs: false }],
    ['gh pr view 12', { reads: true, installs: false }],
    ['gh pr create --fill', { reads: false, installs: false }],
  ];
  for (const [cmd, want] of CASES) {
    it(`${cmd} → reads ${want.reads}, installs ${want.installs}`, () => {
      const [inv] = readShellCommand(cmd).invocations;
      assert.deepEqual({ reads: inv.reads, installs: inv.installs }, want);
    });
  }
});

describe('readShellCommand: statusTrustworthy', () => {
  const CASES: Array<[string, boolean]> = [
    ['pytest | head', false],
    ['pytest 2>&1 | tail -5', false],
    ['pytest | grep FAILED', false],
    ['pytest || true', false],
    ['pytest || echo failed', false],
    ['pytest; echo done', false],
    ['cat f | grep y', true],
    ['ls | wc -l', true],
    ['pytest', true],
    ['make && pytest', true],
    ['cd src && pytest', true],
  ];
  for (const [cmd, want] of CASES) {
    it(`${cmd} → ${want}`, () => assert.equal(readShellCommand(cmd).statusTrustworthy, want));
  }
});

describe('parseShell: redirections and malformed input', () => {
  it('keeps redirections with their fd, operator and target; the text stops before the here-document body', () => {
    const p = parseShell('make 2>&1 >out.log && cat > a.py <<EOF\nx\nEOF');
    assert.deepEqual(p.problems, []);
    const [make, cat] = p.pipelines.map((x) => x.commands[0]);
    assert.deepEqual(make.redirects, [{ fd: 2, op: '>&', target: '1' }, { op: '>', target: 'out.log' }]);
    assert.deepEqual(cat.redirects, [{ op: '>', target: 'a.py' }, { op: '<<', target: 'EOF' }]);
    assert.deepEqual(cat.heredoc, { delimiter: 'EOF', quoted: false, body: 'x' });
    assert.equal(cat.text, 'cat > a.py <<EOF');
  });

  const BAD: Array<{ name: string; cmd: string; problem: RegExp; program: string; args?: string[] }> = [
    { name: 'an unclosed single quote', cmd: "echo 'abc def", problem: /unclosed single quote/, program: 'echo', args: ['abc def'] },
    { name: 'an unclosed double quote', cmd: 'grep "foo src', problem: /unclosed double quote/, program: 'grep', args: ['foo src'] },
    { name: 'an unclosed $(', cmd: 'echo $(ls', problem: /unclosed \(/, program: 'echo' },
    { name: 'an unclosed here-document (body to the end)', cmd: "cat > a.py <<'EOF'\nprint(1)", problem: /here-document not closed by EOF/, program: 'cat' },
    { name: 'a here-document with no body at all', cmd: 'python - <<EOF', problem: /here-document not closed by EOF/, program: 'python' },
  ];
  for (const b of BAD) {
    it(`reports ${b.name} without throwing, and reads what it can`, () => {
      let r: ReturnType<typeof readShellCommand> | undefined;
      assert.doesNotThrow(() => (r = readShellCommand(b.cmd)));
      assert.ok(r);
      assert.ok(r.problems.some((x) => b.problem.test(x)), r.problems.join('; '));
      assert.equal(r.invocations[0]?.program, b.program);
      if (b.args) assert.deepEqual(r.invocations[0].args, b.args);
    });
  }

  it('an unclosed here-document keeps the body it read', () => {
    const r = readShellCommand("cat > a.py <<'EOF'\nprint(1)\nprint(2)");
    assert.deepEqual(r.heredocs, ['print(1)\nprint(2)']);
    assert.deepEqual(r.invocations[0].writes, ['a.py']);
  });
});

describe('discards: what forcing past a safety check throws away', () => {
  const rows: Array<[string, RegExp | undefined]> = [
    ['git checkout -f main', /uncommitted changes/],
    ['git checkout --force main', /uncommitted changes/],
    ['git switch --discard-changes main', /uncommitted changes/],
    ['git checkout main', undefined],
    ['git checkout -b feature', undefined],
    ['git reset --hard HEAD', /all uncommitted changes/],
    ['git reset --soft HEAD~1', undefined],
    ['git clean -fd', /untracked files/],
    ['git push --force origin main', /remote branch/],
    ['git push --force-with-lease origin main', undefined],
    ['git branch -D old', /not merged/],
    ['git branch -d old', undefined],
    ['npm install --force', undefined],
    ['pip install --break-system-packages requests', /system Python/],
    ['uv pip install --break-system-packages requests', /system Python/],
    ['pip install requests', undefined],
  ];
  for (const [cmd, want] of rows) {
    it(`${cmd} → ${want ?? 'nothing'}`, () => {
      const i = readShellCommand(cmd).invocations[0];
      const got = discards(i.program, i.subcommand, i.words);
      if (want) assert.match(got ?? '(nothing)', want);
      else assert.equal(got, undefined);
    });
  }
});
