// The recorded sessions the panel lists and reopens: the recent ones (a specialist's shows on its lead's card), and
// one read back for a read-only view, with its specialists' transcripts. No `vscode` import.
import { memoryPaths } from '../core/memory/memoryLayout';
import { listSessions, readSession } from '../core/sessions/sessionReader';
import type { ReadEvent } from '../core/sessions/sessionSchema';
import type { ChatItem, SessionSummary } from '../shared/panelState';
import { ChatLog } from './chatLog';
import { readChildTranscripts } from './specialists';

const RECENT_SESSIONS = 10;

type Listed = Awaited<ReturnType<typeof listSessions>>[number];

const summary = (s: Listed): SessionSummary => ({ id: s.id, ...(s.startedAt ? { startedAt: s.startedAt } : {}), ...(s.header?.model ? { model: s.header.model } : {}) });

/** Recent recorded sessions, newest first, without `exceptId` (the live one). */
export async function recentSessions(root: string, exceptId: string | undefined): Promise<SessionSummary[]> {
  const all = await listSessions(memoryPaths(root).sessions).catch(() => []);
  return all
    .filter((s) => s.id !== exceptId && !s.header?.parent)
    .reverse()
    .slice(0, RECENT_SESSIONS)
    .map(summary);
}

export interface RecordedSession {
  summary: SessionSummary;
  events: ReadEvent[];
  items: ChatItem[];
  problems: string[];
}

/** A recorded session by id, read and replayed into chat items; undefined when it is no longer there. */
export async function readRecordedSession(root: string, id: string): Promise<RecordedSession | undefined> {
  const dir = memoryPaths(root).sessions;
  const info = (await listSessions(dir)).find((s) => s.id === id);
  if (!info) return undefined;
  const read = await readSession(info.path);
  const items = ChatLog.fromRecorded(read.events, await readChildTranscripts(dir, read.events), info.header?.model);
  return { summary: summary(info), events: read.events, items, problems: read.problems.map((p) => `${info.name}: ${p}`) };
}
