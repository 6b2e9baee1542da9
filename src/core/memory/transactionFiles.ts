// The file-system side of dream transactions: which paths a transaction may write (confined to the memory folder,
// no symbolic links on the way), and durable writes (fsync of files and of the directories that name them).
import { createHash } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import type { MemoryPaths } from './memoryLayout';
import { syncDir } from './atomicWrite';

/** A path relative to the memory root, normalised; refuses absolute paths, `..`, and the lock and transaction folders. */
export function checkRelativePath(rel: string): string {
  const parts = rel.split('/');
  if (rel === '' || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.includes('\\') || rel.includes('\0') ||
      parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`Not a path inside the memory folder: ${JSON.stringify(rel)}`);
  }
  const lower = rel.toLowerCase();
  if (lower === '.lock' || lower.startsWith('.lock/') || /^\.cache\/txn(-failed)?(\/|$)/.test(lower)) {
    throw new Error(`Lucid's own bookkeeping, not writable: ${rel}`);
  }
  return rel;
}

/** The absolute target; refuses symbolic links on the way (they could lead out of the memory folder) and non-files. */
export async function resolveTarget(paths: Pick<MemoryPaths, 'root'>, rel: string): Promise<string> {
  const parts = checkRelativePath(rel).split('/');
  let current = paths.root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    let stat;
    try {
      stat = await fs.lstat(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw err;
    }
    if (stat.isSymbolicLink()) throw new Error(`Refusing to write ${rel}: ${path.relative(paths.root, current)} is a symbolic link`);
    const last = i === parts.length - 1;
    if (last ? !stat.isFile() : !stat.isDirectory()) {
      throw new Error(`Refusing to write ${rel}: ${path.relative(paths.root, current)} is not a ${last ? 'file' : 'folder'}`);
    }
  }
  return path.join(paths.root, ...parts);
}

export async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeSynced(file: string, bytes: Buffer, mode?: number): Promise<void> {
  const handle = await fs.open(file, 'w', mode ?? 0o666);
  try {
    await handle.writeFile(bytes);
    if (mode !== undefined) await handle.chmod(mode).catch(() => undefined);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** mkdir -p, making each new directory's entry durable. */
export async function ensureDir(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true });
  if (!first) return;
  for (let d = dir; ; d = path.dirname(d)) {
    await syncDir(path.dirname(d));
    if (d === first || path.dirname(d) === d) break;
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
