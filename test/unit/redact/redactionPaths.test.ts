// The redaction gate "by any path": the secret corpus goes in through every way text reaches disk, git or the
// terminal (a recorded session, the memory tool's create / str_replace / insert, a dream's notes and report, the
// digest, a malformed note's problem in the report and on stderr, a commit), then every file under the workspace
// and every git object is searched for every secret verbatim. The only files allowed to hold one are those this
// test planted itself, as a person (or another tool) would.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { runMemoryCommand } from '../../../src/core/memory/memoryTool';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { SessionRecorder } from '../../../src/core/sessions/sessionRecorder';
import { commitMemory } from '../../../src/core/sharing/memoryCommit';
import { SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

/**
 * What must not appear: every value of the corpus, each line of a multi-line one (no line of a private key may
 * survive), and every 24-character window of a long one (a secret cut short, say in a hint or an error message
 * that truncates, is still a leak).
 */
function needles(value: string): string[] {
  const out = [value, ...value.split('\n').filter((l) => l.length >= 16)];
  for (const line of value.split('\n')) for (let i = 0; i + 24 <= line.length; i += 8) out.push(line.slice(i, i + 24));
  return out;
}
const NEEDLES = new Map(SECRET_FORMATS.map((f) => [f.name, needles(f.value)]));
const ALL_TEXTS = SECRET_FORMATS.map((f) => f.text).join('\n');

function leaksIn(text: string): string[] {
  return SECRET_FORMATS.filter((f) => NEEDLES.get(f.name)!.some((n) => text.includes(n))).map((f) => f.name);
}

function filesUnder(dir: string, skip: (rel: string) => boolean, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (skip(r)) continue;
    if (e.isDirectory()) out.push(...filesUnder(dir, skip, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

async function recordSecretSession(ws: string): Promise<void> {
  let tick = 0;
  const rec = await SessionRecorder.create({
    sessionsDir: memoryPaths(ws).sessions,
    redactor: createRedactor(),
    start: { workspace: ws, model: 'test', lucidVersion: 'dev' },
    now: () => new Date(Date.parse('2026-03-01T10:00:00Z') + tick++),
    onError: (e) => {
      throw e;
    },
  });
  await rec.record({ type: 'user_message', text: `deploy with these:\n${ALL_TEXTS}` });
  SECRET_FORMATS.forEach((f, i) => {
    void rec.record({ type: 'tool_call', id: `s${i}`, name: 'bash', input: { command: f.text } });
    void rec.record({ type: 'tool_result', id: `s${i}`, name: 'bash', ok: true, exitCode: 0, durationMs: 1, output: `${f.text}\n\n[exit code 0]` });
  });
  await rec.close('completed');
}

/** A session as another tool might leave it: not redacted. A failure with secrets in its command and output, then a fix. */
function plantRawSession(ws: string): string {
  const file = path.join(memoryPaths(ws).sessions, '2026-03-02T090000-raw0.jsonl');
  const secretEnv = SECRET_FORMATS.filter((f) => !f.value.includes('\n')).slice(0, 12).map((f) => `X${f.value.length}=${f.value}`).join(' ');
  const line = (o: object) => `${JSON.stringify(o)}\n`;
  const events = [
    { type: 'session_start', t: '2026-03-02T09:00:00.000Z', seq: 0, v: 1, sessionId: 'raw0', startedAt: '2026-03-02T09:00:00.000Z', workspace: '~/app', model: 'test', lucidVersion: 'dev', source: 'lucid' },
    { type: 'user_message', t: '2026-03-02T09:00:00.001Z', seq: 1, text: 'run the tests' },
    { type: 'tool_call', t: '2026-03-02T09:00:00.002Z', seq: 2, id: 'a', name: 'bash', input: { command: `${secretEnv} npm test test/a.test.ts` } },
    { type: 'tool_result', t: '2026-03-02T09:00:00.003Z', seq: 3, id: 'a', name: 'bash', ok: false, exitCode: 127, durationMs: 5, output: `> vitest test/a.test.ts\n${ALL_TEXTS}\nsh: vitest: command not found\n\n[exit code 127]` },
    { type: 'tool_call', t: '2026-03-02T09:00:00.004Z', seq: 4, id: 'b', name: 'bash', input: { command: `${secretEnv} npx vitest run test/a.test.ts` } },
    { type: 'tool_result', t: '2026-03-02T09:00:00.005Z', seq: 5, id: 'b', name: 'bash', ok: true, exitCode: 0, durationMs: 5, output: ' ✓ test/a.test.ts (3 tests) 12ms\n\n[exit code 0]' },
    { type: 'session_end', t: '2026-03-02T09:00:00.006Z', seq: 6, endedAt: '2026-03-02T09:00:00.006Z', reason: 'completed' },
  ];
  fs.writeFileSync(file, events.map(line).join(''));
  return path.relative(ws, file).split(path.sep).join('/');
}

describe('the redaction gate, by every path', function () {
  this.timeout(120_000);
  let ws: string;
  const planted = new Set<string>();
  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-gate-test-'));
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'config', 'user.name', 'Test');
    git(ws, 'config', 'user.email', 'test@example.invalid');
    git(ws, 'config', 'commit.gpgsign', 'false');
    fs.writeFileSync(path.join(ws, 'app.js'), 'console.log(1);\n');
    git(ws, 'add', 'app.js');
    git(ws, 'commit', '-q', '-m', 'initial');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('a recorded session keeps no secret', async () => {
    await recordSecretSession(ws);
    const [file] = fs.readdirSync(memoryPaths(ws).sessions);
    assert.deepEqual(leaksIn(fs.readFileSync(path.join(memoryPaths(ws).sessions, file), 'utf8')), []);
  });

  it('the memory tool writes no secret: create, str_replace, insert', async () => {
    const store = await MemoryStore.open(ws);
    const first = SECRET_FORMATS[0].value;
    await runMemoryCommand(store, { command: 'create', path: '/memories/deploy.md', file_text: `# Deploy with ${first}\n\n${ALL_TEXTS}\n` });
    await runMemoryCommand(store, { command: 'create', path: '/memories/replaced.md', file_text: '# Release steps\n\nPLACEHOLDER\n' });
    const replaced = await runMemoryCommand(store, { command: 'view', path: '/memories/replaced.md' });
    assert.match(replaced, /PLACEHOLDER/);
    await runMemoryCommand(store, { command: 'str_replace', path: '/memories/replaced.md', old_str: 'PLACEHOLDER', new_str: ALL_TEXTS });
    await runMemoryCommand(store, { command: 'create', path: '/memories/inserted.md', file_text: '# Staging access\n\nFirst line.\n' });
    const lines = fs.readFileSync(path.join(memoryPaths(ws).notes, 'inserted.md'), 'utf8').trimEnd().split('\n').length;
    await runMemoryCommand(store, { command: 'insert', path: '/memories/inserted.md', insert_line: lines, insert_text: ALL_TEXTS });
    for (const f of ['deploy.md', 'replaced.md', 'inserted.md']) {
      const text = fs.readFileSync(path.join(memoryPaths(ws).notes, f), 'utf8');
      assert.match(text, /\[REDACTED:/, `${f} went through the gate`);
      assert.deepEqual(leaksIn(text), [], f);
    }
    // The notes stay Lucid's: the fingerprint covers the redacted text, so a later edit is not refused as a person's.
    await runMemoryCommand(store, { command: 'str_replace', path: '/memories/inserted.md', old_str: 'First line.', new_str: 'The first line.' });
  });

  it('a dream over an unredacted transcript writes no secret into notes, its report or the digest', async () => {
    planted.add(plantRawSession(ws));
    const r = await runDream({ workspaceRoot: ws, now: () => new Date('2026-03-03T08:00:00Z') });
    assert.ok(r.changed, 'the dream wrote something');
    assert.ok(r.report.added.length >= 1, `a note from the failure and its fix: ${JSON.stringify(r.report)}`);
    const added = fs.readFileSync(path.join(memoryPaths(ws).notes, r.report.added[0].path.split('/notes/')[1]), 'utf8');
    assert.match(added, /\[REDACTED:/, `the note quotes the redacted command or output:\n${added}`);
    for (const rel of filesUnder(ws, (p) => p === '.git' || planted.has(p))) {
      assert.deepEqual(leaksIn(fs.readFileSync(path.join(ws, rel), 'utf8')), [], rel);
    }
  });

  it('a commit holds no secret in any git object', async () => {
    const r = await commitMemory(ws);
    assert.ok(r.committed, JSON.stringify(r));
    assert.deepEqual(leaksIn(git(ws, 'cat-file', '--batch-all-objects', '--batch')), []);
  });

  it("a person's note with a secret, and a malformed one: not in the digest, the report, stderr or a commit", async () => {
    const notes = memoryPaths(ws).notes;
    const secret = SECRET_FORMATS.find((f) => f.name === 'GitHub classic PAT')!.value;
    const other = SECRET_FORMATS.find((f) => f.name === 'Stripe live secret key')!.value;
    fs.writeFileSync(path.join(notes, 'human.md'), `---\nid: staging-token\nkind: fact\ntitle: "Staging uses ${secret}"\nstatus: active\nprovenance: human\n---\n\nThe token is ${secret}.\n`);
    fs.writeFileSync(path.join(notes, 'broken.md'), `---\nid: broken-note\nkind: ${other}\ntitle: "unclosed ${secret}\nstatus: [${other}\n---\n\nx\n`);
    fs.writeFileSync(path.join(notes, 'badkind.md'), `---\nid: bad-kind\nkind: ${other}\ntitle: Bad kind\n---\n\nx\n`);
    planted.add('.agent-memory/notes/human.md').add('.agent-memory/notes/broken.md').add('.agent-memory/notes/badkind.md');

    const dream = await runDream({ workspaceRoot: ws, now: () => new Date('2026-03-04T08:00:00Z') });
    assert.ok(dream.report.problems.length >= 2, JSON.stringify(dream.report.problems));
    assert.deepEqual(leaksIn(JSON.stringify(dream.report)), []);
    await (await MemoryStore.open(ws)).writeDigest(2000);
    const digest = fs.readFileSync(path.join(ws, '.agent-memory', 'MEMORY.md'), 'utf8');
    assert.match(digest, /Staging uses \[REDACTED:github-token\]/);

    const cli = spawnSync(process.execPath, [CLI, 'memory', 'list', '-w', ws], { encoding: 'utf8' });
    assert.match(cli.stderr, /skipped \.agent-memory\/notes\/broken\.md/);
    assert.deepEqual(leaksIn(cli.stderr + cli.stdout), [], cli.stderr);

    const refused = await commitMemory(ws);
    assert.equal(refused.committed, false);
    assert.equal(!refused.committed && refused.reason, 'secret-found');
    assert.deepEqual(leaksIn(JSON.stringify(refused)), []);
    assert.deepEqual(leaksIn(git(ws, 'cat-file', '--batch-all-objects', '--batch')), []);
  });

  it('zero secrets on disk: every file Lucid wrote under the workspace', () => {
    const files = filesUnder(ws, (p) => p === '.git' || planted.has(p));
    assert.ok(files.some((f) => f.startsWith('.agent-memory/.cache/dreams/')), 'dream reports are among them');
    assert.ok(files.includes('.agent-memory/MEMORY.md'));
    const leaks = files.flatMap((rel) => leaksIn(fs.readFileSync(path.join(ws, rel), 'utf8')).map((n) => `${rel}: ${n}`));
    assert.deepEqual(leaks, []);
  });
});
