// The panel's "Waiting for Claude… 3 s" line: on from a request's message until the model's first text, thinking or
// tool call, and again after the last running tool returns (the model is asked again); a retry turns it into
// "Retrying in N s (overloaded)" until the retried turn streams. Reports changes only. Pure: unit-tested.
import type { AgentEvent } from '../core/agent/agentEvents';
import type { WaitStatus } from '../shared/panelState';

export class WaitTracker {
  private current: WaitStatus | null = null;
  private running = 0;

  constructor(private readonly onChange: (status: WaitStatus | null) => void) {}

  get status(): WaitStatus | null {
    return this.current;
  }

  /** Starts over (a new chat): nothing waits, nothing is reported. */
  reset(): void {
    this.current = null;
    this.running = 0;
  }

  set(status: WaitStatus | null): void {
    if (!status && !this.current) return;
    this.current = status;
    this.onChange(status);
  }

  follow(e: AgentEvent): void {
    switch (e.type) {
      case 'user_message':
        this.running = 0;
        return this.set({ kind: 'waiting' });
      case 'retry':
        return this.set({ kind: 'retrying', attempt: e.attempt, reason: retryReason(e.kind), delayMs: Math.max(0, e.delayMs ?? 0) });
      case 'tool_call':
        this.running++;
        return this.set(null);
      case 'tool_result':
        this.running = Math.max(0, this.running - 1);
        if (!this.running) this.set({ kind: 'waiting' });
        return;
      case 'text_delta':
      case 'assistant_text':
      case 'thinking':
      case 'error':
      case 'compacted':
      case 'approval':
      case 'outcome_grading':
      case 'outcome_end':
      case 'session_end':
        return this.set(null);
      default:
        return;
    }
  }
}

const REASONS: Record<string, string> = {
  overloaded: 'overloaded',
  rate_limit: 'rate limited',
  server: 'server error',
  network: 'connection failed',
  stream_cut: 'connection cut',
};

/** A model error's kind in a few words (unknown kinds as written, `_` as spaces). */
export function retryReason(kind: string | undefined): string {
  if (!kind) return 'error';
  return REASONS[kind] ?? kind.replace(/_/g, ' ');
}
