// The events of `lucid run` as printed: the streamed reply and each command's streamed output pass through a
// StreamGate, so a secret split between two deltas is redacted like one that arrives whole (stdout is often a file
// or a CI log). A streamed piece is printed once its line is complete; anything else printed first flushes what is
// held, so the order stays that of the session.
import type { AgentEvent } from '../core/agent/agentEvents';
import { StreamGate } from '../core/redact/streamGate';

export class GatedEvents {
  private reply = new StreamGate();
  private readonly outputs = new Map<string, StreamGate>();

  /** The events to print for `e` (none, one, or what was held and then `e`). */
  take(e: AgentEvent): AgentEvent[] {
    if (e.type === 'text_delta') return this.delta(this.reply.push(e.text));
    if (e.type === 'tool_output') {
      const gate = this.outputs.get(e.id) ?? this.outputs.set(e.id, new StreamGate()).get(e.id)!;
      const text = gate.push(e.text);
      return text ? [{ ...e, text }] : [];
    }
    // A retried turn streams its text again: what is held of it is dropped, not printed twice.
    if (e.type === 'retry') this.reply = new StreamGate();
    const held = [...this.delta(this.reply.flush())];
    if (e.type === 'tool_result') held.push(...this.endOutput(e.id));
    return [...held, e];
  }

  /** What is still held, at the end of the run. */
  flush(): AgentEvent[] {
    return [...this.delta(this.reply.flush()), ...[...this.outputs.keys()].flatMap((id) => this.endOutput(id))];
  }

  private delta(text: string): AgentEvent[] {
    return text ? [{ type: 'text_delta', text }] : [];
  }

  private endOutput(id: string): AgentEvent[] {
    const text = this.outputs.get(id)?.flush() ?? '';
    this.outputs.delete(id);
    return text ? [{ type: 'tool_output', id, text }] : [];
  }
}
