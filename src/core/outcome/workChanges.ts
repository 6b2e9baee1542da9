// The evidence of what the session changed, for the grader: the diffs of the agent's edits (from its edit tool),
// and, in a git repository, files changed through the shell since the outcome started (a status snapshot taken at
// the start tells the session's changes from the user's earlier ones). Capped, so a huge file cannot flood the
// grader's context.
import { createHash } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import { simpleGit } from 'simple-git';

const MAX_DIFF_CHARS = 60_000;
const MAX_FILE_CHARS = 8_000;

export interface WorkChanges {
  /** Records an edit the agent made (its unified diff, workspace-relative file). */
  edited(file: string, diff: string): void;
  /** The diff evidence since the start, capped. */
  evidence(): Promise<string>;
}

type Snapshot = Map<string, string>;

/** Changed and untracked files inside the workspace (relative to it), or undefined outside a git repository. */
async function gitChanged(root: string): Promise<string[] | undefined> {
  try {
    const git = simpleGit({ baseDir: root, maxConcurrentProcesses: 1 });
    if (!(await git.checkIsRepo())) return undefined;
    const top = (await git.revparse(['--show-toplevel'])).trim();
    const base = await fs.realpath(root); // git names the top by its real path
    const status = await git.status(['--untracked-files=all']);
    return status.files
      .map((f) => path.relative(base, path.join(top, f.path)).split(path.sep).join('/'))
      .filter((f) => f && !f.startsWith('..') && !path.isAbsolute(f) && !f.startsWith('.agent-memory/'));
  } catch {
    return undefined;
  }
}

async function hashOf(root: string, rel: string): Promise<string> {
  try {
    return createHash('sha256').update(await fs.readFile(path.join(root, rel))).digest('hex');
  } catch {
    return 'gone';
  }
}

async function snapshot(root: string): Promise<Snapshot | undefined> {
  const files = await gitChanged(root);
  if (!files) return undefined;
  const snap: Snapshot = new Map();
  for (const f of files) snap.set(f, await hashOf(root, f));
  return snap;
}

/** Starts tracking: takes the git snapshot now. */
export async function trackWorkChanges(root: string): Promise<WorkChanges> {
  const before = await snapshot(root);
  const edits = new Map<string, string[]>();
  return {
    edited(file, diff) {
      edits.set(file, [...(edits.get(file) ?? []), diff]);
    },
    async evidence() {
      const parts: string[] = [];
      for (const [file, diffs] of edits) parts.push(`### ${file} (edited by the agent)\n${diffs.join('\n')}`);
      const shell = before ? await shellChanges(root, before, new Set(edits.keys())) : [];
      parts.push(...shell);
      const text = parts.join('\n\n');
      if (!text) return 'No file was changed.';
      return text.length > MAX_DIFF_CHARS ? `${text.slice(0, MAX_DIFF_CHARS)}\n…[diff cut at ${MAX_DIFF_CHARS} characters]` : text;
    },
  };
}

/** Files changed since the snapshot that the edit tool did not change: their diff against HEAD, or their content. */
async function shellChanges(root: string, before: Snapshot, edited: Set<string>): Promise<string[]> {
  const now = (await gitChanged(root)) ?? [];
  const out: string[] = [];
  const git = simpleGit({ baseDir: root, maxConcurrentProcesses: 1 });
  for (const f of now) {
    if (edited.has(f)) continue;
    const h = await hashOf(root, f);
    if (before.get(f) === h) continue;
    let diff = '';
    try {
      diff = await git.diff(['HEAD', '--', f]);
    } catch {
      diff = '';
    }
    if (!diff) {
      const text = await fs.readFile(path.join(root, f), 'utf8').catch(() => '');
      diff = `(new file)\n${text.length > MAX_FILE_CHARS ? `${text.slice(0, MAX_FILE_CHARS)}\n…` : text}`;
    }
    out.push(`### ${f} (changed through the shell)\n${diff}`);
  }
  return out;
}
