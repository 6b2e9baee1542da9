// A transcript read back into the conversation the model saw: turns by `usage`, tool calls with their results,
// a call left without a result (the session stopped) left out, roles alternating, ending with the assistant.
import { strict as assert } from 'assert';
import { conversationFromEvents } from '../../../src/core/agent/resumeConversation';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';

let seq = 0;
const ev = (e: Record<string, unknown>) => ({ t: '2026-01-01T00:00:00.000Z', seq: ++seq, ...e }) as unknown as ReadEvent;

describe('conversationFromEvents', () => {
  it('rebuilds turns, tool calls and results, and drops a call that never got its result', () => {
    const events = [
      ev({ type: 'user_message', text: 'fix it' }),
      ev({ type: 'usage', turn: 1, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }),
      ev({ type: 'assistant_text', text: 'Looking.' }),
      ev({ type: 'tool_call', id: 'a', name: 'bash', input: { command: 'ls' } }),
      ev({ type: 'approval', toolCallId: 'a', decision: 'auto' }),
      ev({ type: 'tool_result', id: 'a', name: 'bash', ok: true, exitCode: 0, durationMs: 1, output: 'src' }),
      ev({ type: 'tool_call', id: 'b', name: 'bash', input: { command: 'false' } }),
      ev({ type: 'tool_result', id: 'b', name: 'bash', ok: false, exitCode: 1, durationMs: 1, output: '' }),
      ev({ type: 'usage', turn: 2, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }),
      ev({ type: 'assistant_text', text: 'Done.' }),
      ev({ type: 'user_message', text: 'now the docs' }),
      ev({ type: 'usage', turn: 1, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }),
      ev({ type: 'tool_call', id: 'c', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'README.md' } }),
    ];
    const m = conversationFromEvents(events);
    assert.deepEqual(m.map((x) => x.role), ['user', 'assistant', 'user', 'assistant']);
    const blocks = (i: number) => m[i].content as any[];
    assert.deepEqual(blocks(1).map((b) => b.type), ['text', 'tool_use', 'tool_use']);
    assert.deepEqual(blocks(2).map((b) => [b.tool_use_id, b.is_error, b.content[0].text]), [['a', false, 'src'], ['b', true, '(no output)']]);
    assert.equal(blocks(3)[0].text, 'Done.');
    // The last request ("now the docs") never got an answer: it is not sent again as a dangling turn.
    assert.ok(!JSON.stringify(m).includes('now the docs'));
  });

  it('an empty or header-only transcript is an empty conversation', () => {
    assert.deepEqual(conversationFromEvents([]), []);
  });
});
