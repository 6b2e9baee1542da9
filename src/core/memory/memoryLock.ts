// One writer at a time on a memory folder, across processes (two VS Code windows, the CLI, the idle "dream").
// proper-lockfile creates the lock directory `.agent-memory/.lock` atomically (mkdir) and refreshes its mtime
// while held; a lock whose mtime is older than `staleMs` belongs to a crashed process and is taken over.
// Within one process, callers queue on a promise chain, and a nested call from inside the lock runs directly.
import { AsyncLocalStorage } from 'async_hooks';
import * as fs from 'fs/promises';
import * as lockfile from 'proper-lockfile';
import type { MemoryPaths } from './memoryLayout';

export interface MemoryLockOptions {
  /** A lock not refreshed for this long is considered abandoned (min 2000, proper-lockfile's floor). */
  staleMs?: number;
  /** Give up waiting after this long. Longer than `staleMs`, so a crashed holder never blocks us. */
  timeoutMs?: number;
}

export class MemoryLockTimeoutError extends Error {
  constructor(lockFile: string, waitedMs: number) {
    super(
      `Timed out after ${Math.round(waitedMs / 1000)}s waiting for the memory lock ${lockFile}: another Lucid process ` +
        `is writing to this memory folder. If no other Lucid is running, delete ${lockFile}.`,
    );
    this.name = 'MemoryLockTimeoutError';
  }
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` while holding the cross-process lock of this memory folder. Re-entrant within one async flow. */
export async function withMemoryLock<T>(
  paths: Pick<MemoryPaths, 'root' | 'lockFile'>,
  fn: () => Promise<T>,
  options: MemoryLockOptions = {},
): Promise<T> {
  const key = paths.lockFile;
  const mine = held.getStore();
  if (mine?.has(key)) return fn();

  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => holdAndRun(paths, fn, options, mine));
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** True when the current async flow holds the lock of this memory folder. */
export function holdsMemoryLock(paths: Pick<MemoryPaths, 'lockFile'>): boolean {
  return held.getStore()?.has(paths.lockFile) ?? false;
}

async function holdAndRun<T>(
  paths: Pick<MemoryPaths, 'root' | 'lockFile'>,
  fn: () => Promise<T>,
  options: MemoryLockOptions,
  outer: ReadonlySet<string> | undefined,
): Promise<T> {
  await fs.mkdir(paths.root, { recursive: true });
  const release = await acquire(paths, options);
  try {
    return await held.run(new Set([...(outer ?? []), paths.lockFile]), fn);
  } finally {
    await release().catch(() => undefined); // already released (compromised): nothing left to do
  }
}

async function acquire(
  paths: Pick<MemoryPaths, 'root' | 'lockFile'>,
  options: MemoryLockOptions,
): Promise<() => Promise<void>> {
  const stale = Math.max(2000, options.staleMs ?? 10_000);
  const timeout = options.timeoutMs ?? stale * 3;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(paths.root, {
        lockfilePath: paths.lockFile,
        stale,
        update: Math.max(1000, Math.floor(stale / 4)),
        retries: 0,
        realpath: false,
        // A compromised lock (e.g. the event loop blocked longer than `stale`) must not crash the host;
        // the default handler throws from a timer.
        onCompromised: () => undefined,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const waited = Date.now() - started;
      if (waited >= timeout) throw new MemoryLockTimeoutError(paths.lockFile, waited);
      const backoff = Math.min(250, 5 * 1.5 ** Math.min(attempt, 20));
      await sleep(Math.min(backoff * (0.5 + Math.random()), Math.max(1, timeout - waited)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
