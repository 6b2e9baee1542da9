// Incremental reading of the transcript folder, for consumers that run again and again (the dream).
//
// The cursor is a small JSON value the consumer persists between runs (e.g. `.agent-memory/.dream-cursor.json`):
//
//   { "v": 1,
//     "files": { "2025-06-01T101500-3f9a0c1d.jsonl": { "offset": 18234 },
//                "2025-06-01T093000-77be21aa.jsonl": { "offset": 52110, "ended": true } },
//     "sealed": { "through": "2025-05-31T221000-0c1d2e3f.jsonl", "beforeMs": 1717230000000 } }
//
// - `files[name].offset` is the number of bytes consumed: always just after a newline, so a line still
//   being written (or cut by a crash) is never consumed half; it is read whole once it is complete.
//   A file that grew is read from its offset; an unchanged one is skipped; one that shrank is read again
//   from the start (with a problem). `ended` records that its `session_end` was seen.
// - `sealed` keeps the cursor small: a file that is finished (ended and fully read, or untouched for
//   `sealAfterMs`, e.g. after a crash) leaves `files`. A file absent from `files` whose name sorts ≤
//   `through` and whose mtime is older than `beforeMs` was read completely in an earlier run and is skipped.
//   A file named ≤ `through` but written later (an imported, back-dated session) is still read as new.
//   Sealed files are assumed never to change again.
// - Entries of deleted files disappear. Persist the returned cursor only after the returned events are
//   processed: delivery is then at least once, and exactly once when nothing fails in between.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { readFirstLine, readRange, SESSION_FILE_RE } from './sessionFiles';
import { parseEventLine, parseLines, splitHeader } from './sessionReader';
import type { ReadEvent, SessionStart } from './sessionSchema';

export interface SessionCursor {
  v: 1;
  files: Record<string, { offset: number; ended?: boolean }>;
  sealed?: { through: string; beforeMs: number };
}

export const emptyCursor = (): SessionCursor => ({ v: 1, files: {} });

export interface SessionDelta {
  name: string;
  path: string;
  /** The header (read from the file's first line when the delta starts later in the file). */
  header: SessionStart | undefined;
  /** Byte range the events came from. `fromOffset` 0: the file is new to the cursor (or was read again). */
  fromOffset: number;
  toOffset: number;
  /** New events, in order, without the header. */
  events: ReadEvent[];
  problems: string[];
  /** The session's `session_end` has been seen (in this delta or before). */
  ended: boolean;
}

export interface ReadSinceOptions {
  now?: () => Date;
  /** A file untouched this long is finished even without `session_end` (a crashed session). Default 24 h. */
  sealAfterMs?: number;
}

/** Files modified this close to the listing are not sealed yet: mtime granularity and clocks are coarse. */
const SETTLE_MS = 2_000;

async function headerOf(file: string): Promise<SessionStart | undefined> {
  const { event } = parseEventLine(await readFirstLine(file).catch(() => ''), 'line 1');
  return event?.type === 'session_start' ? event : undefined;
}

export async function readSessionsSince(
  sessionsDir: string,
  cursor: SessionCursor = emptyCursor(),
  options: ReadSinceOptions = {},
): Promise<{ sessions: SessionDelta[]; cursor: SessionCursor }> {
  const listedAt = (options.now ?? (() => new Date()))().getTime();
  const sealAfterMs = options.sealAfterMs ?? 24 * 60 * 60 * 1000;
  let names: string[];
  try {
    names = (await fsp.readdir(sessionsDir)).filter((n) => SESSION_FILE_RE.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [], cursor };
    throw e;
  }
  const files: SessionCursor['files'] = {};
  const stats = new Map<string, { size: number; mtimeMs: number }>();
  const sessions: SessionDelta[] = [];
  const sealed = cursor.sealed;

  for (const name of names) {
    const file = path.join(sessionsDir, name);
    const stat = await fsp.stat(file).catch(() => undefined);
    if (!stat) continue;
    const prev = cursor.files[name];
    if (!prev && sealed && name <= sealed.through && stat.mtimeMs < sealed.beforeMs) continue;
    stats.set(name, { size: stat.size, mtimeMs: stat.mtimeMs });
    let offset = prev?.offset ?? 0;
    let ended = prev?.ended ?? false;
    const problems: string[] = [];
    if (stat.size < offset) {
      problems.push(`${name}: shrank from ${offset} to ${stat.size} bytes; read again from the start`);
      offset = 0;
      ended = false;
    }
    files[name] = { offset, ...(ended ? { ended } : {}) };
    const buf = stat.size > offset ? await readRange(file, offset, stat.size) : Buffer.alloc(0);
    const lastNewline = buf.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      // unchanged, or only a line still being written
      if (problems.length) sessions.push({ name, path: file, header: undefined, fromOffset: offset, toOffset: offset, events: [], problems, ended });
      continue;
    }
    const complete = buf.subarray(0, lastNewline + 1).toString('utf8');
    const lines = complete.split('\n').slice(0, -1);
    const starts: number[] = [];
    lines.reduce((at, line) => (starts.push(at), at + Buffer.byteLength(line) + 1), offset);
    const parsed = parseLines(lines, (i) => `${name} byte ${starts[i]}`, false);
    problems.push(...parsed.problems);
    let header: SessionStart | undefined;
    let events: ReadEvent[];
    if (offset === 0) {
      const split = splitHeader(parsed.all, problems, name);
      header = split.header;
      events = split.events;
    } else {
      header = await headerOf(file);
      events = parsed.all;
    }
    ended ||= events.some((e) => e.type === 'session_end');
    const toOffset = offset + lastNewline + 1;
    files[name] = { offset: toOffset, ...(ended ? { ended } : {}) };
    sessions.push({ name, path: file, header, fromOffset: offset, toOffset, events, problems, ended });
  }

  // Compaction: finished files leave `files` and are covered by `sealed` from now on.
  const cutoff = listedAt - SETTLE_MS;
  let through = sealed?.through;
  let sealedAny = false;
  for (const [name, entry] of Object.entries(files)) {
    const stat = stats.get(name)!;
    const finished = (entry.ended && entry.offset === stat.size) || listedAt - stat.mtimeMs > sealAfterMs;
    if (!finished || stat.mtimeMs >= cutoff) continue;
    delete files[name];
    sealedAny = true;
    if (through === undefined || name > through) through = name;
  }
  const next: SessionCursor = { v: 1, files };
  if (through !== undefined) next.sealed = { through, beforeMs: sealedAny ? cutoff : sealed!.beforeMs };
  return { sessions, cursor: next };
}
