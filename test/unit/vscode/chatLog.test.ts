import { strict as assert } from 'assert';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import { capOutput, ChatLog, describeCall, type ChatChange } from '../../../src/vscode/chatLog';

describe('ChatLog (agent events → chat items)', () => {
  const make = () => {
    const changes: ChatChange[] = [];
    return { log: new ChatLog((c) => changes.push(c)), changes };
  };

  it('streams a reply: one item, text deltas, then the final text', () => {
    const { log, changes } = make();
    log.apply({ type: 'user_message', text: 'hi' });
    log.apply({ type: 'text_delta', text: 'Hel' });
    log.apply({ type: 'text_delta', text: 'lo' });
    log.apply({ type: 'assistant_text', text: 'Hello' });
    assert.deepEqual(
      log.transcript.map((i) => i.kind),
      ['user', 'assistant'],
    );
    const reply = log.transcript[1];
    assert.equal(reply.kind === 'assistant' && reply.markdown, 'Hello');
    assert.equal(reply.kind === 'assistant' && reply.streaming, false);
    assert.deepEqual(
      changes.filter((c) => c.type === 'appendText').map((c) => c.type === 'appendText' && c.text),
      ['Hel', 'lo'],
    );
  });

  it('clears streamed text on retry', () => {
    const { log } = make();
    log.apply({ type: 'text_delta', text: 'partial' });
    log.apply({ type: 'retry', attempt: 1, message: 'overloaded' });
    log.apply({ type: 'text_delta', text: 'again' });
    log.apply({ type: 'assistant_text', text: 'again' });
    assert.equal(log.transcript.length, 1);
    const r = log.transcript[0];
    assert.equal(r.kind === 'assistant' && r.markdown, 'again');
  });

  it('turns a tool call and its result into one card, with the exit code and output', () => {
    const { log } = make();
    log.apply({ type: 'tool_call', id: 't1', name: 'bash', input: { command: 'npm test' } });
    assert.deepEqual(log.transcript[0], { id: 'i1', kind: 'tool', name: 'bash', action: 'command', subject: 'npm test', status: 'running' });
    log.apply({ type: 'tool_result', id: 't1', name: 'bash', isError: true, content: 'boom', exitCode: 1, durationMs: 5, meta: { kind: 'command', command: 'npm test' } });
    assert.equal(log.transcript.length, 1);
    assert.deepEqual(log.transcript[0], { id: 'i1', kind: 'tool', name: 'bash', action: 'command', subject: 'npm test', status: 'error', exitCode: 1, output: 'boom', durationMs: 5 });
  });

  it('shows the edited file (relative, from the result) on an edit card', () => {
    const { log } = make();
    log.apply({ type: 'tool_call', id: 't1', name: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: '/w/src/a.ts' } });
    log.apply({ type: 'tool_result', id: 't1', name: 'str_replace_based_edit_tool', isError: false, content: 'ok', durationMs: 1, meta: { kind: 'edit', file: 'src/a.ts' } });
    const card = log.transcript[0];
    assert.equal(card.kind === 'tool' && card.action, 'edit');
    assert.equal(card.kind === 'tool' && card.subject, 'src/a.ts');
  });

  it('shows recalls with note titles and errors as items; ends a cut reply', () => {
    const { log } = make();
    log.apply({ type: 'recall', reason: 'session-start', notes: [{ id: 'n1', title: 'Use Node 20' }] });
    log.apply({ type: 'recall', reason: 'tool-failure', notes: [] });
    log.apply({ type: 'text_delta', text: 'par' });
    log.apply({ type: 'error', kind: 'overloaded', message: 'The API is overloaded.' });
    assert.deepEqual(log.transcript.map((i) => i.kind), ['recall', 'assistant', 'error']);
    const recall = log.transcript[0];
    assert.deepEqual(recall.kind === 'recall' && recall.notes, [{ id: 'n1', title: 'Use Node 20' }]);
    const reply = log.transcript[1];
    assert.equal(reply.kind === 'assistant' && reply.streaming, false);
  });

  it('ignores bookkeeping events', () => {
    const { log, changes } = make();
    log.apply({ type: 'session_start', sessionId: 's', model: 'm' });
    log.apply({ type: 'usage', turn: 1, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 });
    log.apply({ type: 'approval', toolCallId: 't', decision: 'auto' });
    log.apply({ type: 'session_end', reason: 'completed' });
    assert.equal(log.transcript.length, 0);
    assert.equal(changes.length, 0);
  });

  it('adds and updates items directly (approvals) and reports both', () => {
    const { log, changes } = make();
    const item = log.add({ kind: 'approval', requestId: 'r', request: { kind: 'command', command: 'ls' }, canAlways: true, status: 'pending' });
    log.update(item.id, { status: 'allowed' });
    assert.equal(changes.length, 2);
    const last = log.transcript[0];
    assert.equal(last.kind === 'approval' && last.status, 'allowed');
  });

  it('replays a recorded session read-only', () => {
    const t = '2025-01-01T00:00:00.000Z';
    const events = [
      { type: 'user_message', t, seq: 1, text: 'build it' },
      { type: 'recall', t, seq: 2, reason: 'session-start', noteIds: ['a', 'b'], noteTitles: ['A'] },
      { type: 'tool_call', t, seq: 3, id: 'x', name: 'bash', input: { command: 'make' } },
      { type: 'tool_result', t, seq: 4, id: 'x', name: 'bash', ok: true, exitCode: 0, durationMs: 3, output: 'done' },
      { type: 'tool_call', t, seq: 5, id: 'y', name: 'bash', input: { command: 'never finished' } },
      { type: 'assistant_text', t, seq: 6, text: 'Built.' },
      { type: 'unknown', originalType: 'future', data: {} },
    ] as ReadEvent[];
    const items = ChatLog.fromRecorded(events);
    assert.deepEqual(items.map((i) => i.kind), ['user', 'recall', 'tool', 'tool', 'assistant']);
    const recall = items[1];
    assert.deepEqual(recall.kind === 'recall' && recall.notes, [{ id: 'a', title: 'A' }, { id: 'b', title: 'b' }]);
    const done = items[2];
    assert.equal(done.kind === 'tool' && done.exitCode, 0);
    const unfinished = items[3];
    assert.equal(unfinished.kind === 'tool' && unfinished.status, 'error');
  });

  it('describes calls of every tool', () => {
    assert.deepEqual(describeCall('bash', { command: 'ls' }), { action: 'command', subject: 'ls' });
    assert.deepEqual(describeCall('bash', { restart: true }), { action: 'command', subject: '(restart the shell)' });
    assert.deepEqual(describeCall('memory', { command: 'view', path: '/memories' }), { action: 'view', subject: '/memories' });
    assert.deepEqual(describeCall('search_workspace', { pattern: 'foo', glob: '*.ts' }), { action: 'search', subject: 'foo  in *.ts' });
    assert.equal(describeCall('other', { a: 'x'.repeat(400) }).subject.length, 161);
    assert.deepEqual(describeCall('bash', null), { action: 'command', subject: '(no command)' });
  });

  it('caps long output to head and tail', () => {
    const out = capOutput('a'.repeat(50) + 'b'.repeat(50), 20);
    assert.ok(out.startsWith('aaaaaaaaaa\n…[80 characters not shown]…\n'));
    assert.ok(out.endsWith('bbbbbbbbbb'));
    assert.equal(capOutput('short', 20), 'short');
  });
});
