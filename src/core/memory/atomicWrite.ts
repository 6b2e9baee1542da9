// Crash-safe file writes: readers (and a machine that loses power) see the old bytes or the new ones,
// never a half-written file. Temp file in the same directory, fsync, rename over the target, fsync the directory.
import { randomBytes } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';

export interface AtomicWriteOptions {
  /** Fail with EEXIST instead of replacing an existing target (done with link(2), so it is atomic too). */
  exclusive?: boolean;
  /** Test seam: runs after the temp file is complete and synced, before it replaces the target. */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Hidden (leading dot) so note walkers skip it, `.tmp` so the memory .gitignore covers it. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = tempPathFor(target);
  const mode = await existingMode(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode ?? 0o666);
    await handle.writeFile(data);
    if (mode !== undefined) await handle.chmod(mode).catch(() => undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(temp);
    if (options.exclusive) await linkExclusive(temp, target);
    else await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  if (options.exclusive) await fs.unlink(temp).catch(() => undefined);
  await syncDir(path.dirname(target));
}

/**
 * Writes only when the bytes differ from what is on disk. Returns whether it wrote.
 * Unchanged content means no write at all: the file's mtime is untouched, so git and file watchers stay quiet.
 */
export async function writeIfChanged(target: string, data: string | Uint8Array): Promise<boolean> {
  const next = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  try {
    const current = await fs.readFile(target);
    if (current.equals(next)) return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await writeFileAtomic(target, next);
  return true;
}

/** Keep the mode of the file being replaced (a rename would otherwise reset it). */
async function existingMode(target: string): Promise<number | undefined> {
  try {
    return (await fs.stat(target)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** link(2) fails with EEXIST when the target exists. Filesystems without hard links fall back to check + rename. */
async function linkExclusive(temp: string, target: string): Promise<void> {
  try {
    await fs.link(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    try {
      await fs.lstat(target);
      throw Object.assign(new Error(`EEXIST: file already exists, ${target}`), { code: 'EEXIST', path: target });
    } catch (statErr) {
      if ((statErr as NodeJS.ErrnoException).code !== 'ENOENT') throw statErr;
    }
    await fs.rename(temp, target);
  }
}

/** Makes the rename durable. Not possible on every platform (Windows refuses to open a directory): best effort. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
