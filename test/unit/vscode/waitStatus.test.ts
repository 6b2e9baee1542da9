// The panel's live status while a request waits ("Waiting for Claude… 3 s", "Retrying in N s (overloaded)") and
// extended thinking shown as its own collapsed item, from the agent's events (ChatLog → the webview's deltas).
import { strict as assert } from 'assert';
import type { AgentEvent } from '../../../src/core/agent/agentEvents';
import type { WaitStatus } from '../../../src/shared/panelState';
import { ChatLog, type ChatChange } from '../../../src/vscode/chatLog';
import { retryReason } from '../../../src/vscode/waitStatus';

function run(events: AgentEvent[]): { log: ChatLog; statuses: Array<WaitStatus | null>; changes: ChatChange[] } {
  const changes: ChatChange[] = [];
  const log = new ChatLog((c) => changes.push(c));
  for (const e of events) log.apply(e);
  const statuses = changes.flatMap((c) => (c.type === 'waitStatus' ? [c.status] : []));
  return { log, statuses, changes };
}

describe('the wait line and thinking in the chat', () => {
  it('waits from the request until the first token, once (no repeats while the text streams)', () => {
    const { statuses } = run([
      { type: 'user_message', text: 'hi' },
      { type: 'text_delta', text: 'Hel' },
      { type: 'text_delta', text: 'lo' },
      { type: 'assistant_text', text: 'Hello' },
    ]);
    assert.deepEqual(statuses, [{ kind: 'waiting' }, null]);
  });

  it('a retry counts down with its reason, until the retried turn streams', () => {
    const { statuses, log } = run([
      { type: 'user_message', text: 'hi' },
      { type: 'retry', attempt: 1, message: 'Overloaded', delayMs: 2000, kind: 'overloaded' },
      { type: 'retry', attempt: 2, message: 'Rate limited', delayMs: 4000, kind: 'rate_limit' },
      { type: 'text_delta', text: 'ok' },
      { type: 'assistant_text', text: 'ok' },
    ]);
    assert.deepEqual(statuses, [
      { kind: 'waiting' },
      { kind: 'retrying', attempt: 1, reason: 'overloaded', delayMs: 2000 },
      { kind: 'retrying', attempt: 2, reason: 'rate limited', delayMs: 4000 },
      null,
    ]);
    assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'assistant']);
  });

  it('waits again after the last running tool returns (the model is asked again), not while a tool runs', () => {
    const { statuses } = run([
      { type: 'user_message', text: 'run it' },
      { type: 'tool_call', id: 't1', name: 'bash', input: { command: 'ls' } },
      { type: 'tool_call', id: 't2', name: 'bash', input: { command: 'pwd' } },
      { type: 'tool_result', id: 't1', name: 'bash', isError: false, content: 'a', durationMs: 1 },
      { type: 'tool_result', id: 't2', name: 'bash', isError: false, content: '/', durationMs: 1 },
      { type: 'assistant_text', text: 'done' },
    ]);
    assert.deepEqual(statuses, [{ kind: 'waiting' }, null, { kind: 'waiting' }, null]);
  });

  it('stops waiting when the request ends (stopped, failed), and only once', () => {
    const { log, changes } = run([{ type: 'user_message', text: 'hi' }]);
    log.endRequest();
    assert.deepEqual(changes.at(-1), { type: 'waitStatus', status: null });
    const again = run([{ type: 'user_message', text: 'hi' }, { type: 'error', kind: 'auth', message: 'bad key' }]);
    assert.deepEqual(again.statuses, [{ kind: 'waiting' }, null]);
    const before = again.changes.length;
    again.log.endRequest();
    assert.equal(again.changes.filter((c) => c.type === 'waitStatus').length, 2, 'nothing more to report');
    assert.ok(again.changes.length >= before);
  });

  it('puts thinking on the reply it came with (after the streamed text, as the loop emits it): one reply item', () => {
    const { log, statuses } = run([
      { type: 'user_message', text: 'why?' },
      { type: 'text_delta', text: 'Because' },
      { type: 'thinking', text: 'The user asks why. Let me check.' },
      { type: 'assistant_text', text: 'Because.' },
    ]);
    assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'assistant']);
    const reply = log.transcript[1];
    assert.deepEqual(reply.kind === 'assistant' && [reply.thinking, reply.markdown, reply.streaming], ['The user asks why. Let me check.', 'Because.', false]);
    assert.deepEqual(statuses, [{ kind: 'waiting' }, null]);
  });

  it('shows thinking of a turn without text (only tool calls) as its own item before the tool cards', () => {
    const { log } = run([
      { type: 'user_message', text: 'list' },
      { type: 'thinking', text: 'I will run ls.' },
      { type: 'tool_call', id: 't1', name: 'bash', input: { command: 'ls' } },
    ]);
    assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'thinking', 'tool']);
  });

  it('says why a retry happens in a few words', () => {
    assert.equal(retryReason('overloaded'), 'overloaded');
    assert.equal(retryReason('stream_cut'), 'connection cut');
    assert.equal(retryReason('some_new_kind'), 'some new kind');
    assert.equal(retryReason(undefined), 'error');
  });
});
