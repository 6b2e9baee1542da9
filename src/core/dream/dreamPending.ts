// Is there anything for an idle dream to do? Answered cheaply (directory listings and stats, no reading of
// transcripts), so the idle check can ask every half minute: sessions the dream's cursor has not consumed,
// or notes that changed (a teammate's notes arriving with a pull) since the caller last looked.
import { promises as fsp } from 'fs';
import * as path from 'path';
import type { MemoryPaths } from '../memory/memoryLayout';
import { emptyCursor, type SessionCursor } from '../sessions/sessionCursor';
import { SESSION_FILE_RE } from '../sessions/sessionFiles';
import { DREAM_STATE_FILE } from './dreamState';

/**
 * True when `readSessionsSince(sessionsDir, cursor)` would have something to read: a session file the cursor
 * does not cover, or one whose size differs from the offset consumed. (A file that only grew by a line still
 * being written also counts: the caller limits how often it dreams.)
 */
export async function hasNewSessions(sessionsDir: string, cursor: SessionCursor): Promise<boolean> {
  const names = (await fsp.readdir(sessionsDir).catch(() => [] as string[])).filter((n) => SESSION_FILE_RE.test(n));
  const sealed = cursor.sealed;
  for (const name of names) {
    const stat = await fsp.stat(path.join(sessionsDir, name)).catch(() => undefined);
    if (!stat) continue;
    const prev = cursor.files[name];
    if (prev) {
      if (stat.size !== prev.offset) return true;
      continue;
    }
    if (sealed && name <= sealed.through && stat.mtimeMs < sealed.beforeMs) continue;
    return true;
  }
  return false;
}

/** The dream's session cursor, read without side effects (a damaged state reads as "start over"). */
export async function readDreamCursor(paths: Pick<MemoryPaths, 'root'>): Promise<SessionCursor> {
  try {
    const state = JSON.parse(await fsp.readFile(path.join(paths.root, DREAM_STATE_FILE), 'utf8')) as { cursor?: SessionCursor };
    return state?.cursor && typeof state.cursor === 'object' && state.cursor.files ? state.cursor : emptyCursor();
  } catch {
    return emptyCursor();
  }
}

/** Sessions recorded since the last dream of this workspace (in any window or the CLI). */
export async function sessionsPending(paths: Pick<MemoryPaths, 'root' | 'sessions'>): Promise<boolean> {
  return hasNewSessions(paths.sessions, await readDreamCursor(paths));
}

/** A cheap fingerprint of the notes folder (names, sizes, mtimes): it changes when a pull brings notes. */
export async function notesFingerprint(notesDir: string): Promise<string> {
  const names = (await fsp.readdir(notesDir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  const parts: string[] = [];
  for (const name of names) {
    const stat = await fsp.stat(path.join(notesDir, name)).catch(() => undefined);
    if (stat) parts.push(`${name}:${stat.size}:${Math.round(stat.mtimeMs)}`);
  }
  return parts.join('|');
}
