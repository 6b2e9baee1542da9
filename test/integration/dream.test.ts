// Dreaming and sharing memory in a real extension host: the commands, a dream on recorded sessions, and
// Commit Memory in a git repository created in the scratch workspace (never in the Lucid repository).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lucid-dev.lucid';

/** The shapes the commands return (src/vscode/dreamLauncher.ts, memoryCommitCommand.ts), as far as the tests read them. */
interface DreamOutcome {
  status: string;
  message?: string;
  changed?: boolean;
  reportPath?: string;
  report?: { sessionsRead: number; added: Array<{ id: string; title: string; path: string }> };
}
interface CommitResult {
  committed: boolean;
  reason?: string;
  details?: string;
  sha?: string;
  files?: string[];
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function workspace(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root && root.scheme === 'file', 'a workspace folder on disk is open');
  return root.fsPath;
}

/** One recorded session: `npm test` fails with `vitest: command not found`, `npx vitest run` fixes it. */
function sessionJsonl(day: string, n: number): string {
  const t = (s: number) => `${day}T10:00:0${s}.000Z`;
  const events = [
    { type: 'session_start', t: t(0), seq: 0, v: 1, sessionId: `it-session-${n}`, startedAt: t(0), workspace: workspace(), model: 'test', source: 'lucid', lucidVersion: 'dev' },
    { type: 'user_message', t: t(1), seq: 1, text: 'run the tests' },
    { type: 'tool_call', t: t(2), seq: 2, id: 't0', name: 'bash', input: { command: 'npm test test/a.test.ts' } },
    { type: 'tool_result', t: t(3), seq: 3, id: 't0', name: 'bash', ok: false, exitCode: 127, durationMs: 5, output: '> app@1.0.0 test\n> vitest test/a.test.ts\n\nsh: vitest: command not found\n\n[exit code 127]' },
    { type: 'tool_call', t: t(4), seq: 4, id: 't1', name: 'bash', input: { command: 'npx vitest run test/a.test.ts' } },
    { type: 'tool_result', t: t(5), seq: 5, id: 't1', name: 'bash', ok: true, exitCode: 0, durationMs: 5, output: ' ✓ test/a.test.ts (3 tests) 12ms\n\n[exit code 0]' },
    { type: 'session_end', t: t(6), seq: 6, endedAt: t(6), reason: 'completed' },
  ];
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

describe('Lucid dreams and shares memory', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
  });

  it('registers the dream and sharing commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const wanted = ['lucid.dreamNow', 'lucid.reviewDreamProposal', 'lucid.openDreamReport', 'lucid.importClaudeCode', 'lucid.commitMemory', 'lucid.openMemoryFolder', 'lucid.openMemoryDigest', 'lucid.showLog'];
    assert.deepEqual(wanted.filter((c) => !all.has(c)), []);
  });

  it('Dream Now turns recorded sessions with a recurring failure and its fix into a note', async function () {
    this.timeout(60000);
    // The sessions ran `npm test`: the project has that script (a note citing a missing script is marked stale).
    const pkg = path.join(workspace(), 'package.json');
    fs.writeFileSync(pkg, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkg, 'utf8')), scripts: { test: 'vitest' } }, null, 2));
    const sessions = path.join(workspace(), '.agent-memory', 'sessions');
    fs.mkdirSync(sessions, { recursive: true });
    ['2026-03-01', '2026-03-02', '2026-03-03'].forEach((day, i) => fs.writeFileSync(path.join(sessions, `${day}T100000-itsess0${i}.jsonl`), sessionJsonl(day, i)));

    const outcome = await vscode.commands.executeCommand<DreamOutcome>('lucid.dreamNow');
    assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
    assert.equal(outcome.changed, true);
    assert.equal(outcome.report?.sessionsRead, 3);
    assert.equal(outcome.report?.added.length, 1, JSON.stringify(outcome.report?.added));
    const notePath = path.join(workspace(), outcome.report!.added[0].path);
    assert.match(fs.readFileSync(notePath, 'utf8'), /npx vitest run/);
    assert.ok(outcome.reportPath && fs.existsSync(outcome.reportPath), 'the dream wrote its report');
    assert.match(fs.readFileSync(path.join(workspace(), '.agent-memory', 'MEMORY.md'), 'utf8'), /vitest/i);

    const again = await vscode.commands.executeCommand<DreamOutcome>('lucid.dreamNow');
    assert.equal(again.status, 'done');
    assert.equal(again.report?.sessionsRead, 0, 'incremental: nothing new the second time');

    const opened = await vscode.commands.executeCommand<{ opened?: string }>('lucid.openDreamReport');
    assert.equal(opened.opened, outcome.reportPath);
  });

  describe('Commit Memory in a git repository', () => {
    let ws: string;
    const leaky = () => path.join(ws, '.agent-memory', 'notes', 'deploy-token.md');

    before(function () {
      ws = workspace();
      // Safety: never commit in an enclosing repository (the scratch workspace must not be inside one).
      let enclosing = '';
      try {
        enclosing = git(ws, 'rev-parse', '--show-toplevel');
      } catch {
        /* not a repository: expected */
      }
      if (enclosing && fs.realpathSync(enclosing) !== fs.realpathSync(ws)) this.skip();
      git(ws, 'init', '-q');
      git(ws, 'config', 'user.name', 'Lucid Test');
      git(ws, 'config', 'user.email', 'lucid-test@example.invalid');
      git(ws, 'config', 'commit.gpgsign', 'false');
    });

    after(() => fs.rmSync(leaky(), { force: true }));

    it('commits only the memory files and leaves the user\'s staged change staged', async function () {
      this.timeout(60000);
      if (!fs.existsSync(path.join(ws, '.agent-memory', 'notes'))) await vscode.commands.executeCommand('lucid.openMemoryFolder');
      git(ws, 'add', 'src/index.js');
      const r = await vscode.commands.executeCommand<CommitResult>('lucid.commitMemory');
      assert.equal(r?.committed, true, JSON.stringify(r));
      const files = git(ws, 'show', '--name-only', '--format=', 'HEAD').split('\n').filter(Boolean);
      assert.ok(files.length > 0);
      assert.deepEqual(files.filter((f) => !f.startsWith('.agent-memory/')), [], 'only memory files');
      assert.deepEqual(files.filter((f) => /\/(sessions|\.cache)\//.test(f)), [], 'never sessions or the cache');
      assert.ok(files.includes('.agent-memory/.gitattributes') && !files.includes('.agent-memory/MEMORY.md'), 'the digest is derived: not committed');
      assert.match(git(ws, 'config', '--get', 'merge.lucid-note.driver'), /cli\.js' memory merge-note %O %A %B %P$/, 'the note merge driver is registered');
      assert.equal(git(ws, 'diff', '--cached', '--name-only'), 'src/index.js', 'the unrelated staged file is still staged');
      assert.match(git(ws, 'log', '-1', '--format=%B'), /^Lucid: update memory\n\nDream of .*1 added/);
    });

    it('refuses to commit a note that contains a secret, and creates no commit', async function () {
      this.timeout(60000);
      const head = git(ws, 'rev-parse', 'HEAD');
      fs.writeFileSync(leaky(), `---\nid: deploy-token\nkind: fact\ntitle: Deploying\nstatus: active\nprovenance: human\n---\n\nPush with https://ghp_${'Xy7kQ2mN9pR4sT6vW8zA1bC3dE5fG7hJ0kL2'}@github.com/org/app.git\n`);
      const r = await vscode.commands.executeCommand<CommitResult>('lucid.commitMemory');
      assert.equal(r?.committed, false, JSON.stringify(r));
      assert.equal(r.reason, 'secret-found');
      assert.match(r.details ?? '', /deploy-token\.md line 9 \(github-token\)/);
      assert.equal(git(ws, 'rev-parse', 'HEAD'), head, 'no commit was created');
      assert.doesNotMatch(git(ws, 'diff', '--cached', '--name-only'), /deploy-token/, 'nothing was staged');
    });
  });
});

describe('A dream over thousands of sessions in a real extension host', () => {
  it('reads them in worker threads started from the bundled dist/dreamWorker.js, one per core', async function () {
    this.timeout(180000);
    const ws = workspace();
    const sessions = path.join(ws, '.agent-memory', 'sessions');
    const names: string[] = [];
    for (let n = 0; n < 2100; n++) {
      const day = new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      names.push(`${day}T100000-bulk${String(n).padStart(4, '0')}.jsonl`);
      fs.writeFileSync(path.join(sessions, names[n]), sessionJsonl(day, 1000 + n));
    }
    // The extension's bundle creates its workers through this module's `Worker` when it runs: seen from here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const threads: typeof import('worker_threads') = require('worker_threads');
    const Original = threads.Worker;
    const started: string[] = [];
    (threads as { Worker: unknown }).Worker = class extends Original {
      constructor(script: string | URL, options?: import('worker_threads').WorkerOptions) {
        started.push(String(script));
        super(script, options);
      }
    };
    try {
      const outcome = await vscode.commands.executeCommand<DreamOutcome>('lucid.dreamNow');
      assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
      assert.equal(outcome.report?.sessionsRead, 2100);
      const readers = started.filter((s) => s.endsWith(`${path.sep}dist${path.sep}dreamWorker.js`));
      assert.ok(readers.every((s) => fs.existsSync(s)));
      // One core: the dream's own thread reads (a worker would only add its start-up).
      if ((os.availableParallelism?.() ?? os.cpus().length) > 1) assert.ok(readers.length >= 2, `workers started: ${JSON.stringify(started)}`);
      else assert.deepEqual(readers, []);
    } finally {
      (threads as { Worker: unknown }).Worker = Original;
      for (const n of names) fs.rmSync(path.join(sessions, n), { force: true });
    }
  });
});
