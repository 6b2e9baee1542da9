// The session transcript: `.agent-memory/sessions/<YYYY-MM-DD>T<HHMMSS>-<shortid>.jsonl`, one JSON event a
// line, appended as it happens. The first line is the `session_start` header and carries the format
// version `v`. This schema is a contract with later versions of Lucid and with the dream that learns from
// transcripts: add event types and optional fields freely (old readers keep unknown types as `unknown`
// events); never rename, remove or retype a field without raising `v`.
import { z } from 'zod';

export const SESSION_FORMAT_VERSION = 1;

const iso = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

/** Every line has its type, a timestamp and a sequence number that only grows within a file. */
const line = <T extends string>(type: T) => ({ type: z.literal(type), t: iso, seq: count });

export const SESSION_SOURCES = ['lucid', 'claude-code-import'] as const;
export const END_REASONS = ['completed', 'stopped', 'error', 'max_turns'] as const;
/** `digest`: the notes listed in the digest at session start (in context, not shown as recalled). */
export const RECALL_REASONS = ['session-start', 'tool-failure', 'digest'] as const;
export const APPROVAL_DECISIONS = ['allowed', 'denied', 'auto'] as const;
export const GRADE_RESULTS = ['satisfied', 'needs_revision', 'failed'] as const;
export const OUTCOME_RESULTS = ['satisfied', 'max_iterations_reached', 'failed', 'interrupted'] as const;

export const sessionStartSchema = z.object({
  ...line('session_start'),
  v: z.number().int().min(1),
  sessionId: z.string().min(1),
  startedAt: iso,
  /** A display name, or a path with the home directory written `~`: never a full home path. */
  workspace: z.string(),
  model: z.string(),
  /** Who wrote the transcript: one of SESSION_SOURCES, or a later source this version does not know. */
  source: z.string().min(1),
  lucidVersion: z.string(),
  /** A specialist's session: the lead's session, the `delegate` call that started it, and the specialist's name. */
  parent: z.object({ sessionId: z.string().min(1), callId: z.string().min(1), agent: z.string().min(1) }).optional(),
  /** A continued session: the one whose conversation it goes on with (its own events stay in that file). */
  resumedFrom: z.string().min(1).optional(),
});

export const truncationSchema = z.object({
  /** Length of the output before it was cut (after redaction). */
  originalChars: count,
  keptHead: count,
  keptTail: count,
});

export const sessionBodyEventSchema = z.discriminatedUnion('type', [
  /** `images`: how many images came with it (their data is not recorded). */
  z.object({ ...line('user_message'), text: z.string(), images: count.optional() }),
  z.object({ ...line('assistant_text'), text: z.string() }),
  z.object({ ...line('tool_call'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() }),
  z.object({
    ...line('tool_result'),
    id: z.string().min(1),
    name: z.string().min(1),
    ok: z.boolean(),
    exitCode: z.number().int().nullable().optional(),
    durationMs: z.number().min(0),
    /** Redacted, and capped: head and tail kept around a `…[lucid: N characters cut]…` marker. */
    output: z.string(),
    truncated: truncationSchema.optional(),
  }),
  z.object({
    ...line('recall'),
    noteIds: z.array(z.string()),
    noteTitles: z.array(z.string()).optional(),
    reason: z.enum(RECALL_REASONS),
    toolCallId: z.string().optional(),
  }),
  z.object({
    ...line('usage'),
    inputTokens: count,
    outputTokens: count,
    cacheReadTokens: count,
    cacheWriteTokens: count,
    turn: count,
  }),
  z.object({
    ...line('approval'),
    toolCallId: z.string().min(1),
    decision: z.enum(APPROVAL_DECISIONS),
    reason: z.string().optional(),
  }),
  z.object({ ...line('error'), kind: z.string().min(1), message: z.string() }),
  /** An outcome attached to a request: what to produce and the rubric it is graded against. */
  z.object({
    ...line('outcome_start'),
    description: z.string(),
    rubric: z.string(),
    criteria: z.array(z.object({ text: z.string(), run: z.string().optional() })),
    maxIterations: z.number().int().min(1),
    rubricName: z.string().optional(),
  }),
  /** One grading: each criterion's verdict, the result, the grader's tokens. */
  z.object({
    ...line('outcome_evaluation'),
    iteration: z.number().int().min(1),
    maxIterations: z.number().int().min(1),
    criteria: z.array(z.object({
      criterion: z.string(),
      met: z.boolean(),
      explanation: z.string(),
      check: z.object({ command: z.string(), exitCode: z.number().int().optional() }).optional(),
    })),
    result: z.enum(GRADE_RESULTS),
    explanation: z.string(),
    usage: z.object({ inputTokens: count, outputTokens: count }),
  }),
  z.object({ ...line('outcome_end'), result: z.enum(OUTCOME_RESULTS), iterations: count, explanation: z.string() }),
  /** The conversation sent to the model was compacted (the events above stay in this file). */
  z.object({ ...line('compaction'), reason: z.enum(['limit', 'too_long', 'asked']), folded: count, summary: z.string() }),
  /** A specialist the lead started (its own transcript is `sessionId`), and how it ended with its tokens. */
  z.object({ ...line('specialist_start'), callId: z.string().min(1), agent: z.string().min(1), task: z.string(), sessionId: z.string().min(1) }),
  z.object({
    ...line('specialist_end'),
    callId: z.string().min(1),
    agent: z.string().min(1),
    status: z.enum(['done', 'failed', 'stopped']),
    summary: z.object({ filesChanged: z.array(z.string()), commandsRun: count, commandsFailed: z.array(z.string()) }),
    usage: z.object({ inputTokens: count, outputTokens: count, cacheReadTokens: count, cacheWriteTokens: count }),
    error: z.string().optional(),
  }),
]);

export const sessionEndSchema = z.object({ ...line('session_end'), endedAt: iso, reason: z.enum(END_REASONS) });

export const sessionEventSchema = z.discriminatedUnion('type', [sessionStartSchema, sessionBodyEventSchema, sessionEndSchema]);

export type SessionStart = z.infer<typeof sessionStartSchema>;
export type SessionParent = NonNullable<SessionStart['parent']>;
export type SessionBodyEvent = z.infer<typeof sessionBodyEventSchema>;
export type SessionEnd = z.infer<typeof sessionEndSchema>;
export type SessionEvent = z.infer<typeof sessionEventSchema>;
export type SessionEventType = SessionEvent['type'];
export type EndReason = (typeof END_REASONS)[number];
export type Truncation = z.infer<typeof truncationSchema>;

export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<SessionEventType>([
  'session_start',
  'user_message',
  'assistant_text',
  'tool_call',
  'tool_result',
  'recall',
  'usage',
  'approval',
  'error',
  'outcome_start',
  'outcome_evaluation',
  'outcome_end',
  'specialist_start',
  'specialist_end',
  'compaction',
  'session_end',
]);

/**
 * A line this version cannot use: a type from a later version, or a known type whose fields do not fit.
 * Kept whole in `data`, so nothing in the file is lost to an older reader.
 */
export interface UnknownEvent {
  type: 'unknown';
  originalType: string;
  t?: string;
  seq?: number;
  data: Record<string, unknown>;
}

export type ReadEvent = SessionEvent | UnknownEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a caller hands the recorder: a body event without `t` and `seq` (the recorder stamps them). */
export type SessionEventInput = DistributiveOmit<SessionBodyEvent, 't' | 'seq'>;
