import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { claudeCodeProjectDir, importClaudeCode } from '../../../src/core/import/claudeCodeImport';
import { readSession } from '../../../src/core/sessions/sessionReader';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import { DATA_DIR, fastRedactor, PROJECT_CWD, PROJECT_NAME, requireData, SESSIONS, sourceFile, sourceLines, tempDir } from './claudeCodeData';

const KEY = `sk-ant-api03-${'Zq7'.repeat(31)}AA`;

type ToolResult = Extract<ReadEvent, { type: 'tool_result' }>;
type ToolCall = Extract<ReadEvent, { type: 'tool_call' }>;

const sessionFiles = (ws: string) => fs.readdirSync(path.join(ws, '.agent-memory', 'sessions')).sort();

describe('lucid import claude-code (core)', function () {
  this.timeout(120_000);
  const cleanup: string[] = [];
  const temp = (prefix: string) => {
    const d = tempDir(prefix);
    cleanup.push(d);
    return d;
  };
  before(requireData);
  after(() => cleanup.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('the three real sessions', () => {
    let ws: string;
    let first: Awaited<ReturnType<typeof importClaudeCode>>;
    before(async () => {
      ws = temp('lucid-import-');
      first = await importClaudeCode({ from: DATA_DIR, workspaceRoot: ws, redactor: fastRedactor() });
    });

    it('imports 3 sessions, named by their original start time and id', () => {
      assert.deepEqual(first.problems, []);
      assert.deepEqual(first.failed, []);
      assert.equal(first.imported.length, 3);
      assert.deepEqual(sessionFiles(ws), [
        '2025-08-06T201147-f89f86a1.jsonl',
        '2025-08-06T204809-9fa9888f.jsonl',
        '2025-08-07T012155-278a2245.jsonl',
      ]);
      assert.ok(fs.existsSync(path.join(ws, '.agent-memory', '.cache', 'imports.json')));
      assert.deepEqual(fs.readdirSync(path.join(ws, '.agent-memory', '.cache')), ['imports.json'], 'no temp files left');
    });

    it('each file reads back without problems, with the original times and source claude-code-import', async () => {
      for (const s of first.imported) {
        const read = await readSession(s.file);
        assert.deepEqual(read.problems, [], s.file);
        assert.equal(read.header?.sessionId, s.sessionId);
        assert.equal(read.header?.source, 'claude-code-import');
        assert.equal(read.header?.workspace, '~/GDrive/Projects/attio-mcp-server');
        assert.equal(read.events.length, s.events + 1, 'the events and session_end');
        assert.equal(read.events[read.events.length - 1].type, 'session_end');
        assert.ok(read.events.every((e) => e.type !== 'unknown'));
        assert.ok(read.events.every((e) => (e.t ?? '').startsWith('2025-08-0')), 'original timestamps');
      }
    });

    it('the npm test failure (vitest: command not found) is followed by a successful npx vitest run', async () => {
      const file = first.imported.find((s) => s.sessionId === SESSIONS.fixes)!.file;
      const { events } = await readSession(file);
      const calls = events.filter((e): e is ToolCall => e.type === 'tool_call');
      const resultOf = (c: ToolCall) => events.find((e): e is ToolResult => e.type === 'tool_result' && e.id === c.id);
      const cmd = (c: ToolCall) => (c.input as { command?: string }).command ?? '';
      const failing = calls.find((c) => c.name === 'Bash' && cmd(c) === 'npm test test/config/deal-defaults.test.ts 2>&1');
      assert.ok(failing);
      const failed = resultOf(failing)!;
      assert.equal(failed.ok, false);
      assert.match(failed.output, /sh: vitest: command not found/);
      const fix = calls.find((c) => c.seq > failed.seq && /^npx vitest run test\/config\/deal-defaults\.test\.ts/.test(cmd(c)));
      assert.ok(fix, 'a later npx vitest run');
      assert.equal(resultOf(fix)?.ok, true);
    });

    it('the git checkout main failure is there with ok=false', async () => {
      const { events } = await readSession(first.imported.find((s) => s.sessionId === SESSIONS.checkout)!.file);
      const failures = events.filter((e): e is ToolResult => e.type === 'tool_result' && !e.ok && /would be overwritten by checkout/.test(e.output));
      assert.ok(failures.length >= 2);
      const call = events.find((e): e is ToolCall => e.type === 'tool_call' && e.id === failures[0].id);
      assert.match((call?.input as { command: string }).command, /^git checkout main/);
    });

    it('running it again imports nothing and touches no file', async () => {
      const mtimes = sessionFiles(ws).map((n) => fs.statSync(path.join(ws, '.agent-memory', 'sessions', n)).mtimeMs);
      const again = await importClaudeCode({ from: DATA_DIR, workspaceRoot: ws, redactor: fastRedactor() });
      assert.equal(again.imported.length, 0);
      assert.deepEqual(again.skipped.map((s) => s.reason), ['already imported', 'already imported', 'already imported']);
      assert.deepEqual(sessionFiles(ws).map((n) => fs.statSync(path.join(ws, '.agent-memory', 'sessions', n)).mtimeMs), mtimes);
    });

    it('without the manifest, the sessions are still recognised (by id and content)', async () => {
      fs.rmSync(path.join(ws, '.agent-memory', '.cache', 'imports.json'));
      const again = await importClaudeCode({ from: sourceFile(SESSIONS.fixes), workspaceRoot: ws, redactor: fastRedactor() });
      assert.equal(again.imported.length, 0);
      assert.deepEqual(again.skipped, [{ sessionId: SESSIONS.fixes, source: sourceFile(SESSIONS.fixes), reason: 'already imported' }]);
      assert.equal(sessionFiles(ws).length, 3);
    });
  });

  it('a source that grew is imported again into the same file, with more events', async () => {
    const ws = temp('lucid-import-grow-');
    const src = path.join(temp('lucid-cc-src-'), `${SESSIONS.fixes}.jsonl`);
    const lines = sourceLines(SESSIONS.fixes);
    fs.writeFileSync(src, lines.slice(0, 200).join('\n') + '\n');
    const one = await importClaudeCode({ from: src, workspaceRoot: ws, redactor: fastRedactor() });
    assert.equal(one.imported.length, 1);
    const before = one.imported[0];

    fs.writeFileSync(src, lines.join('\n') + '\n'); // Claude Code appended the rest
    const two = await importClaudeCode({ from: src, workspaceRoot: ws, redactor: fastRedactor() });
    assert.equal(two.imported.length, 1);
    const after = two.imported[0];
    assert.equal(after.replaced, true);
    assert.equal(after.file, before.file);
    assert.ok(after.events > before.events, `${after.events} > ${before.events}`);
    assert.deepEqual(sessionFiles(ws), [path.basename(before.file)]);
    const read = await readSession(after.file);
    assert.deepEqual(read.problems, []);
    assert.equal(read.events.length, after.events + 1);
  });

  it('tolerates a truncated last line in a source (reported, not fatal)', async () => {
    const ws = temp('lucid-import-trunc-');
    const src = path.join(temp('lucid-cc-src-'), `${SESSIONS.small}.jsonl`);
    const lines = sourceLines(SESSIONS.small);
    const last = lines[lines.length - 1];
    fs.writeFileSync(src, [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))].join('\n'));
    const r = await importClaudeCode({ from: src, workspaceRoot: ws, redactor: fastRedactor() });
    assert.equal(r.imported.length, 1);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], new RegExp(`${SESSIONS.small}\\.jsonl line ${lines.length}: truncated last line`));
    assert.deepEqual((await readSession(r.imported[0].file)).problems, []);
  });

  it('the default folder: the workspace path with every non-alphanumeric character as "-"', async () => {
    assert.equal(path.basename(claudeCodeProjectDir(PROJECT_CWD, '/home/someone')), PROJECT_NAME);
    assert.equal(claudeCodeProjectDir(PROJECT_CWD, '/home/someone'), path.join('/home/someone', '.claude', 'projects', PROJECT_NAME));

    const home = temp('lucid-home-');
    const ws = temp('lucid-ws.with_odd chars-');
    const missing = claudeCodeProjectDir(ws, home);
    await assert.rejects(importClaudeCode({ workspaceRoot: ws, home, redactor: fastRedactor() }), (e: Error) => e.message.includes(missing));

    fs.mkdirSync(missing, { recursive: true });
    assert.match(path.basename(missing), /^[A-Za-z0-9-]+$/);
    fs.copyFileSync(sourceFile(SESSIONS.small), path.join(missing, `${SESSIONS.small}.jsonl`));
    const r = await importClaudeCode({ workspaceRoot: ws, home, redactor: fastRedactor() });
    assert.equal(r.from, missing);
    assert.deepEqual(r.imported.map((s) => s.sessionId), [SESSIONS.small]);
  });

  it('writes no secret: a key planted in a transcript never reaches the session file (default redactor)', async () => {
    const ws = temp('lucid-import-secret-');
    const src = path.join(temp('lucid-cc-src-'), `${SESSIONS.small}.jsonl`);
    const lines = sourceLines(SESSIONS.small).map((l) => l.replace('what do you think?', `what do you think? ANTHROPIC_API_KEY=${KEY} and ${KEY}`));
    assert.ok(lines.some((l) => l.includes(KEY)), 'the key was planted');
    fs.writeFileSync(src, lines.join('\n') + '\n');
    const r = await importClaudeCode({ from: src, workspaceRoot: ws }); // the real redactor, secretlint included
    assert.equal(r.imported.length, 1);
    const bytes = fs.readFileSync(r.imported[0].file, 'utf8');
    assert.ok(!bytes.includes(KEY) && !bytes.includes(KEY.slice(14, 40)), 'no trace of the key');
    assert.match(bytes, /\[REDACTED:[a-z-]+\]/);
  });

  it('writes no secret from a Bash output or a tool input either', async () => {
    const ws = temp('lucid-import-secret2-');
    const src = path.join(temp('lucid-cc-src-'), `${SESSIONS.fixes}.jsonl`);
    const lines = sourceLines(SESSIONS.fixes).map((l) => l.replace(/"git status"/g, `"git status # ${KEY}"`).replace(/On branch /g, `On branch ${KEY} `));
    assert.ok(lines.filter((l) => l.includes(KEY)).length >= 2);
    fs.writeFileSync(src, lines.join('\n') + '\n');
    const r = await importClaudeCode({ from: src, workspaceRoot: ws, redactor: fastRedactor() });
    assert.ok(!fs.readFileSync(r.imported[0].file, 'utf8').includes(KEY));
  });

  it('an empty transcript is skipped as empty; a missing --from is an error', async () => {
    const ws = temp('lucid-import-empty-');
    const src = path.join(temp('lucid-cc-src-'), 'only-noise.jsonl');
    fs.writeFileSync(src, JSON.stringify({ type: 'summary', summary: 'x', leafUuid: 'y' }) + '\n');
    const r = await importClaudeCode({ from: src, workspaceRoot: ws, redactor: fastRedactor() });
    assert.deepEqual(r.skipped.map((s) => s.reason), ['empty']);
    assert.deepEqual(sessionFiles(ws), []);
    await assert.rejects(importClaudeCode({ from: path.join(ws, 'nope'), workspaceRoot: ws }), /nope does not exist/);
  });
});
