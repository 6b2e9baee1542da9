// Is there anything for an idle dream to do? Answered cheaply (directory listings and stats, no reading of
// transcripts), so the idle check can ask every half minute: sessions the dream has not read at their current
// size and time, or notes that changed (a teammate's notes arriving with a pull) since the caller last looked.
import { promises as fsp } from 'fs';
import * as path from 'path';
import type { MemoryPaths } from '../memory/memoryLayout';
import { hasChangedSessions, type SessionIndex } from '../sessions/sessionIndex';
import { DREAM_STATE_FILE } from './dreamState';

/** The dream's index of read transcripts, read without side effects (a damaged or older state reads as "start over"). */
export async function readDreamIndex(paths: Pick<MemoryPaths, 'root'>): Promise<SessionIndex> {
  try {
    const state = JSON.parse(await fsp.readFile(path.join(paths.root, DREAM_STATE_FILE), 'utf8')) as { v?: number; files?: SessionIndex };
    return state?.v === 2 && state.files && typeof state.files === 'object' ? state.files : {};
  } catch {
    return {};
  }
}

/** Sessions recorded or changed since the last dream of this workspace (in any window or the CLI). */
export async function sessionsPending(paths: Pick<MemoryPaths, 'root' | 'sessions'>): Promise<boolean> {
  return hasChangedSessions(paths.sessions, await readDreamIndex(paths));
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
