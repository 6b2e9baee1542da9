import { strict as assert } from 'assert';
import type { AgentEvent, OutcomeDefinition } from '../../../src/core/agent/agentEvents';
import { withOutcome } from '../../../src/core/outcome/outcomeLoop';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import type { ChatItem, OutcomeCardItem, ToolCardItem } from '../../../src/shared/panelState';
import { ChatLog, type ChatChange } from '../../../src/vscode/chatLog';
import { appendStreamed, capOutput, describeCall, EARLIER_OUTPUT } from '../../../src/vscode/toolItems';

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
    const before = Date.now();
    log.apply({ type: 'tool_call', id: 't1', name: 'bash', input: { command: 'npm test' } });
    const { startedAt, ...running } = log.transcript[0] as ToolCardItem;
    assert.deepEqual(running, { id: 'i1', kind: 'tool', name: 'bash', callId: 't1', action: 'command', subject: 'npm test', status: 'running' });
    assert.ok(startedAt !== undefined && startedAt >= before && startedAt <= Date.now(), 'a running command knows when it started');
    log.apply({ type: 'tool_result', id: 't1', name: 'bash', isError: true, content: 'boom', exitCode: 1, durationMs: 5, meta: { kind: 'command', command: 'npm test' } });
    assert.equal(log.transcript.length, 1);
    assert.deepEqual(log.transcript[0], { id: 'i1', kind: 'tool', name: 'bash', callId: 't1', action: 'command', subject: 'npm test', status: 'error', exitCode: 1, output: 'boom', durationMs: 5, startedAt });
  });

  it('streams a running command\'s output onto its card; the final output replaces it', () => {
    const { log, changes } = make();
    log.apply({ type: 'tool_call', id: 't1', name: 'bash', input: { command: 'echo first; sleep 2; echo second' } });
    log.apply({ type: 'tool_output', id: 't1', text: 'first\n' });
    let card = log.transcript[0] as ToolCardItem;
    assert.equal(card.status, 'running');
    assert.equal(card.output, 'first\n');
    assert.deepEqual(changes.at(-1), { type: 'item', item: card });
    log.apply({ type: 'tool_output', id: 't1', text: 'sec' });
    log.apply({ type: 'tool_output', id: 'unknown', text: 'ignored' });
    assert.equal((log.transcript[0] as ToolCardItem).output, 'first\nsec');
    log.apply({ type: 'tool_result', id: 't1', name: 'bash', isError: false, content: 'first\nsecond\n', exitCode: 0, durationMs: 2000 });
    card = log.transcript[0] as ToolCardItem;
    assert.equal(card.output, 'first\nsecond\n');
    assert.equal(card.exitCode, 0);
    log.apply({ type: 'tool_output', id: 't1', text: 'late' });
    assert.equal((log.transcript[0] as ToolCardItem).output, 'first\nsecond\n', 'output after the end is dropped');
  });

  it('keeps the tail of a long streamed output behind a marker', () => {
    assert.equal(appendStreamed(undefined, 'abc', 5), 'abc');
    assert.equal(appendStreamed('abc', 'defg', 5), `${EARLIER_OUTPUT}cdefg`);
    assert.equal(appendStreamed(`${EARLIER_OUTPUT}cdefg`, 'h', 5), `${EARLIER_OUTPUT}defgh`);
    assert.equal(appendStreamed(`${EARLIER_OUTPUT}cd`, 'e', 5), `${EARLIER_OUTPUT}cde`);
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

  describe('outcomes', () => {
    const outcome: OutcomeDefinition = {
      description: 'A greeting.txt that says hello',
      rubric: '- The file greets the reader\n- run: grep -q hello greeting.txt',
      criteria: [{ text: 'The file greets the reader' }, { text: 'run: grep -q hello greeting.txt', run: 'grep -q hello greeting.txt' }],
      maxIterations: 3,
      rubricName: 'default.md',
    };
    const usage = { inputTokens: 10, outputTokens: 5 };
    const firstGrade: AgentEvent = {
      type: 'outcome_evaluation',
      iteration: 1,
      maxIterations: 3,
      criteria: [
        { criterion: 'The file greets the reader', met: true, explanation: 'It says hello.' },
        { criterion: 'run: grep -q hello greeting.txt', met: false, explanation: '`grep -q hello greeting.txt` exited 2: No such file', check: { command: 'grep -q hello greeting.txt', exitCode: 2 } },
      ],
      result: 'needs_revision',
      explanation: 'greeting.txt does not exist.',
      usage,
    };
    const secondGrade: AgentEvent = {
      type: 'outcome_evaluation',
      iteration: 2,
      maxIterations: 3,
      criteria: [
        { criterion: 'The file greets the reader', met: true, explanation: 'It says hello.' },
        { criterion: 'grep check', met: true, explanation: '`grep -q hello greeting.txt` exited 0.', check: { command: 'grep -q hello greeting.txt', exitCode: 0 } },
      ],
      result: 'satisfied',
      explanation: 'Every criterion is met.',
      usage,
    };
    const twoIterations: AgentEvent[] = [
      { type: 'outcome_start', outcome },
      { type: 'user_message', text: withOutcome('Write a greeting', outcome) },
      { type: 'assistant_text', text: 'Done, I think.' },
      { type: 'outcome_grading', iteration: 1, maxIterations: 3 },
      firstGrade,
      { type: 'user_message', text: 'A grader checked your work against the rubric: it needs revision (iteration 1 of 3).' },
      { type: 'tool_call', id: 't1', name: 'bash', input: { command: 'echo hello > greeting.txt' } },
      { type: 'tool_result', id: 't1', name: 'bash', isError: false, content: '', exitCode: 0, durationMs: 3 },
      { type: 'assistant_text', text: 'Created greeting.txt.' },
      { type: 'outcome_grading', iteration: 2, maxIterations: 3 },
      secondGrade,
      { type: 'outcome_end', result: 'satisfied', iterations: 2, explanation: 'Every criterion is met.' },
    ];
    const cardOf = (items: ChatItem[]) => items.find((i): i is OutcomeCardItem => i.kind === 'outcome')!;
    const finalCard: OutcomeCardItem = {
      id: 'i2',
      kind: 'outcome',
      description: 'A greeting.txt that says hello',
      rubricName: 'default.md',
      maxIterations: 3,
      iteration: 2,
      phase: 'done',
      result: 'satisfied',
      explanation: 'Every criterion is met.',
      criteria: [
        { text: 'The file greets the reader', met: true, explanation: 'It says hello.' },
        {
          text: 'run: grep -q hello greeting.txt',
          run: 'grep -q hello greeting.txt',
          met: true,
          explanation: '`grep -q hello greeting.txt` exited 0.',
          check: { command: 'grep -q hello greeting.txt', exitCode: 0 },
        },
      ],
      grades: [
        { iteration: 1, result: 'needs_revision', met: 1, total: 2 },
        { iteration: 2, result: 'satisfied', met: 2, total: 2 },
      ],
    };

    it('shows one card after the request, updated live through two iterations, and the revision as its own line', () => {
      const { log, changes } = make();
      for (const e of twoIterations) log.apply(e);
      assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'outcome', 'assistant', 'revision', 'tool', 'assistant']);
      assert.deepEqual(cardOf(log.transcript), finalCard);
      assert.deepEqual(log.transcript[0], { id: 'i1', kind: 'user', text: 'Write a greeting' }, 'what the user typed; the card shows the rubric');
      const revision = log.transcript[3];
      assert.deepEqual(revision, { id: 'i4', kind: 'revision', iteration: 2, maxIterations: 3, text: 'A grader checked your work against the rubric: it needs revision (iteration 1 of 3).' });
      // Every version of the card went out as an `item` delta with the same id, in order.
      const versions = changes.flatMap((c) => (c.type === 'item' && c.item.kind === 'outcome' ? [c.item] : []));
      assert.ok(versions.every((v) => v.id === 'i2'));
      assert.deepEqual(
        versions.map((v) => `${v.phase} ${v.iteration}/${v.maxIterations}${v.result ? ` ${v.result}` : ''}`),
        ['working 1/3', 'grading 1/3', 'working 2/3', 'grading 2/3', 'grading 2/3', 'done 2/3 satisfied'],
      );
      // After the first grade: the unmet criterion with its check and the grader's explanation, while iteration 2 runs.
      const afterFirst = versions[2];
      assert.deepEqual(afterFirst.criteria.map((c) => c.met), [true, false]);
      assert.deepEqual(afterFirst.criteria[1].check, { command: 'grep -q hello greeting.txt', exitCode: 2 });
      assert.equal(afterFirst.explanation, 'greeting.txt does not exist.');
      assert.deepEqual(versions[0].criteria, [{ text: 'The file greets the reader' }, { text: 'run: grep -q hello greeting.txt', run: 'grep -q hello greeting.txt' }]);
    });

    it('shows a request message that does not carry the outcome as it is', () => {
      const { log } = make();
      log.apply({ type: 'outcome_start', outcome });
      log.apply({ type: 'user_message', text: 'Write a greeting\n\n---\nsomething else' });
      assert.equal(log.transcript[0].kind === 'user' && log.transcript[0].text, 'Write a greeting\n\n---\nsomething else');
    });

    it('ends at the iteration limit without a revision, and the next request is the user\'s again', () => {
      const { log } = make();
      log.apply({ type: 'outcome_start', outcome: { ...outcome, maxIterations: 1 } });
      log.apply({ type: 'user_message', text: 'Write a greeting' });
      log.apply({ type: 'outcome_grading', iteration: 1, maxIterations: 1 });
      log.apply({ ...(firstGrade as Extract<AgentEvent, { type: 'outcome_evaluation' }>), maxIterations: 1 });
      log.apply({ type: 'outcome_end', result: 'max_iterations_reached', iterations: 1, explanation: 'greeting.txt does not exist.' });
      log.apply({ type: 'user_message', text: 'try again' });
      assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'outcome', 'user']);
      const card = cardOf(log.transcript);
      assert.equal(card.phase, 'done');
      assert.equal(card.result, 'max_iterations_reached');
      assert.equal(card.iteration, 1);
      assert.deepEqual(card.criteria.map((c) => c.met), [true, false]);
    });

    it('shows the card even when the request failed before its message, with the failure', () => {
      const { log } = make();
      log.apply({ type: 'outcome_start', outcome });
      log.apply({ type: 'error', kind: 'outcome', message: 'The grader could not be asked: overloaded' });
      log.apply({ type: 'outcome_end', result: 'failed', iterations: 1, explanation: 'The grader could not be asked: overloaded' });
      assert.deepEqual(log.transcript.map((i) => i.kind), ['outcome', 'error']);
      assert.equal(cardOf(log.transcript).result, 'failed');
    });

    it('settles a card whose outcome never ended (stopped, failed), keeping its iteration', () => {
      const { log, changes } = make();
      for (const e of twoIterations.slice(0, 7)) log.apply(e);
      log.settleOutcome('interrupted', 'Stopped by the user.');
      const card = cardOf(log.transcript);
      assert.deepEqual([card.phase, card.result, card.iteration, card.explanation], ['done', 'interrupted', 2, 'Stopped by the user.']);
      const count = changes.length;
      log.settleOutcome('failed', 'again');
      assert.equal(changes.length, count, 'nothing left to settle');
    });

    it('replays a recorded outcome, and settles one the recording cut short', () => {
      const t = '2025-01-01T00:00:00.000Z';
      const { type: _s, outcome: o } = twoIterations[0] as Extract<AgentEvent, { type: 'outcome_start' }>;
      const strip = (e: AgentEvent) => {
        const { type: _t, ...rest } = e as Extract<AgentEvent, { type: 'outcome_evaluation' }>;
        return rest;
      };
      const recorded = [
        { type: 'outcome_start', t, seq: 1, ...o },
        { type: 'user_message', t, seq: 2, text: withOutcome('Write a greeting', o) },
        { type: 'assistant_text', t, seq: 3, text: 'Done, I think.' },
        { type: 'outcome_evaluation', t, seq: 4, ...strip(firstGrade) },
        { type: 'user_message', t, seq: 5, text: 'A grader checked your work…' },
        { type: 'assistant_text', t, seq: 6, text: 'Created greeting.txt.' },
        { type: 'outcome_evaluation', t, seq: 7, ...strip(secondGrade) },
        { type: 'outcome_end', t, seq: 8, result: 'satisfied', iterations: 2, explanation: 'Every criterion is met.' },
      ] as ReadEvent[];
      const items = ChatLog.fromRecorded(recorded);
      assert.deepEqual(items.map((i) => i.kind), ['user', 'outcome', 'assistant', 'revision', 'assistant']);
      assert.equal(items[0].kind === 'user' && items[0].text, 'Write a greeting');
      assert.deepEqual(cardOf(items), finalCard);

      const cut = ChatLog.fromRecorded(recorded.slice(0, 4));
      const card = cardOf(cut);
      assert.deepEqual([card.phase, card.result, card.iteration], ['done', 'interrupted', 2]);
    });
  });
});
