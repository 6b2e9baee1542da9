// Reads transcripts back, forgivingly: a truncated last line (a crash mid-write), a garbled line, blank
// lines, a missing header and event types from later versions are reported in `problems` or kept as
// `unknown` events; whatever else the file holds is still returned, in order.
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { type LineReading, type LinesRead, readFileLines, readFileLinesSync } from './fileLines';
import { MAX_SESSION_BYTES, readFirstLine, SESSION_FILE_RE, startedAtFromName } from './sessionFiles';
import {
  KNOWN_EVENT_TYPES,
  type ReadEvent,
  SESSION_FORMAT_VERSION,
  sessionEventSchema,
  type SessionStart,
  sessionStartSchema,
} from './sessionSchema';

export interface SessionRead {
  /** The `session_start` line, when the file starts with one. */
  header: SessionStart | undefined;
  /** Every other event, in file order. */
  events: ReadEvent[];
  problems: string[];
}

type LineResult = { event?: ReadEvent; problem?: string };

/** One line of a transcript. `where` names it in problems (`line 12`, `byte 4096`). */
export function parseEventLine(text: string, where: string, lastAndUnterminated = false): LineResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      problem: lastAndUnterminated
        ? `${where}: truncated last line (the session probably ended abruptly), skipped`
        : `${where}: not valid JSON (garbled), skipped`,
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || typeof (raw as { type?: unknown }).type !== 'string') {
    return { problem: `${where}: not an event (no "type"), skipped` };
  }
  const data = raw as Record<string, unknown>;
  const type = data.type as string;
  const unknown = (): ReadEvent => ({
    type: 'unknown',
    originalType: type,
    ...(typeof data.t === 'string' ? { t: data.t } : {}),
    ...(typeof data.seq === 'number' ? { seq: data.seq } : {}),
    data,
  });
  if (!KNOWN_EVENT_TYPES.has(type)) return { event: unknown() };
  const parsed = sessionEventSchema.safeParse(data);
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : type;
  return { event: unknown(), problem: `${where}: ${type} does not fit the schema (${at}: ${issue?.message}), kept as unknown` };
}

/**
 * Parses complete lines. `lines` are the file's lines (split on `\n`); `lastUnterminated` says the final
 * entry had no newline after it (still being written, or cut by a crash).
 */
export function parseLines(
  lines: readonly string[],
  label: (i: number) => string,
  lastUnterminated: boolean,
): { all: ReadEvent[]; problems: string[] } {
  const all: ReadEvent[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parseEventLine(line.replace(/\r$/, ''), label(i), lastUnterminated && i === lines.length - 1);
    if (r.event) all.push(r.event);
    if (r.problem) problems.push(r.problem);
  });
  return { all, problems };
}

/** The header of a transcript and the problems it has (missing, or from a later format). */
export function splitHeader(all: ReadEvent[], problems: string[], file: string): SessionRead {
  const first = all[0];
  if (first?.type !== 'session_start') {
    problems.unshift(`${file}: no session_start header on the first line`);
    return { header: undefined, events: all, problems };
  }
  if (first.v > SESSION_FORMAT_VERSION) {
    problems.unshift(`${file}: written in transcript format v${first.v}; this reader knows v${SESSION_FORMAT_VERSION} and reads what it can`);
  }
  return { header: first, events: all.slice(1), problems };
}

/** Reads a transcript as a stream, line by line (never the whole file at once); refuses what is not a regular file. */
export async function readSession(file: string): Promise<SessionRead> {
  return (await readSessionFile(file)).read;
}

export interface StreamedSession {
  read: SessionRead;
  /** sha256 of the bytes read (hex, first 16 characters). */
  hash: string;
  size: number;
}

/** The sha256 of a file's bytes (hex, first 16 characters), read as a stream. */
export async function hashSessionFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await readFileLines(file, { onChunk: (b) => hash.update(b) });
  return hash.digest('hex').slice(0, 16);
}

/** `hashSessionFile`, synchronously. */
export function hashSessionFileSync(file: string): string {
  const hash = createHash('sha256');
  readFileLinesSync(file, { onChunk: (b) => hash.update(b) });
  return hash.digest('hex').slice(0, 16);
}

/** A transcript's lines as they are read: parsed into events and problems, and hashed. */
class SessionLines {
  private readonly hash = createHash('sha256');
  private readonly all: ReadEvent[] = [];
  private readonly problems: string[] = [];
  private n = 0;
  readonly reading: LineReading = { onChunk: (b) => this.hash.update(b), onLine: (line) => this.take(line, false), maxBytes: MAX_SESSION_BYTES };

  private take(line: string, last: boolean): void {
    this.n++;
    if (line.trim() === '') return;
    const r = parseEventLine(line.replace(/\r$/, ''), `line ${this.n}`, last);
    if (r.event) this.all.push(r.event);
    if (r.problem) this.problems.push(r.problem);
  }

  done({ rest, size }: LinesRead, name: string): StreamedSession {
    if (rest) this.take(rest, true);
    return { read: splitHeader(this.all, this.problems, name), hash: this.hash.digest('hex').slice(0, 16), size };
  }
}

/** A transcript read as a stream: its events (as `readSession`), the hash of its bytes and its size. */
export async function readSessionFile(file: string, name = path.basename(file)): Promise<StreamedSession> {
  const lines = new SessionLines();
  return lines.done(await readFileLines(file, lines.reading), name);
}

/** `readSessionFile`, synchronously (a dream's reading). */
export function readSessionFileSync(file: string, name = path.basename(file)): StreamedSession {
  const lines = new SessionLines();
  return lines.done(readFileLinesSync(file, lines.reading), name);
}

/** A transcript's text, read as `readSession` reads a file; `name` names it in problems. */
export function readSessionText(text: string, name: string): SessionRead {
  const lines = text.split('\n');
  const unterminated = !text.endsWith('\n');
  if (!unterminated) lines.pop(); // the empty string after the final newline
  const { all, problems } = parseLines(lines, (i) => `line ${i + 1}`, unterminated);
  return splitHeader(all, problems, name);
}

export interface SessionInfo {
  /** The session id from the header, or the short id of the file name when the header is unreadable. */
  id: string;
  name: string;
  path: string;
  /** ISO; from the header, else from the file name. */
  startedAt: string | undefined;
  size: number;
  header?: SessionStart;
}

/** The transcripts in a folder, oldest first, reading only each file's first line. */
export async function listSessions(sessionsDir: string): Promise<SessionInfo[]> {
  let names: string[];
  try {
    names = (await fsp.readdir(sessionsDir)).filter((n) => SESSION_FILE_RE.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const infos = await Promise.all(
    names.map(async (name): Promise<SessionInfo | undefined> => {
      const file = path.join(sessionsDir, name);
      try {
        const stat = await fsp.stat(file);
        if (!stat.isFile()) return undefined; // a directory, FIFO or socket with a transcript's name: not one
        const first = await readFirstLine(file);
        let header: SessionStart | undefined;
        try {
          const parsed = sessionStartSchema.safeParse(JSON.parse(first));
          if (parsed.success) header = parsed.data;
        } catch {
          // an unreadable header: the file name still says when and which
        }
        const id = header?.sessionId ?? SESSION_FILE_RE.exec(name)![5];
        return { id, name, path: file, startedAt: header?.startedAt ?? startedAtFromName(name), size: stat.size, header };
      } catch {
        return undefined; // deleted while listing, or unreadable
      }
    }),
  );
  return infos
    .filter((i): i is SessionInfo => i !== undefined)
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.name.localeCompare(b.name));
}
