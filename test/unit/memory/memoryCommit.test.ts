// commitMemory with real git in temp repositories: only the shareable memory files, never a secret, never a push.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reportFiles } from '../../../src/core/dream/apply/dreamReport';
import type { DreamReport } from '../../../src/core/dream/dreamTypes';
import { commitMemory, memoryGitStatus } from '../../../src/core/sharing/memoryCommit';
import { ensureMemoryLayout } from '../../../src/core/memory/memoryLayout';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function tempRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-commit-test-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log(1);\n');
  git(dir, 'add', 'app.js');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const write = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

const NOTE = `---
id: vitest-not-on-path-3f2a
kind: build-error
title: "Tests: vitest: command not found"
status: active
provenance: dream
---

Run \`npx vitest run <file>\` instead of \`npm test\`.
`;

const filesOf = (repo: string, rev = 'HEAD') => git(repo, 'show', '--name-only', '--format=', rev).split('\n').filter(Boolean).sort();
const commitCount = (repo: string) => Number(git(repo, 'rev-list', '--count', 'HEAD'));

describe('commitMemory', () => {
  let repo: string;
  beforeEach(() => (repo = tempRepo()));
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('commits only the shareable memory files; the user\'s staged change stays staged and uncommitted', async () => {
    await ensureMemoryLayout(repo);
    write(repo, '.agent-memory/notes/vitest-not-on-path-3f2a.md', NOTE);
    write(repo, '.agent-memory/MEMORY.md', '# Memory\n\n- vitest: use npx\n');
    write(repo, '.agent-memory/sessions/2026-03-01T100000-abcd1234.jsonl', '{"type":"session_start"}\n');
    write(repo, '.agent-memory/.cache/dream-state.json', '{}\n');
    write(repo, '.agent-memory/stray.txt', 'not shareable\n');
    write(repo, 'app.js', 'console.log(2);\n');
    git(repo, 'add', 'app.js');
    write(repo, 'notes.txt', 'untracked\n');

    const status = await memoryGitStatus(repo);
    assert.equal(status.available, true);
    assert.deepEqual(status.changedMemoryFiles.sort(), ['.agent-memory/.gitattributes', '.agent-memory/.gitignore', '.agent-memory/README.md', '.agent-memory/notes/vitest-not-on-path-3f2a.md']);

    const r = await commitMemory(repo);
    assert.equal(r.committed, true, JSON.stringify(r));
    assert.ok(r.committed);
    assert.equal(r.sha, git(repo, 'rev-parse', 'HEAD'));
    const expected = ['.agent-memory/.gitattributes', '.agent-memory/.gitignore', '.agent-memory/README.md', '.agent-memory/notes/vitest-not-on-path-3f2a.md'];
    assert.deepEqual(filesOf(repo), expected);
    assert.deepEqual(r.files, expected);
    assert.equal(git(repo, 'diff', '--cached', '--name-only'), 'app.js', 'the unrelated staged change is still staged');
    assert.equal(git(repo, 'show', 'HEAD:app.js'), 'console.log(1);', 'and not committed');
    assert.match(git(repo, 'status', '--porcelain'), /\?\? notes\.txt/);
    assert.match(git(repo, 'log', '-1', '--format=%s'), /^Lucid: update memory$/);
    assert.deepEqual((await memoryGitStatus(repo)).changedMemoryFiles, []);
  });

  it('never commits a session file, even one the user staged or forced into the index', async () => {
    await ensureMemoryLayout(repo);
    write(repo, '.agent-memory/sessions/2026-03-01T100000-abcd1234.jsonl', '{"type":"session_start"}\n');
    git(repo, 'add', '-f', '.agent-memory/sessions');
    write(repo, '.agent-memory/notes/a.md', NOTE);
    const r = await commitMemory(repo);
    assert.ok(r.committed);
    assert.ok(!filesOf(repo).some((f) => f.includes('sessions/')), filesOf(repo).join(', '));
    assert.match(git(repo, 'diff', '--cached', '--name-only'), /sessions\/2026-03-01T100000-abcd1234\.jsonl/, 'still staged, as the user left it');
  });

  it('commits deletions and edits of notes, and works from a workspace in a subfolder of the repository', async () => {
    const ws = path.join(repo, 'packages', 'web');
    await ensureMemoryLayout(ws);
    write(ws, '.agent-memory/notes/a.md', NOTE);
    write(ws, '.agent-memory/notes/b.md', NOTE.replace('3f2a', 'bbbb'));
    assert.ok((await commitMemory(ws)).committed);
    fs.rmSync(path.join(ws, '.agent-memory/notes/b.md'));
    write(ws, '.agent-memory/notes/a.md', NOTE.replace('instead of', 'rather than'));
    const r = await commitMemory(ws);
    assert.ok(r.committed, JSON.stringify(r));
    assert.deepEqual(r.files, ['packages/web/.agent-memory/notes/a.md', 'packages/web/.agent-memory/notes/b.md']);
    assert.deepEqual(git(repo, 'show', '--name-status', '--format=', 'HEAD').split('\n').sort(), ['D\tpackages/web/.agent-memory/notes/b.md', 'M\tpackages/web/.agent-memory/notes/a.md']);
  });

  it('refuses when a note contains a secret, says which file and what kind, and commits nothing', async () => {
    await ensureMemoryLayout(repo);
    const token = `ghp_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'}`;
    write(repo, '.agent-memory/notes/clean.md', NOTE);
    write(repo, '.agent-memory/notes/leaky.md', `${NOTE}\nClone with https://${token}@github.com/org/repo.git\n`);
    const before = commitCount(repo);
    const r = await commitMemory(repo);
    assert.equal(r.committed, false);
    assert.ok(!r.committed);
    assert.equal(r.reason, 'secret-found');
    assert.match(r.details, /\.agent-memory\/notes\/leaky\.md line 11 \(github-token\)/);
    assert.match(r.details, /Nothing was committed/);
    assert.ok(!r.details.includes(token), 'the message never repeats the secret');
    assert.equal(commitCount(repo), before);
    assert.equal(git(repo, 'diff', '--cached', '--name-only'), '', 'nothing was staged either');
  });

  it('says when the workspace is not a git repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-norepo-'));
    try {
      await ensureMemoryLayout(dir);
      write(dir, '.agent-memory/notes/a.md', NOTE);
      const r = await commitMemory(dir);
      assert.ok(!r.committed);
      assert.equal(r.reason, 'not-a-repo');
      assert.match(r.details, /not inside a git repository/);
      const status = await memoryGitStatus(dir);
      assert.equal(status.available, false);
      assert.equal(status.reason, 'not-a-repo');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has nothing to commit when the memory files are unchanged', async () => {
    const r1 = await commitMemory(repo);
    assert.ok(!r1.committed);
    assert.equal(r1.reason, 'nothing-to-commit');
    await ensureMemoryLayout(repo);
    assert.ok((await commitMemory(repo)).committed);
    const r2 = await commitMemory(repo);
    assert.ok(!r2.committed);
    assert.equal(r2.reason, 'nothing-to-commit');
  });

  it('says so when the repository ignores the memory folder', async () => {
    write(repo, '.gitignore', '.agent-memory/\n');
    await ensureMemoryLayout(repo);
    write(repo, '.agent-memory/notes/a.md', NOTE);
    const r = await commitMemory(repo);
    assert.ok(!r.committed);
    assert.equal(r.reason, 'nothing-to-commit');
    assert.match(r.details, /the repository ignores \.agent-memory\/notes/);
  });

  it('summarises the last dream in the message: counts and titles', async () => {
    const paths = await ensureMemoryLayout(repo);
    write(repo, '.agent-memory/notes/a.md', NOTE);
    const ref = (id: string, title: string) => ({ id, title, path: `.agent-memory/notes/${id}.md`, reason: 'seen twice' });
    const report: DreamReport = {
      startedAt: '2026-03-02T10:00:00.000Z', finishedAt: '2026-03-02T10:00:01.000Z', sessionsRead: 3, eventsRead: 20,
      episodes: { failures: 2, resolved: 2, noise: 0, corrections: 0 }, mode: 'apply', model: { asked: false },
      added: [ref('a', 'Tests: vitest: command not found')], updated: [ref('b', 'git checkout fails on a dirty tree')],
      merged: [{ ...ref('c', 'Use npm ci'), from: ['d'] }], staled: [], retired: [], proposed: [], digestTokens: 100, problems: [],
    };
    const older = { ...report, startedAt: '2026-03-01T10:00:00.000Z', added: [ref('z', 'An older dream')] };
    for (const r of [older, report]) write(paths.root, reportFiles(r.startedAt).json, JSON.stringify(r));
    const r = await commitMemory(repo);
    assert.ok(r.committed);
    const message = git(repo, 'log', '-1', '--format=%B');
    assert.match(message, /^Lucid: update memory\n\n/);
    assert.match(message, /1 added, 1 updated, 1 merged, 0 marked stale/);
    assert.match(message, /Added:\n- Tests: vitest: command not found/);
    assert.match(message, /Updated:\n- git checkout fails on a dirty tree/);
    assert.match(message, /Merged:\n- Use npm ci \(merged d\)/);
    assert.doesNotMatch(message, /An older dream/);
    assert.equal(r.message.trim(), message.trim());
  });

  it('uses the message it is given', async () => {
    await ensureMemoryLayout(repo);
    const r = await commitMemory(repo, { message: 'docs(memory): share notes' });
    assert.ok(r.committed);
    assert.equal(git(repo, 'log', '-1', '--format=%B'), 'docs(memory): share notes');
  });

  it('never pushes', async () => {
    const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-remote-'));
    try {
      git(remote, 'init', '-q', '--bare');
      git(repo, 'remote', 'add', 'origin', remote);
      git(repo, 'push', '-q', 'origin', 'main');
      await ensureMemoryLayout(repo);
      assert.ok((await commitMemory(repo)).committed);
      assert.notEqual(git(remote, 'rev-parse', 'main'), git(repo, 'rev-parse', 'HEAD'));
    } finally {
      fs.rmSync(remote, { recursive: true, force: true });
    }
  });

  it('works in a repository without any commit yet', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-commit-fresh-'));
    try {
      git(fresh, 'init', '-q', '-b', 'main');
      git(fresh, 'config', 'user.name', 'Test');
      git(fresh, 'config', 'user.email', 'test@example.invalid');
      await ensureMemoryLayout(fresh);
      write(fresh, '.agent-memory/notes/a.md', NOTE);
      const r = await commitMemory(fresh);
      assert.ok(r.committed, JSON.stringify(r));
      assert.deepEqual(filesOf(fresh), ['.agent-memory/.gitattributes', '.agent-memory/.gitignore', '.agent-memory/README.md', '.agent-memory/notes/a.md']);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('takes a MEMORY.md an older Lucid committed out of git (the file stays), in the same commit as the notes', async () => {
    await ensureMemoryLayout(repo);
    write(repo, '.agent-memory/MEMORY.md', '# Memory\n');
    git(repo, 'add', '-f', '.agent-memory/MEMORY.md');
    git(repo, 'commit', '-q', '-m', 'old lucid');
    write(repo, '.agent-memory/MEMORY.md', '# Memory\n\n- newer\n');
    write(repo, '.agent-memory/notes/a.md', NOTE);
    const r = await commitMemory(repo);
    assert.ok(r.committed, JSON.stringify(r));
    assert.ok(r.files.includes('.agent-memory/MEMORY.md'));
    assert.match(git(repo, 'show', '--name-status', '--format=', 'HEAD'), /^D\t\.agent-memory\/MEMORY\.md$/m);
    assert.equal(git(repo, 'ls-files', '.agent-memory/MEMORY.md'), '', 'no longer tracked');
    assert.equal(fs.readFileSync(path.join(repo, '.agent-memory/MEMORY.md'), 'utf8'), '# Memory\n\n- newer\n', 'the file on disk stays');
    assert.equal(git(repo, 'status', '--porcelain', '--', '.agent-memory'), '', 'nothing left over');
  });
});
