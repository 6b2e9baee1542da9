// What a running agent session tells its listeners (the recorder, the panel, the CLI). The loop never
// knows who listens: it yields these, in order.

export interface TurnUsage {
  turn: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface RecalledNote {
  id: string;
  title: string;
}

/** One rubric criterion; `run` when it is checked by running a command in the workspace (met when it exits 0). */
export interface OutcomeCriterion {
  text: string;
  run?: string;
}

/** What the user wants produced and how it is graded (issue: outcomes). */
export interface OutcomeDefinition {
  description: string;
  /** The rubric as written (Markdown). */
  rubric: string;
  criteria: OutcomeCriterion[];
  maxIterations: number;
  /** The rubric file's name when it came from `.agent-memory/rubrics/`. */
  rubricName?: string;
}

export type GradeResult = 'satisfied' | 'needs_revision' | 'failed';
export type OutcomeResult = 'satisfied' | 'max_iterations_reached' | 'failed' | 'interrupted';

export interface CriterionVerdict {
  criterion: string;
  met: boolean;
  explanation: string;
  /** For a `run:` criterion: the command and how it ended (exit code; absent when it did not run). */
  check?: { command: string; exitCode?: number };
}

export interface OutcomeEvaluation {
  iteration: number;
  maxIterations: number;
  criteria: CriterionVerdict[];
  result: GradeResult;
  explanation: string;
  /** The grader's tokens for this evaluation (all its attempts). */
  usage: { inputTokens: number; outputTokens: number };
}

/** Tokens a specialist used in all its turns. */
export interface SpecialistUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type SpecialistStatus = 'done' | 'failed' | 'stopped';

export type AgentEvent =
  | { type: 'session_start'; sessionId: string; model: string }
  /** `images`: how many images came with it. */
  | { type: 'user_message'; text: string; images?: number }
  /** A streamed piece of the assistant's reply; `assistant_text` follows with the whole block. */
  | { type: 'text_delta'; text: string }
  | { type: 'assistant_text'; text: string }
  /** The model's extended thinking for this turn (shown collapsed; kept in the conversation, not recorded). */
  | { type: 'thinking'; text: string }
  /** The turn is being retried: drop any `text_delta` shown since the last `assistant_text`. */
  | { type: 'retry'; attempt: number; message: string; delayMs?: number; kind?: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  | { type: 'approval'; toolCallId: string; decision: 'allowed' | 'denied' | 'auto'; reason?: string }
  /** Output of a running tool call as it comes (not recorded: `tool_result` holds the whole). */
  | { type: 'tool_output'; id: string; text: string }
  | {
      type: 'tool_result';
      id: string;
      name: string;
      isError: boolean;
      content: string;
      exitCode?: number;
      durationMs: number;
      meta?: { kind: string; command?: string; file?: string; diff?: string };
    }
  | { type: 'recall'; reason: 'session-start' | 'tool-failure' | 'digest'; notes: RecalledNote[]; toolCallId?: string }
  | ({ type: 'usage' } & TurnUsage)
  | { type: 'error'; kind: string; message: string }
  | { type: 'session_end'; reason: SessionEndReason }
  /** An outcome was attached to the request: the agent works, a grader in a separate context checks it. */
  | { type: 'outcome_start'; outcome: OutcomeDefinition }
  /** The grader is checking iteration `iteration` (its `run:` checks first). */
  | { type: 'outcome_grading'; iteration: number; maxIterations: number }
  | ({ type: 'outcome_evaluation' } & OutcomeEvaluation)
  | { type: 'outcome_end'; result: OutcomeResult; iterations: number; explanation: string }
  /** The older turns were folded into a summary (`limit`: near the context window; `too_long`: the API said so; `asked`: /compact). */
  | { type: 'compacted'; reason: 'limit' | 'too_long' | 'asked'; folded: number; summary: string }
  /** A `delegate` call started a specialist: its own context and transcript (`sessionId`), linked to this call. */
  | { type: 'specialist_start'; callId: string; agent: string; task: string; sessionId: string }
  /** An event of the specialist's own loop (its tool calls, results, approvals, text, usage), as it happens. */
  | { type: 'specialist_event'; callId: string; agent: string; event: AgentEvent }
  | {
      type: 'specialist_end';
      callId: string;
      agent: string;
      status: SpecialistStatus;
      /** Files it changed, commands it ran and those that failed. */
      summary: { filesChanged: string[]; commandsRun: number; commandsFailed: string[] };
      usage: SpecialistUsage;
      error?: string;
    };

export type SessionEndReason = 'completed' | 'stopped' | 'error' | 'max_turns';
