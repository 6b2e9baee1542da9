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

export type AgentEvent =
  | { type: 'session_start'; sessionId: string; model: string }
  | { type: 'user_message'; text: string }
  /** A streamed piece of the assistant's reply; `assistant_text` follows with the whole block. */
  | { type: 'text_delta'; text: string }
  | { type: 'assistant_text'; text: string }
  /** The turn is being retried: drop any `text_delta` shown since the last `assistant_text`. */
  | { type: 'retry'; attempt: number; message: string }
  | { type: 'tool_call'; id: string; name: string; input: unknown }
  | { type: 'approval'; toolCallId: string; decision: 'allowed' | 'denied' | 'auto'; reason?: string }
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
  | { type: 'session_end'; reason: SessionEndReason };

export type SessionEndReason = 'completed' | 'stopped' | 'error' | 'max_turns';
