// Sharing memory through git: commit the shareable memory files, and only them, after a secret scan.
//
// Shareable: `.agent-memory/notes/**`, `README.md`, `.gitignore`, `.gitattributes`. Never sessions, `.cache/`, the
// derived `MEMORY.md` (taken out of the index if an older Lucid committed it) or
// anything else in the repository. The commit names its paths (`git commit -- <paths>`, i.e. `--only`), so
// whatever else the user has staged stays staged and out of the commit. Every file about to be committed is
// scanned for secrets first; one finding and nothing is committed. Never pushes. The workspace may be a
// subfolder of the repository.
import { execFile } from 'child_process';
import * as fs from 'fs/promises';
import { promisify } from 'util';
import * as path from 'path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { commitBody, DEFAULT_COMMIT_SUBJECT, latestAppliedReport } from './commitMessage';
import type { Redactor } from '../redact/secretRedactor';
import { gateRedactor } from '../redact/secretlintGate';
import { assertRealMemoryFolders, MEMORY_DIR, memoryPaths } from '../memory/memoryLayout';
import { recoverTransactions } from '../memory/memoryTransaction';
import { mergeDriverCommand, refreshMergeDriver, registerMergeDriver } from './mergeSetup';
import { withMemoryLock } from '../memory/memoryLock';

const execFileAsync = promisify(execFile);

/** The shareable memory paths, relative to the workspace. */
export const SHAREABLE_MEMORY_PATHS = ['notes', 'README.md', '.gitignore', '.gitattributes'].map((p) => `${MEMORY_DIR}/${p}`);

export type CommitRefusal = 'not-a-repo' | 'no-git' | 'nothing-to-commit' | 'secret-found';

export interface SecretInFile {
  /** Path relative to the repository root. */
  file: string;
  /** The same file, absolute. */
  absolutePath: string;
  line: number;
  kind: string;
}

export type CommitMemoryResult =
  | { committed: true; sha: string; files: string[]; message: string }
  | { committed: false; reason: CommitRefusal; details: string; secrets?: SecretInFile[] };

export interface CommitMemoryOptions {
  /** The whole commit message; default `Lucid: update memory` and a summary of the last dream. */
  message?: string;
  redactor?: Pick<Redactor, 'findSecrets'>;
  /** How git can start Lucid's command line (e.g. `[node, cli.js]`): registers the note merge driver in this clone. */
  mergeDriverCli?: readonly string[];
}

export interface MemoryGitStatus {
  available: boolean;
  reason?: 'not-a-repo' | 'no-git';
  details?: string;
  /** Shareable memory files with changes (staged, unstaged or new), relative to the repository root. */
  changedMemoryFiles: string[];
}

type Repo = { ok: true; git: SimpleGit; top: string } | { ok: false; reason: 'not-a-repo' | 'no-git'; details: string };

async function openRepo(workspaceRoot: string): Promise<Repo> {
  const git = simpleGit({ baseDir: path.resolve(workspaceRoot), maxConcurrentProcesses: 1 });
  const version = await git.version().catch(() => undefined);
  if (!version?.installed) {
    return { ok: false, reason: 'no-git', details: 'git was not found on the PATH: sharing memory through git is unavailable (everything else works).' };
  }
  let top: string;
  try {
    top = (await git.revparse(['--show-toplevel'])).trim();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/not a git repository/i.test(message)) {
      return { ok: false, reason: 'not-a-repo', details: `${workspaceRoot} is not inside a git repository: sharing memory through git is unavailable (everything else works).` };
    }
    throw err;
  }
  return { ok: true, git: simpleGit({ baseDir: top, maxConcurrentProcesses: 1 }), top };
}

/** Changed shareable files, relative to the repository root (from `git status --porcelain -z`). */
async function changedMemoryFiles(repo: { git: SimpleGit; top: string }, workspaceRoot: string): Promise<Array<{ file: string; deleted: boolean }>> {
  const real = await fs.realpath(path.resolve(workspaceRoot)).catch(() => path.resolve(workspaceRoot));
  const rel = path.relative(repo.top, real).split(path.sep).join('/');
  const specs = SHAREABLE_MEMORY_PATHS.map((p) => (rel ? `${rel}/${p}` : p));
  const out = await repo.git.raw(['--literal-pathspecs', '-c', 'core.quotepath=off', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...specs]);
  const entries = out.split('\0');
  const files: Array<{ file: string; deleted: boolean }> = [];
  const inScope = (f: string) => specs.some((s) => f === s || f.startsWith(`${s}/`));
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.length < 4) continue;
    const xy = e.slice(0, 2);
    const file = e.slice(3);
    if (xy[0] === 'R' || xy[0] === 'C') {
      const from = entries[++i];
      if (xy[0] === 'R' && from && inScope(from)) files.push({ file: from, deleted: true });
    }
    // Added to the index, then deleted: `git add` forgets it and there is nothing of it to commit.
    if (inScope(file) && xy !== 'AD') files.push({ file, deleted: xy.includes('D') });
  }
  return files;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

export async function memoryGitStatus(workspaceRoot: string): Promise<MemoryGitStatus> {
  const repo = await openRepo(workspaceRoot);
  if (!repo.ok) return { available: false, reason: repo.reason, details: repo.details, changedMemoryFiles: [] };
  return { available: true, changedMemoryFiles: (await changedMemoryFiles(repo, workspaceRoot)).map((f) => f.file) };
}

/**
 * In a clone where Commit Memory registered Lucid's note merge driver: points it at `cli` if it names another (an
 * update moved the extension's folder, so git could no longer run the driver). A clone without it is left alone.
 * Returns whether the driver was updated.
 */
export async function refreshMemoryMergeDriver(workspaceRoot: string, cli: readonly string[]): Promise<boolean> {
  const repo = await openRepo(workspaceRoot);
  return repo.ok ? refreshMergeDriver(repo.top, mergeDriverCommand(cli)) : false;
}

export async function commitMemory(workspaceRoot: string, options: CommitMemoryOptions = {}): Promise<CommitMemoryResult> {
  const repo = await openRepo(workspaceRoot);
  if (!repo.ok) return { committed: false, reason: repo.reason, details: repo.details };
  const paths = memoryPaths(workspaceRoot);
  await assertRealMemoryFolders(paths);
  // Under the memory lock: a dream or the agent never has half of its writes in the commit; a dream killed
  // mid-commit is finished (or dropped) first, so the commit never holds half of one.
  return withMemoryLock(paths, async () => {
    await recoverTransactions(paths);
    if (options.mergeDriverCli?.length) await registerMergeDriver(repo.top, mergeDriverCommand(options.mergeDriverCli));
    const changed = await changedMemoryFiles(repo, workspaceRoot);
    const digest = path.relative(repo.top, path.join(await fs.realpath(path.resolve(workspaceRoot)), MEMORY_DIR, 'MEMORY.md')).split(path.sep).join('/');
    if (await isTracked(repo.git, digest)) changed.push({ file: digest, deleted: true });
    if (!changed.length) {
      const ignored = await repo.git.raw(['check-ignore', '-q', path.join(paths.notes, 'x.md')]).then(() => true, () => false);
      const why = ignored ? ' (the repository ignores .agent-memory/notes: see `git check-ignore -v .agent-memory/notes/x.md`)' : '';
      return { committed: false, reason: 'nothing-to-commit', details: `The shared memory files (.agent-memory notes, README.md, .gitignore, .gitattributes) have no changes to commit${why}.` };
    }

    const redactor = options.redactor ?? gateRedactor(); // the same gate every memory write passed through
    const secrets: SecretInFile[] = [];
    for (const { file, deleted } of changed) {
      if (deleted) continue;
      const text = await fs.readFile(path.join(repo.top, file), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      for (const f of await redactor.findSecrets(text)) secrets.push({ file, absolutePath: path.join(repo.top, file), line: lineOf(text, f.start), kind: f.kind });
    }
    if (secrets.length) {
      const list = secrets.map((s) => `${s.file} line ${s.line} (${s.kind})`).join('; ');
      return {
        committed: false,
        reason: 'secret-found',
        secrets,
        details: `Nothing was committed: ${secrets.length === 1 ? 'a file contains' : 'files contain'} what looks like a secret: ${list}. Remove it (or replace it with a placeholder) and commit again.`,
      };
    }

    const files = [...new Set(changed.map((c) => c.file))].sort();
    let message = options.message;
    if (!message) {
      const body = commitBody(await latestAppliedReport(paths), files);
      // The summary quotes note titles; those were redacted when written, but a hand-edited title is not.
      message = (await redactor.findSecrets(body)).length ? DEFAULT_COMMIT_SUBJECT : `${DEFAULT_COMMIT_SUBJECT}\n\n${body}`;
    }
    const sha = await commitPaths(repo, files, digest, message);
    return { committed: true, sha, files, message };
  });
}

async function isTracked(git: SimpleGit, file: string): Promise<boolean> {
  return (await git.raw(['--literal-pathspecs', 'ls-files', '--', file]).catch(() => '')).trim() !== '';
}

/**
 * Commits exactly `files` (their working-tree state; the derived digest removed from the index), through a
 * temporary index built from HEAD, so whatever else the user staged stays staged and out of the commit. The real
 * index then takes the committed state of those paths.
 */
async function commitPaths(repo: { git: SimpleGit; top: string }, files: string[], digest: string, message: string): Promise<string> {
  const gitDir = path.resolve(repo.top, (await repo.git.revparse(['--git-dir'])).trim());
  const tmpIndex = path.join(gitDir, `lucid-index-${process.pid}-${Date.now()}`);
  const hasHead = await repo.git.raw(['rev-parse', '--verify', 'HEAD']).then((out) => out.trim() !== '', () => false);
  // Plain git with the user's environment plus the index (simple-git's env() refuses an inherited EDITOR and the like).
  const temp = { raw: (args: string[]) => execFileAsync('git', args, { cwd: repo.top, env: { ...process.env, GIT_INDEX_FILE: tmpIndex }, maxBuffer: 64 * 1024 * 1024 }) };
  try {
    if (hasHead) await temp.raw(['read-tree', 'HEAD']);
    const present: string[] = [];
    for (const f of files) if (f !== digest && (await fs.lstat(path.join(repo.top, f)).then(() => true, () => false))) present.push(f);
    const gone = files.filter((f) => !present.includes(f));
    if (present.length) await temp.raw(['--literal-pathspecs', 'add', '--all', '--', ...present]);
    if (gone.length) await temp.raw(['--literal-pathspecs', 'rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...gone]);
    await temp.raw(['commit', '--quiet', '-m', message]);
  } finally {
    await fs.rm(tmpIndex, { force: true });
  }
  await repo.git.raw(['--literal-pathspecs', 'reset', '--quiet', '--', ...files]).catch(() => undefined);
  return (await repo.git.revparse(['HEAD'])).trim();
}
