// A notes folder's stamp: one hash over every note file's path, size, times and inode, in path order. Two equal
// stamps mean that no file was added, removed, renamed or written in between (a write changes ctime, which no tool
// can set back), provided no file had changed within RACY_MS of the moment the first stamp's stats were taken:
// such a file may have changed again within the same timestamp tick (git's "racily clean" rule). A session start
// in a new process is read from a snapshot a stamp stands for (startSnapshot.ts).
import { createHash } from 'crypto';

export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** The stamp of these files (relative paths in path order) with these stats. */
export function stampOf(files: readonly string[], stats: ReadonlyArray<FileStat>): string {
  // The numbers as they are (doubles, in this machine's byte order: the stamp never leaves it), the paths after.
  const numbers = new Float64Array(files.length * 4);
  stats.forEach((s, i) => numbers.set([s.size, s.mtimeMs, s.ctimeMs, s.ino], i * 4));
  return createHash('sha256').update(numbers).update(files.join('\0')).digest('hex');
}
