// Names and small file helpers of the transcript folder: `<YYYY-MM-DD>T<HHMMSS>-<shortid>.jsonl`, in UTC,
// so a plain sort is a sort by start time; no `:` so the names are valid on every file system.
import { randomUUID } from 'crypto';
import { constants, promises as fsp, type Stats } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A transcript larger than this is not a session Lucid or an import wrote: reported and skipped, never read. */
export const MAX_SESSION_BYTES = 64 * 1024 * 1024;

export const SESSION_FILE_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})-([A-Za-z0-9_-]+)\.jsonl$/;

export function newSessionId(): string {
  return randomUUID();
}

/** Eight characters of the id that are safe in a file name (random ones when the id has too few). */
export function shortId(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase();
  return safe.length >= 4 ? safe : randomUUID().slice(0, 8);
}

export function sessionFileName(startedAt: Date, sessionId: string, attempt = 1): string {
  const iso = startedAt.toISOString(); // 2025-06-01T12:34:56.789Z
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${shortId(sessionId)}${attempt > 1 ? `-${attempt}` : ''}.jsonl`;
}

/** The start time written in a session file's name, as ISO (UTC, whole seconds). */
export function startedAtFromName(name: string): string | undefined {
  const m = SESSION_FILE_RE.exec(name);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}.000Z` : undefined;
}

/** A workspace as the transcript shows it: the home directory becomes `~`, so no user name lands on disk. */
export function displayWorkspace(workspace: string, home: string = os.homedir()): string {
  if (!home || !path.isAbsolute(workspace)) return workspace;
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const w = norm(workspace);
  const h = norm(home);
  const same = process.platform === 'win32' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  if (same(w, h)) return '~';
  if (same(w.slice(0, h.length + 1), `${h}/`)) return `~/${w.slice(h.length + 1)}`;
  return workspace;
}

/** What a folder entry is, in words, for a problem message ("a directory", "a FIFO"...). */
export function entryKind(stat: Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a device';
}

export class NotRegularFileError extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(file: string, stat: Stats) {
    super(`${path.basename(file)} is ${entryKind(stat)}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/**
 * Opens a regular file for reading, never blocking: O_NONBLOCK makes opening a FIFO return at once (where a plain
 * open would wait for a writer forever), and anything that is not a regular file is closed and refused.
 */
export async function openRegularFile(file: string): Promise<fsp.FileHandle> {
  return (await openRegular(file)).fh;
}

export async function openRegular(file: string): Promise<{ fh: fsp.FileHandle; stat: Stats }> {
  const fh = await fsp.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw new NotRegularFileError(file, stat);
    return { fh, stat };
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw e;
  }
}

/** The bytes of a file from `start` to `end` (exclusive). */
export async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const fh = await openRegularFile(file);
  try {
    const buf = Buffer.alloc(Math.max(0, end - start));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** The first line of a file, without reading the rest (at most `limit` bytes). */
export async function readFirstLine(file: string, limit = 1 << 20): Promise<string> {
  const fh = await openRegularFile(file);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const buf = Buffer.alloc(Math.min(16 * 1024, limit - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
      chunks.push(buf.subarray(0, nl >= 0 ? nl : bytesRead));
      total += bytesRead;
      if (nl >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await fh.close();
  }
}
