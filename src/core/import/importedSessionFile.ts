// Writes one imported session as a Lucid transcript, all or nothing. The session recorder writes it (so
// every string is redacted and big outputs capped exactly as in a live session), into a private temp folder
// under `.agent-memory/.cache/`; the finished file is then renamed into `sessions/` in one step, so a reader
// (the dream's cursor) never sees half a file. Each line's `t` is the original time: the recorder's clock is
// set to the event's time just before it is recorded (`record` and `close` read the clock synchronously).
// The file itself gets the current mtime (renaming a just-written file): it is never back-dated, so the
// dream's cursor reads it as new even when its name sorts before files it has already sealed.
//
// A session imported before is rewritten in place (same name, unless its start time changed) only when its
// bytes differ, i.e. the Claude Code transcript grew; otherwise nothing is written and mtime stays.
// A rewritten file is a new file to the dream's cursor: it has a session_end, so the cursor sealed it when it
// read it, and the new mtime makes it read again from the start (the old events come again: at least once).
// Only if the cursor read it within its 2 s settle window and kept an offset would it resume mid-file.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { SessionRecorder, type TextRedactor } from '../sessions/sessionRecorder';
import { sessionFileName } from '../sessions/sessionFiles';
import { VERSION } from '../version';
import type { ClaudeCodeTranscript } from './claudeCodeTranscript';

export const IMPORT_SOURCE = 'claude-code-import';

export interface WriteImportOptions {
  sessionsDir: string;
  /** A folder on the same file system as `sessionsDir` for the temp file (it is created and emptied). */
  tempRoot: string;
  redactor: TextRedactor;
  /** The transcript this session was imported to before, if any. */
  existing?: { name: string; path: string };
}

export interface WriteImportOutcome {
  status: 'written' | 'unchanged';
  /** File name in `sessionsDir`. */
  name: string;
  /** The earlier file this one replaced under another name (its start time changed), if any. */
  removed?: string;
}

/** A workspace from another machine, with any home folder written `~` (no user names in transcripts). */
export function foreignWorkspace(cwd: string): string {
  const m = /^(?:\/Users\/[^/]+|\/home\/[^/]+|\/root|[A-Za-z]:[\\/]Users[\\/][^\\/]+)(?=$|[\\/])(.*)$/.exec(cwd);
  return m ? `~${m[1].replace(/\\/g, '/')}` : cwd;
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(
    () => true,
    () => false,
  );
}

/** Renders the transcript through the recorder into `dir`; returns the file. */
async function render(t: ClaudeCodeTranscript, dir: string, redactor: TextRedactor): Promise<string> {
  const errors: unknown[] = [];
  const start = new Date(t.startedAt ?? t.events[0]?.t ?? 0);
  let clock = start;
  const recorder = await SessionRecorder.create({
    sessionsDir: dir,
    sessionId: t.sessionId,
    redactor,
    start: { workspace: foreignWorkspace(t.cwd ?? 'unknown'), model: t.model ?? 'unknown', lucidVersion: VERSION, source: IMPORT_SOURCE },
    now: () => clock,
    onError: (e) => errors.push(e),
  });
  for (const { t: at, event } of t.events) {
    clock = new Date(at);
    await recorder.record(event);
  }
  clock = new Date(t.endedAt ?? clock);
  await recorder.close(t.endReason);
  await recorder.flush();
  if (errors.length) {
    const first = errors[0];
    throw new Error(`could not write the imported session: ${first instanceof Error ? first.message : String(first)}`);
  }
  return recorder.path!;
}

/** A free name for the session in `sessionsDir` (the plain one, or `-2`, `-3` … when another file has it). */
async function freeName(sessionsDir: string, plain: string, t: ClaudeCodeTranscript, mine?: string): Promise<string> {
  const startedAt = new Date(t.startedAt ?? t.events[0]?.t ?? 0);
  for (let attempt = 1; attempt < 100; attempt++) {
    const name = attempt === 1 ? plain : sessionFileName(startedAt, t.sessionId, attempt);
    if (name === mine || !(await exists(path.join(sessionsDir, name)))) return name;
  }
  throw new Error(`no free file name for session ${t.sessionId} in ${sessionsDir}`);
}

export async function writeImportedSession(t: ClaudeCodeTranscript, o: WriteImportOptions): Promise<WriteImportOutcome> {
  await fsp.mkdir(o.tempRoot, { recursive: true });
  await fsp.mkdir(o.sessionsDir, { recursive: true });
  const dir = await fsp.mkdtemp(path.join(o.tempRoot, 'import-'));
  try {
    const temp = await render(t, dir, o.redactor);
    if (o.existing) {
      const [now, before] = await Promise.all([fsp.readFile(temp), fsp.readFile(o.existing.path).catch(() => undefined)]);
      if (before?.equals(now)) return { status: 'unchanged', name: o.existing.name };
    }
    const name = await freeName(o.sessionsDir, path.basename(temp), t, o.existing?.name);
    await fsp.rename(temp, path.join(o.sessionsDir, name));
    let removed: string | undefined;
    if (o.existing && o.existing.name !== name) {
      await fsp.unlink(o.existing.path).catch(() => undefined);
      removed = o.existing.name;
    }
    await syncDir(o.sessionsDir);
    return { status: 'written', name, ...(removed ? { removed } : {}) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r').catch(() => undefined);
  await fh?.sync().catch(() => undefined);
  await fh?.close().catch(() => undefined);
}
