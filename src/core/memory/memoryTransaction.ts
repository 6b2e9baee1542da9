// Crash-safe multi-file commits: a dream ends by writing notes, MEMORY.md, its report and its cursor at once, and a
// process killed at any point must leave the memory as before or as after, never half.
// Protocol (all under the memory lock): stage every changed file in `.cache/txn/<id>/files/<n>` (fsynced), write
// `manifest.json.tmp` and rename it to `manifest.json` (THE commit point), rename each staged file over its target,
// delete the manifest, delete the folder. A staged file only ever leaves the folder by that rename, so after a crash
// "staged file present" means "not yet in place": recovery finishes a committed transaction by renaming what is
// left (idempotent, and safe to interrupt again) and throws away one without a manifest (nothing was touched yet).
import { randomBytes } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicWrite';
import type { MemoryPaths } from './memoryLayout';
import { withMemoryLock, type MemoryLockOptions } from './memoryLock';
import { syncDir } from './atomicWrite';
import { checkRelativePath, ensureDir, readIfPresent, resolveTarget, sha256, writeSynced } from './transactionFiles';

export interface FileWrite {
  /** Relative to the memory root, forward slashes (e.g. `notes/x.md`, `MEMORY.md`, `.cache/dream.json`). */
  path: string;
  content: string;
}

export interface TransactionOptions {
  /** Test seam: runs after each step (see STEPS below); throwing from it behaves like a crash (nothing cleaned up). */
  afterStep?(step: string): void | Promise<void>;
  lock?: MemoryLockOptions;
}

export interface CommitResult {
  /** The transaction's id, when anything was written. */
  id?: string;
  written: string[];
  unchanged: string[];
  /** What the recovery run first (leftovers of a crashed commit) did. */
  recovery: RecoveryResult;
}

export interface RecoveryResult {
  rolledForward: string[];
  discarded: string[];
  /** Transactions that cannot be finished (damaged manifest or staged file): moved to `.cache/txn-failed/`. */
  problems: string[];
}

type Paths = Pick<MemoryPaths, 'root' | 'cache' | 'lockFile'>;
type Step = (name: string) => Promise<void>;

const manifestSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  files: z.array(z.object({ path: z.string(), staged: z.string().regex(/^\d+$/), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
type Manifest = z.infer<typeof manifestSchema>;

/** Transaction folders this process is committing right now: a recovery run from inside our own lock skips them. */
const active = new Set<string>();
let sequence = 0;

export function transactionsDir(paths: Pick<MemoryPaths, 'cache'>): string {
  return path.join(paths.cache, 'txn');
}

/**
 * Writes every file whose bytes change, all or nothing, under the memory lock (taken here; re-entrant, so a caller
 * already holding it through `withMemoryLock` or `MemoryStore.withLock` is fine). Unfinished transactions of a
 * crashed process are recovered first. Files whose bytes are already right are not touched (mtime unchanged).
 * Steps reported to `afterStep`: `stage:<path>`, `staged`, `manifest-written`, `committed`, `apply:<path>`,
 * `applied`, `manifest-removed`, `done`.
 */
export async function commitFiles(paths: Paths, writes: FileWrite[], options: TransactionOptions = {}): Promise<CommitResult> {
  const entries = writes.map((w) => ({ rel: checkRelativePath(w.path), bytes: Buffer.from(w.content, 'utf8') }));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.rel.toLowerCase())) throw new Error(`commitFiles: ${e.rel} is written twice in one transaction`);
    seen.add(e.rel.toLowerCase());
  }
  return withMemoryLock(paths, async () => {
    const recovery = await recoverLocked(paths, {});
    const changed: Array<{ rel: string; bytes: Buffer; mode?: number }> = [];
    const unchanged: string[] = [];
    for (const e of entries) {
      const target = await resolveTarget(paths, e.rel);
      const current = await readIfPresent(target);
      if (current?.equals(e.bytes)) unchanged.push(e.rel);
      else changed.push({ ...e, mode: current ? (await fs.stat(target)).mode & 0o7777 : undefined });
    }
    if (changed.length === 0) return { written: [], unchanged, recovery };

    const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;
    const dir = path.join(transactionsDir(paths), id);
    let crashed = false;
    let committed = false;
    const step: Step = async (name) => {
      try {
        await options.afterStep?.(name);
      } catch (err) {
        crashed = true;
        throw err;
      }
    };
    active.add(dir);
    try {
      await ensureDir(path.join(dir, 'files'));
      const manifest: Manifest = { version: 1, id, files: [] };
      for (const [i, e] of changed.entries()) {
        await writeSynced(path.join(dir, 'files', String(i)), e.bytes, e.mode);
        manifest.files.push({ path: e.rel, staged: String(i), sha256: sha256(e.bytes) });
        await step(`stage:${e.rel}`);
      }
      await syncDir(path.join(dir, 'files'));
      await step('staged');
      await writeSynced(path.join(dir, 'manifest.json.tmp'), Buffer.from(JSON.stringify(manifest, null, 2)));
      await step('manifest-written');
      await fs.rename(path.join(dir, 'manifest.json.tmp'), path.join(dir, 'manifest.json'));
      committed = true;
      await syncDir(dir);
      await step('committed');
      await applyManifest(paths, dir, manifest, step, '', false);
      await finish(paths, dir, step, '');
      return { id, written: changed.map((e) => e.rel), unchanged, recovery };
    } catch (err) {
      // Before the commit point a plain failure (disk full…) throws the staging away: the memory is as before.
      // After it, the folder stays for recovery, which rolls forward. A simulated crash leaves everything as is.
      if (!committed && !crashed) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    } finally {
      active.delete(dir);
    }
  }, options.lock);
}

/**
 * Finishes what a crashed commit left: rolls committed transactions forward, discards uncommitted ones.
 * Call it before reading memory (MemoryStore.load() does). Without leftovers it costs one readdir and takes no lock;
 * with some it takes the memory lock (so a commit running in another process is waited for, never disturbed).
 * Steps reported to `afterStep`: `recover:apply:<path>`, `recover:applied`, `recover:manifest-removed`, `recover:done`,
 * `recover:discarded`.
 */
export async function recoverTransactions(paths: Paths, options: TransactionOptions = {}): Promise<RecoveryResult> {
  if (!(await listTransactions(paths)).some((dir) => !active.has(dir))) return { rolledForward: [], discarded: [], problems: [] };
  return withMemoryLock(paths, () => recoverLocked(paths, options), options.lock);
}

async function recoverLocked(paths: Paths, options: TransactionOptions): Promise<RecoveryResult> {
  const result: RecoveryResult = { rolledForward: [], discarded: [], problems: [] };
  const step: Step = async (name) => options.afterStep?.(name);
  for (const dir of await listTransactions(paths)) {
    if (active.has(dir)) continue;
    const id = path.basename(dir);
    const text = await readIfPresent(path.join(dir, 'manifest.json'));
    if (!text) {
      await fs.rm(dir, { recursive: true, force: true });
      await syncDir(transactionsDir(paths));
      result.discarded.push(id);
      await step('recover:discarded');
      continue;
    }
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(text.toString('utf8')));
      for (const f of manifest.files) checkRelativePath(f.path);
    } catch (err) {
      await quarantine(paths, dir, `damaged manifest: ${(err as Error).message}`, result);
      continue;
    }
    try {
      await applyManifest(paths, dir, manifest, step, 'recover:', true);
    } catch (err) {
      if (!(err instanceof DamagedTransactionError)) throw err; // I/O trouble: leave it, the next call retries
      await quarantine(paths, dir, err.message, result);
      continue;
    }
    await finish(paths, dir, step, 'recover:');
    result.rolledForward.push(id);
  }
  return result;
}

class DamagedTransactionError extends Error {}

/** Renames each staged file still present over its target. Absent staged file = already renamed (or never needed). */
async function applyManifest(paths: Paths, dir: string, manifest: Manifest, step: Step, prefix: string, verify: boolean): Promise<void> {
  for (const f of manifest.files) {
    const staged = path.join(dir, 'files', f.staged);
    if (verify) {
      const bytes = await readIfPresent(staged);
      if (!bytes) continue;
      if (sha256(bytes) !== f.sha256) throw new DamagedTransactionError(`staged copy of ${f.path} does not match its checksum`);
    }
    const target = await resolveTarget(paths, f.path).catch((err: Error) => {
      throw verify ? new DamagedTransactionError(err.message) : err;
    });
    await ensureDir(path.dirname(target));
    try {
      await fs.rename(staged, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV') throw err;
      await writeFileAtomic(target, await fs.readFile(staged)); // `.cache` on another file system: copy, then drop
      await fs.unlink(staged);
    }
    await syncDir(path.dirname(target));
    await step(`${prefix}apply:${f.path}`);
  }
  await syncDir(path.join(dir, 'files'));
  await step(`${prefix}applied`);
}

/** Everything is in place: drop the manifest first (the folder is then "uncommitted", i.e. discardable), then the rest. */
async function finish(paths: Paths, dir: string, step: Step, prefix: string): Promise<void> {
  await fs.rm(path.join(dir, 'manifest.json'), { force: true });
  await syncDir(dir);
  await step(`${prefix}manifest-removed`);
  await fs.rm(dir, { recursive: true, force: true });
  await syncDir(transactionsDir(paths));
  await step(`${prefix}done`);
}

async function quarantine(paths: Paths, dir: string, why: string, result: RecoveryResult): Promise<void> {
  const to = path.join(paths.cache, 'txn-failed', path.basename(dir));
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.rename(dir, to);
  result.problems.push(`transaction ${path.basename(dir)} cannot be finished (${why}); kept in ${to}`);
}

async function listTransactions(paths: Pick<MemoryPaths, 'cache'>): Promise<string[]> {
  const root = transactionsDir(paths);
  try {
    const entries = await fs.readdir(root, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(root, e.name)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
