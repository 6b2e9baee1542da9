// The chat's specialist cards from the lead's `delegate` calls and the specialist events: a card where the call is,
// updated live (waiting, running with its calls and tokens, done with its summary and report), two specialists
// interleaved, failures, Stop, the request's token line, and a recorded session replayed with its children.
import { strict as assert } from 'assert';
import type { AgentEvent, SpecialistUsage } from '../../../src/core/agent/agentEvents';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import type { ChatItem, SpecialistCardItem, TurnUsageItem } from '../../../src/shared/panelState';
import { ChatLog, type ChatChange } from '../../../src/vscode/chatLog';
import { LISTED_CALLS } from '../../../src/vscode/specialistItems';

const usage = (input: number, output: number, cacheRead = 0): SpecialistUsage => ({ inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: 0 });
const summary = (commandsRun = 0, commandsFailed: string[] = [], filesChanged: string[] = []) => ({ filesChanged, commandsRun, commandsFailed });
const delegate = (id: string, agent: string, task: string): AgentEvent => ({ type: 'tool_call', id, name: 'delegate', input: { agent, task } });
const start = (callId: string, agent: string, task: string): AgentEvent => ({ type: 'specialist_start', callId, agent, task, sessionId: `s-${callId}` });
const inner = (callId: string, agent: string, event: AgentEvent): AgentEvent => ({ type: 'specialist_event', callId, agent, event });
const bash = (id: string, command: string): AgentEvent => ({ type: 'tool_call', id, name: 'bash', input: { command } });
const exited = (id: string, exitCode: number): AgentEvent => ({ type: 'tool_result', id, name: 'bash', isError: exitCode !== 0, content: 'out', exitCode, durationMs: 4 });
const report = (id: string, content: string, isError = false): AgentEvent => ({ type: 'tool_result', id, name: 'delegate', isError, content, durationMs: 900 });
const cards = (items: ChatItem[]) => items.filter((i): i is SpecialistCardItem => i.kind === 'specialist');
const usageLine = (items: ChatItem[]) => items.find((i): i is TurnUsageItem => i.kind === 'usage');

describe('ChatLog: specialist cards', () => {
  const make = () => {
    const changes: ChatChange[] = [];
    let clock = 1000;
    const log = new ChatLog((c) => changes.push(c));
    (log as unknown as { now: () => number }).now = () => clock;
    return { log, changes, tick: (ms: number) => (clock += ms) };
  };

  it('shows a card where the delegate call is, and updates it live until the specialist is done', () => {
    const { log, changes, tick } = make();
    log.apply({ type: 'user_message', text: 'check the repo' });
    log.apply({ type: 'assistant_text', text: 'I will ask the explore specialist.' });
    log.apply(delegate('d1', 'explore', 'Find where the greeting is defined.'));
    assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'assistant', 'specialist'], 'the card replaces the plain delegate tool card');
    assert.deepEqual(cards(log.transcript)[0], { id: 'i3', kind: 'specialist', callId: 'd1', agent: 'explore', task: 'Find where the greeting is defined.', status: 'queued', tools: [], tokens: { inputTokens: 0, outputTokens: 0 } });

    log.apply(start('d1', 'explore', 'Find where the greeting is defined.'));
    log.apply(inner('d1', 'explore', bash('x1', 'grep -rn greeting .')));
    let card = cards(log.transcript)[0];
    assert.equal(card.status, 'running');
    assert.equal(card.sessionId, 's-d1');
    assert.deepEqual(card.tools, [{ id: 'x1', action: 'command', subject: 'grep -rn greeting .', status: 'running' }]);
    log.apply(inner('d1', 'explore', exited('x1', 0)));
    log.apply(inner('d1', 'explore', { type: 'usage', turn: 1, ...usage(1200, 40, 300) }));
    log.apply(inner('d1', 'explore', { type: 'assistant_text', text: 'It is in greeting.txt.' }));
    card = cards(log.transcript)[0];
    assert.deepEqual(card.tools, [{ id: 'x1', action: 'command', subject: 'grep -rn greeting .', status: 'ok', exitCode: 0 }]);
    assert.deepEqual(card.tokens, { inputTokens: 1500, outputTokens: 40 }, 'tokens grow as the specialist works (cache reads count as input)');

    tick(3200);
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'explore', status: 'done', summary: summary(1), usage: usage(2000, 90) });
    log.apply(report('d1', 'It is in greeting.txt.\n\n[explore: no file changed; 1 command run; 2000 tokens in, 90 out]'));
    card = cards(log.transcript)[0];
    assert.equal(card.status, 'done');
    assert.equal(card.durationMs, 3200);
    assert.deepEqual(card.summary, summary(1));
    assert.deepEqual(card.tokens, { inputTokens: 2000, outputTokens: 90 }, 'the end has the final count');
    assert.match(card.report!, /^It is in greeting\.txt\./);
    assert.equal(log.transcript.length, 3, 'every update changes the one card');
    assert.ok(changes.filter((c) => c.type === 'item' && c.item.id === 'i3').length >= 7, 'each change reaches the panel as it happens');
  });

  it('keeps two specialists apart when their events interleave; the request ends with its token line', () => {
    const { log } = make();
    log.apply({ type: 'user_message', text: 'explore and test' });
    log.apply({ type: 'usage', turn: 1, ...usage(800, 60) });
    log.apply(delegate('d1', 'explore', 'Explore.'));
    log.apply(delegate('d2', 'test', 'Run the tests.'));
    log.apply(start('d1', 'explore', 'Explore.'));
    log.apply(start('d2', 'test', 'Run the tests.'));
    log.apply(inner('d2', 'test', bash('t1', 'npm test')));
    log.apply(inner('d1', 'explore', bash('e1', 'ls')));
    log.apply(inner('d1', 'explore', exited('e1', 0)));
    log.apply(inner('d2', 'test', exited('t1', 1)));
    let [explore, test] = cards(log.transcript);
    assert.deepEqual([explore.agent, test.agent], ['explore', 'test'], 'the cards are in the order of the calls');
    assert.deepEqual(explore.tools.map((t) => [t.subject, t.status, t.exitCode]), [['ls', 'ok', 0]]);
    assert.deepEqual(test.tools.map((t) => [t.subject, t.status, t.exitCode]), [['npm test', 'error', 1]]);

    log.apply({ type: 'specialist_end', callId: 'd2', agent: 'test', status: 'done', summary: summary(1, ['npm test']), usage: usage(3000, 200) });
    [explore, test] = cards(log.transcript);
    assert.deepEqual([explore.status, test.status], ['running', 'done'], 'one finishing leaves the other running');
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'explore', status: 'done', summary: summary(1), usage: usage(1000, 50) });
    log.apply(report('d1', 'explore report'));
    log.apply(report('d2', 'test report'));
    log.apply({ type: 'usage', turn: 2, ...usage(900, 30, 100) });
    log.apply({ type: 'assistant_text', text: 'Both reported.' });
    assert.equal(usageLine(log.transcript), undefined, 'the token line comes when the request ends');
    log.endRequest();
    assert.deepEqual(log.transcript.map((i) => i.kind), ['user', 'specialist', 'specialist', 'assistant', 'usage']);
    const line = usageLine(log.transcript)!;
    assert.deepEqual(line.lead, { inputTokens: 1800, outputTokens: 90 });
    assert.deepEqual(line.specialists, [{ agent: 'explore', inputTokens: 1000, outputTokens: 50 }, { agent: 'test', inputTokens: 3000, outputTokens: 200 }]);
    assert.deepEqual(line.total, { inputTokens: 5800, outputTokens: 340 });

    log.apply({ type: 'user_message', text: 'thanks' });
    log.apply({ type: 'usage', turn: 3, ...usage(10, 1) });
    log.apply({ type: 'assistant_text', text: 'You are welcome.' });
    log.endRequest();
    const lines = log.transcript.filter((i): i is TurnUsageItem => i.kind === 'usage');
    assert.equal(lines.length, 2, 'a request without specialists gets its token line too');
    assert.deepEqual([lines[1].total, lines[1].specialists], [{ inputTokens: 10, outputTokens: 1 }, []]);
  });

  it('shows a failed specialist with its error, and a delegate call that never started one', () => {
    const { log } = make();
    log.apply(delegate('d1', 'explore', 'a'));
    log.apply(delegate('d2', 'nobody', 'b'));
    log.apply(start('d1', 'explore', 'a'));
    log.apply(inner('d1', 'explore', { type: 'error', kind: 'invalid_request', message: 'explore broke' }));
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'explore', status: 'failed', summary: summary(), usage: usage(0, 0), error: 'explore broke' });
    log.apply(report('d1', 'The explore specialist failed: explore broke.', true));
    log.apply(report('d2', "No specialist named 'nobody'. Available: explore, test.", true));
    const [failed, unknown] = cards(log.transcript);
    assert.deepEqual([failed.status, failed.error], ['failed', 'explore broke']);
    assert.deepEqual([unknown.status, unknown.agent, unknown.error], ['failed', 'nobody', "No specialist named 'nobody'. Available: explore, test."]);
    assert.equal(log.transcript.some((i) => i.kind === 'error'), false, "a specialist's error stays on its card");
    log.endRequest();
    assert.deepEqual(usageLine(log.transcript)?.specialists.map((s) => s.agent), ['explore'], 'only specialists that ran count');
  });

  it('shows Stop: a running specialist stopped, one waiting for a slot stopped, their running calls ended', () => {
    const { log } = make();
    log.apply(delegate('d1', 'test', 'a'));
    log.apply(delegate('d2', 'review', 'b'));
    log.apply(start('d1', 'test', 'a'));
    log.apply(inner('d1', 'test', bash('t1', 'sleep 100')));
    assert.equal(cards(log.transcript)[1].status, 'queued');
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'test', status: 'stopped', summary: summary(), usage: usage(100, 5) });
    log.apply(report('d1', 'The test specialist was stopped.', true));
    log.apply(report('d2', 'Cancelled: the user stopped the session.', true));
    const [stopped, waiting] = cards(log.transcript);
    assert.equal(stopped.status, 'stopped');
    assert.deepEqual(stopped.tools.map((t) => t.status), ['error'], 'a call cut by Stop is not left running');
    assert.deepEqual([waiting.status, waiting.error], ['stopped', 'Cancelled: the user stopped the session.']);
  });

  it('lists the newest calls of a busy specialist and counts the rest', () => {
    const { log } = make();
    log.apply(delegate('d1', 'general', 'a'));
    log.apply(start('d1', 'general', 'a'));
    for (let k = 0; k < LISTED_CALLS + 5; k++) log.apply(inner('d1', 'general', bash(`c${k}`, `echo ${k}`)));
    log.apply(inner('d1', 'general', exited('c0', 0))); // no longer listed: ignored
    const card = cards(log.transcript)[0];
    assert.equal(card.tools.length, LISTED_CALLS);
    assert.equal(card.toolsHidden, 5);
    assert.equal(card.tools[0].subject, 'echo 5');
  });

  it('keeps the specialist that asks on an approval item', () => {
    const { log } = make();
    log.add({ kind: 'approval', requestId: 'r', request: { kind: 'command', command: 'npm test' }, canAlways: true, status: 'pending', agent: 'test' });
    const a = log.transcript[0];
    assert.equal(a.kind === 'approval' && a.agent, 'test');
  });

  it('replays a recorded session: the cards from the lead transcript, their calls from the children', () => {
    const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
    let seq = 0;
    const line = (s: number, e: object) => ({ t: at(s), seq: ++seq, ...e }) as ReadEvent;
    const lead: ReadEvent[] = [
      line(0, { type: 'user_message', text: 'check' }),
      line(1, { type: 'usage', turn: 1, inputTokens: 500, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 }),
      line(1, { type: 'tool_call', id: 'd1', name: 'delegate', input: { agent: 'explore', task: 'look' } }),
      line(1, { type: 'tool_call', id: 'd2', name: 'delegate', input: { agent: 'test', task: 'test' } }),
      line(1, { type: 'specialist_start', callId: 'd1', agent: 'explore', task: 'look', sessionId: 'child-1' }),
      line(1, { type: 'specialist_start', callId: 'd2', agent: 'test', task: 'test', sessionId: 'child-2' }),
      line(4, { type: 'specialist_end', callId: 'd1', agent: 'explore', status: 'done', summary: summary(1), usage: usage(700, 30) }),
      line(4, { type: 'tool_result', id: 'd1', name: 'delegate', ok: true, exitCode: null, durationMs: 3000, output: 'EXPLORE REPORT' }),
      line(5, { type: 'assistant_text', text: 'partial' }),
    ];
    const children = new Map([
      ['child-1', [
        line(1, { type: 'user_message', text: 'look' }),
        line(2, { type: 'tool_call', id: 'x', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'README.md' } }),
        line(2, { type: 'tool_result', id: 'x', name: 'str_replace_based_edit_tool', ok: true, exitCode: null, durationMs: 1, output: '# Demo' }),
      ]],
    ]);
    const items = ChatLog.fromRecorded(lead, children);
    assert.deepEqual(items.map((i) => i.kind), ['user', 'specialist', 'specialist', 'assistant', 'usage']);
    const [explore, test] = cards(items);
    assert.deepEqual([explore.status, explore.durationMs, explore.report, explore.sessionId], ['done', 3000, 'EXPLORE REPORT', 'child-1']);
    assert.deepEqual(explore.tools, [{ id: 'x', action: 'view', subject: 'README.md', status: 'ok' }]);
    assert.deepEqual(explore.tokens, { inputTokens: 700, outputTokens: 30 });
    assert.deepEqual([test.status, test.error], ['stopped', 'The session ended before the specialist did.'], 'a specialist the recording never saw end is not shown running');
    assert.deepEqual(usageLine(items)!.total, { inputTokens: 1200, outputTokens: 50 });
    assert.equal(ChatLog.fromRecorded(lead).find((i) => i.kind === 'specialist' && i.agent === 'explore')!.kind, 'specialist', 'without the children the cards still show');
  });
});
