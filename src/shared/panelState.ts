// What the side panel shows: the host owns this state and sends it to the webview as a snapshot, then as
// deltas (see protocol.ts). Plain data only: it crosses the webview boundary as JSON.

export type ChatItem =
  | { id: string; kind: 'user'; text: string }
  /** Markdown from the model: rendered sanitised. `streaming` while text deltas still arrive; its thinking, collapsed. */
  | { id: string; kind: 'assistant'; markdown: string; streaming?: boolean; thinking?: string }
  | ToolCardItem
  /** Notes the memory brought into the session ("recalled: <title>"). */
  | { id: string; kind: 'recall'; reason: 'session-start' | 'tool-failure'; notes: Array<{ id: string; title: string }> }
  | { id: string; kind: 'error'; message: string }
  | ApprovalItem
  | OutcomeCardItem
  | SpecialistCardItem
  | TurnUsageItem
  | CostItem
  | EditsItem
  | PlanItem
  /** The older turns were folded into a summary (`/compact`, or the loop near the context limit). */
  | { id: string; kind: 'compacted'; reason: 'limit' | 'too_long' | 'asked'; folded: number }
  /** A short line from Lucid itself (a slash command's answer). */
  | { id: string; kind: 'info'; text: string }
  /** The model's extended thinking in a turn without text (shown collapsed; with text it goes on the reply). */
  | { id: string; kind: 'thinking'; text: string }
  /** The grader sent the work back: the message the agent got, before iteration `iteration` of `maxIterations`. */
  | { id: string; kind: 'revision'; iteration: number; maxIterations: number; text: string };

export type OutcomeResultKind = 'satisfied' | 'max_iterations_reached' | 'failed' | 'interrupted';
export type GradeResultKind = 'satisfied' | 'needs_revision' | 'failed';

/** One rubric criterion on the outcome card: `met` is undefined until a grade says. */
export interface OutcomeCriterionView {
  text: string;
  /** The command of a `run:` criterion. */
  run?: string;
  met?: boolean;
  explanation?: string;
  /** How the `run:` check ended (exit code absent when it did not run). */
  check?: { command: string; exitCode?: number };
}

/** An outcome attached to a request, updated live: the agent works, a grader checks, until a terminal result. */
export interface OutcomeCardItem {
  id: string;
  kind: 'outcome';
  description: string;
  rubricName?: string;
  maxIterations: number;
  /** The iteration the agent is on, or the last one graded once the outcome ended. */
  iteration: number;
  /** `working`: the agent; `grading`: the checks and the grader; `done`: `result` is set. */
  phase: 'working' | 'grading' | 'done';
  criteria: OutcomeCriterionView[];
  /** Every grade so far, oldest first. */
  grades: Array<{ iteration: number; result: GradeResultKind; met: number; total: number }>;
  /** The grader's latest explanation, then the final one. */
  explanation?: string;
  result?: OutcomeResultKind;
}

/** Bounds of what the outcome form sends (protocol.ts); the host checks the meaning and explains a refusal. */
export const OUTCOME_DESCRIPTION_MAX = 4000;
export const OUTCOME_RUBRIC_MAX = 40_000;

/** The outcome attached to the next request (validated by the host), shown as a chip above the input. */
export interface PendingOutcome {
  description: string;
  /** The rubric as written. */
  rubric: string;
  maxIterations: number;
  rubricName?: string;
  /** The criteria read from the rubric (for the chip). */
  criteria: string[];
}

/** A rubric the team keeps in `.agent-memory/rubrics/` (offered in the outcome form). */
export interface RubricSummary {
  name: string;
  text: string;
}

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
  /** While running: the output streamed so far (its tail); once ended: the whole output, capped. */
  output?: string;
  durationMs?: number;
  /** When a command started (epoch ms): the card counts the seconds while it runs. */
  startedAt?: number;
  /** The tool call (an edit's card opens its diff by it). */
  callId?: string;
}

/** The files a request edited, with "Undo these edits" while they can be put back (the newest request's only). */
export interface EditsItem {
  id: string;
  kind: 'edits';
  /** Workspace-relative. */
  files: string[];
  state: 'undoable' | 'superseded' | 'undone';
  /** Once undone: the files put back. */
  restored?: string[];
}

/** How the panel's requests are approved: the settings' policy, edits allowed for the session, or plan mode. */
export type ApprovalModeView = 'ask' | 'acceptEdits' | 'plan';

/** After a plan-mode request: "Approve plan" (plan mode off, then "Go ahead with the plan."). */
export interface PlanItem {
  id: string;
  kind: 'plan';
  state: 'pending' | 'approved' | 'superseded';
}

/** Tokens: `inputTokens` counts everything read (fresh, from the cache, written to it). */
export interface TokenCount {
  inputTokens: number;
  outputTokens: number;
}

/** One tool call of a specialist, listed on its card (compact: no output). */
export interface SpecialistToolView {
  id: string;
  action: ToolCardItem['action'];
  subject: string;
  status: ToolCardItem['status'];
  exitCode?: number;
}

/** `queued`: the delegate call waits for a free slot; then running, and how it ended. */
export type SpecialistCardStatus = 'queued' | 'running' | 'done' | 'failed' | 'stopped';

/** A specialist the lead handed a task to (one `delegate` call), updated live where the call is in the turn. */
export interface SpecialistCardItem {
  id: string;
  kind: 'specialist';
  /** The lead's `delegate` call. */
  callId: string;
  agent: string;
  task: string;
  status: SpecialistCardStatus;
  /** The specialist's own session (its transcript). */
  sessionId?: string;
  durationMs?: number;
  /** Its tool calls, oldest first (the newest ones when there are many). */
  tools: SpecialistToolView[];
  /** How many older calls are left out of `tools`. */
  toolsHidden?: number;
  tokens: TokenCount;
  summary?: { filesChanged: string[]; commandsRun: number; commandsFailed: string[] };
  error?: string;
  /** What the lead got back: the specialist's report and its summary line. */
  report?: string;
}

/** The tokens of a request: the lead's, each specialist's, and the total (with cache reads and the cost when known). */
export interface TurnUsageItem {
  id: string;
  kind: 'usage';
  lead: TokenCount;
  specialists: Array<TokenCount & { agent: string }>;
  total: TokenCount;
  /** Of the total's input, how many tokens were read from the cache. */
  cacheReadTokens?: number;
  /** Dollars, when the model has a price. */
  cost?: number;
}

/** `/cost`: the session's tokens so far (specialists included) and their cost when the model has a price. */
export interface CostItem {
  id: string;
  kind: 'cost';
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost?: number;
}

/** A slash command offered when the input starts with `/`. */
export interface SlashCommandView {
  name: string;
  description: string;
  argumentHint?: string;
  /** A project's own command (`.claude/commands/`), not one of Lucid's. */
  custom: boolean;
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
  /** The specialist that asks (absent: the lead agent). */
  agent?: string;
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
  /** The project's instruction files the agent reads (CLAUDE.md, AGENTS.md), with their size and what the cap cut. */
  instructions?: { files: Array<{ file: string; chars: number; cut: number }>; maxChars: number };
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
  /** The outcome the next request carries, when one is attached. */
  pendingOutcome?: PendingOutcome;
  /** The team's rubrics, `default.md` first. */
  rubrics: RubricSummary[];
  /** The slash commands: Lucid's own and the project's (`.claude/commands/`). */
  slashCommands: SlashCommandView[];
  /** The mode switch above the input. */
  approvalMode: ApprovalModeView;
  /** Editor selections, files and folders (`@`) the next request carries (removable chips). */
  attachments: AttachmentView[];
  /** Extended thinking is on (`lucid.thinkingBudget` above 0): the switch above the input. */
  thinking?: boolean;
}

/**
 * What the next request carries: a selection ("Lucid: Add Selection to Chat"), or a file or folder picked with `@`.
 * Paths are workspace-relative.
 */
export type AttachmentView = { id: string; kind?: 'selection'; path: string; startLine: number; endLine: number } | { id: string; kind: 'file' | 'folder'; path: string };

/** A workspace file or folder offered by the `@` list under the input. */
export interface MentionOption {
  /** Workspace-relative, `/`-separated. */
  path: string;
  folder: boolean;
}

/**
 * What the panel shows while a request waits for the model (it counts the seconds from when this arrives), or for
 * a retry: which attempt failed, why in a few words, and how long until the next (counted down).
 */
export type WaitStatus = { kind: 'waiting' } | { kind: 'retrying'; attempt: number; reason: string; delayMs: number };

/** Images pasted or dropped into the input: at most this many per request, each at most this many base64 chars. */
export const MAX_IMAGES = 8;
export const MAX_IMAGE_BASE64 = 7_000_000;

export const emptyMemoryView = (budget = 2000): MemoryViewData => ({ notes: [], digestTokens: 0, budget, proposals: [], problems: [] });
