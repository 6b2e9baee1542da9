// What the side panel shows: the host owns this state and sends it to the webview as a snapshot, then as
// deltas (see protocol.ts). Plain data only: it crosses the webview boundary as JSON.

export type ChatItem =
  | { id: string; kind: 'user'; text: string }
  /** Markdown from the model: rendered sanitised. `streaming` while text deltas still arrive. */
  | { id: string; kind: 'assistant'; markdown: string; streaming?: boolean }
  | ToolCardItem
  /** Notes the memory brought into the session ("recalled: <title>"). */
  | { id: string; kind: 'recall'; reason: 'session-start' | 'tool-failure'; notes: Array<{ id: string; title: string }> }
  | { id: string; kind: 'error'; message: string }
  | ApprovalItem;

export interface ToolCardItem {
  id: string;
  kind: 'tool';
  /** The tool's name (`bash`, `str_replace_based_edit_tool`, `memory`, …). */
  name: string;
  /** What the card is about: a command line, a file, a search. */
  action: 'command' | 'edit' | 'view' | 'search' | 'other';
  /** The command, or the file, or a one-line summary of the input. */
  subject: string;
  status: 'running' | 'ok' | 'error';
  exitCode?: number;
  output?: string;
  durationMs?: number;
}

export type ApprovalSubject = { kind: 'command'; command: string } | { kind: 'edit'; file: string; diff: string };

export interface ApprovalItem {
  id: string;
  kind: 'approval';
  requestId: string;
  request: ApprovalSubject;
  /** "Always allow this command" is offered (commands only). */
  canAlways: boolean;
  status: 'pending' | 'allowed' | 'denied';
  reason?: string;
}

export interface SessionSummary {
  id: string;
  /** ISO time the session started, when known. */
  startedAt?: string;
  model?: string;
}

export interface NoteSummary {
  id: string;
  kind: string;
  title: string;
  status: string;
  provenance: string;
  /** How many sessions showed it, when it was last seen, and up to two short examples. */
  evidence: { sessions: number; lastSeen?: string; examples: string[] };
  recalled: number;
  inDigest: boolean;
  reason?: string;
}

export interface ProposalSummary {
  /** Identifies the proposal file to the host (the host re-checks it is a pending proposal). */
  file: string;
  createdAt: string;
  changes: Array<{ id: string; title: string; op: string; reason: string }>;
}

export interface MemoryViewData {
  notes: NoteSummary[];
  digestTokens: number;
  budget: number;
  /** Markdown of the newest dream report. */
  lastReport?: string;
  proposals: ProposalSummary[];
  problems: string[];
}

export type PanelTab = 'chat' | 'memory';

export interface PanelState {
  hasApiKey: boolean;
  trusted: boolean;
  /** The workspace folder's name; null without a folder. */
  workspace: string | null;
  busy: boolean;
  tab: PanelTab;
  transcript: ChatItem[];
  /** Set when the transcript shows a recorded session (read-only). */
  viewingSession?: SessionSummary;
  /** Recent recorded sessions, newest first. */
  sessions: SessionSummary[];
  memory: MemoryViewData;
}

export const emptyMemoryView = (budget = 2000): MemoryViewData => ({ notes: [], digestTokens: 0, budget, proposals: [], problems: [] });
