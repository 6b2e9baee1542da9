// One dream at a time per workspace, across VS Code windows and the CLI: a lock folder (`.cache/dream.lock`) that
// proper-lockfile keeps fresh while the dream runs. The holder records its pid and host name beside it
// (`dream.lock.owner.json`; not inside: a write in the folder would change the mtime proper-lockfile watches), so a
// dream killed outright (SIGKILL, a crashed window) is taken over at once by the next one on the same host; only
// a lock of another host, or one without an owner record, waits the 30 s staleness.
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import type { MemoryPaths } from '../memory/memoryLayout';

export class DreamBusyError extends Error {
  constructor() {
    super('Another dream is already running for this workspace (in another window or a CLI run).');
    this.name = 'DreamBusyError';
  }
}

export class DreamCancelledError extends Error {
  constructor() {
    super('The dream was cancelled; nothing was changed.');
    this.name = 'DreamCancelledError';
  }
}

/** Who holds the lock: written inside the lock folder once it is taken. */
export interface DreamLockOwner {
  pid: number;
  hostname: string;
  since: string;
}

export const DREAM_LOCK_STALE_MS = 30_000;
const LOCK_OPTIONS = { stale: DREAM_LOCK_STALE_MS, update: 5_000, retries: 0, realpath: false };

/** Where the holder of `lockDir` is recorded. */
export const ownerFileOf = (lockDir: string) => `${lockDir}.owner.json`;

export async function withDreamLock<T>(paths: MemoryPaths, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(paths.cache, { recursive: true });
  const target = path.join(paths.cache, 'dream');
  await fs.writeFile(target, '', { flag: 'a' });
  const release = await acquire(target);
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

async function acquire(target: string): Promise<() => Promise<void>> {
  const lockDir = `${target}.lock`;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, LOCK_OPTIONS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    if (!(await takeOverFromDeadOwner(lockDir))) throw new DreamBusyError();
    try {
      release = await lockfile.lock(target, LOCK_OPTIONS);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DreamBusyError();
      throw again;
    }
  }
  const owner: DreamLockOwner = { pid: process.pid, hostname: os.hostname(), since: new Date().toISOString() };
  const file = ownerFileOf(lockDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(owner)).then(() => fs.rename(tmp, file)).catch(() => undefined); // then only the staleness applies
  return async () => {
    if ((await readDreamLockOwner(lockDir))?.pid === process.pid) await fs.rm(file, { force: true });
    await release();
  };
}

export async function readDreamLockOwner(lockDir: string, file = ownerFileOf(lockDir)): Promise<DreamLockOwner | undefined> {
  try {
    const o = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<DreamLockOwner>;
    return Number.isInteger(o.pid) && typeof o.hostname === 'string' ? (o as DreamLockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a lock whose owner is a dead process of this host; true when the lock may be tried again. The owner
 * record is first claimed by renaming it (atomic: of two dreams taking over at once, one wins), and the lock is
 * removed only if the claimed record still names the same dead owner.
 */
async function takeOverFromDeadOwner(lockDir: string): Promise<boolean> {
  const owner = await readDreamLockOwner(lockDir);
  if (!owner || owner.hostname !== os.hostname() || owner.pid === process.pid || processAlive(owner.pid)) return false;
  const claim = `${ownerFileOf(lockDir)}.claim-${process.pid}`;
  try {
    await fs.rename(ownerFileOf(lockDir), claim);
  } catch {
    return false; // another dream claimed it first
  }
  const claimed = await readDreamLockOwner(lockDir, claim);
  if (claimed?.pid !== owner.pid || claimed.hostname !== owner.hostname) {
    await fs.rename(claim, ownerFileOf(lockDir)).catch(() => fs.rm(claim, { force: true })); // a live holder's: put back
    return false;
  }
  await fs.rm(claim, { force: true });
  await fs.rm(lockDir, { recursive: true, force: true });
  return true;
}
