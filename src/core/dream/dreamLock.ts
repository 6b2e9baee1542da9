// One dream at a time per workspace, across VS Code windows and the CLI: a lock file that proper-lockfile
// keeps fresh while the dream runs and that goes stale (and is taken over) if the dreamer crashed.
import * as fs from 'fs/promises';
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

export async function withDreamLock<T>(paths: MemoryPaths, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(paths.cache, { recursive: true });
  const target = path.join(paths.cache, 'dream');
  await fs.writeFile(target, '', { flag: 'a' });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, { stale: 30_000, update: 5_000, retries: 0, realpath: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DreamBusyError();
    throw err;
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
