import { strict as assert } from 'assert';
import type { SpecialistUsage } from '../../../src/core/agent/agentEvents';
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import type { ChatItem, CostItem, TurnUsageItem } from '../../../src/shared/panelState';
import { ChatLog } from '../../../src/vscode/chatLog';

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0): SpecialistUsage => ({ inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite });
const lines = (items: ChatItem[]) => items.filter((i): i is TurnUsageItem => i.kind === 'usage');
const near = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

describe('ChatLog: the cost of every request and of the session', () => {
  it('ends every request with its token line: input with cache reads, output, and the cost in dollars', () => {
    const log = new ChatLog();
    log.model = 'claude-sonnet-4-5'; // $3 in, $15 out, $0.30 cache reads, $3.75 cache writes per million
    log.apply({ type: 'user_message', text: 'hi' });
    log.apply({ type: 'usage', turn: 1, ...usage(1000, 200, 10_000, 2000) });
    log.apply({ type: 'assistant_text', text: 'hello' });
    log.endRequest();
    const [line] = lines(log.transcript);
    assert.deepEqual(line.total, { inputTokens: 13_000, outputTokens: 200 });
    assert.equal(line.cacheReadTokens, 10_000);
    assert.deepEqual(line.specialists, []);
    near(line.cost, (1000 * 3 + 200 * 15 + 10_000 * 0.3 + 2000 * 3.75) / 1e6);
  });

  it('prices the specialists\' tokens too; no cost for a model without a price; no line for a request that used none', () => {
    const log = new ChatLog();
    log.model = 'claude-haiku-4-5';
    log.apply({ type: 'user_message', text: 'go' });
    log.apply({ type: 'usage', turn: 1, ...usage(100, 10) });
    log.apply({ type: 'tool_call', id: 'd1', name: 'delegate', input: { agent: 'explore', task: 'look' } });
    log.apply({ type: 'specialist_start', callId: 'd1', agent: 'explore', task: 'look', sessionId: 's1' });
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'explore', status: 'done', summary: { filesChanged: [], commandsRun: 0, commandsFailed: [] }, usage: usage(900, 90) });
    log.endRequest();
    near(lines(log.transcript)[0].cost, (1000 * 1 + 100 * 5) / 1e6);
    log.endRequest();
    assert.equal(lines(log.transcript).length, 1, 'an empty request adds nothing');
    log.model = 'some-gateway-model';
    log.apply({ type: 'usage', turn: 2, ...usage(5, 5) });
    log.endRequest();
    assert.equal(lines(log.transcript)[1].cost, undefined, 'no price: no guess');
  });

  it('/cost: the session\'s tokens so far, specialists included, with the cost; a new session starts from zero', () => {
    const log = new ChatLog();
    log.apply({ type: 'usage', turn: 1, ...usage(1000, 100, 500, 0) });
    log.apply({ type: 'specialist_end', callId: 'd1', agent: 'test', status: 'done', summary: { filesChanged: [], commandsRun: 1, commandsFailed: [] }, usage: usage(2000, 200, 0, 100) });
    log.endRequest();
    log.apply({ type: 'usage', turn: 2, ...usage(10, 1) });
    log.endRequest();
    log.addCost('claude-sonnet-4-5');
    const cost = log.transcript.at(-1) as CostItem;
    assert.deepEqual({ ...cost, cost: undefined, id: undefined }, { id: undefined, kind: 'cost', model: 'claude-sonnet-4-5', inputTokens: 3010, outputTokens: 301, cacheReadTokens: 500, cacheWriteTokens: 100, cost: undefined });
    near(cost.cost, (3010 * 3 + 301 * 15 + 500 * 0.3 + 100 * 3.75) / 1e6);
    log.reset();
    log.addCost('unknown-model');
    assert.deepEqual(log.transcript.at(-1), { id: log.transcript.at(-1)!.id, kind: 'cost', model: 'unknown-model', inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('replays a recorded session with a token line per request, priced by the session\'s model', () => {
    const t = '2025-01-01T00:00:00.000Z';
    const events = [
      { type: 'user_message', t, text: 'one' },
      { type: 'usage', t, turn: 1, inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
      { type: 'assistant_text', t, text: 'a' },
      { type: 'user_message', t, text: 'two' },
      { type: 'usage', t, turn: 2, inputTokens: 200, outputTokens: 20, cacheReadTokens: 50, cacheWriteTokens: 0 },
      { type: 'assistant_text', t, text: 'b' },
    ] as unknown as ReadEvent[];
    const items = ChatLog.fromRecorded(events, new Map(), 'claude-opus-4-5');
    assert.deepEqual(items.map((i) => i.kind), ['user', 'assistant', 'usage', 'user', 'assistant', 'usage']);
    const [, second] = lines(items);
    assert.equal(second.cacheReadTokens, 50);
    near(second.cost, (200 * 5 + 20 * 25 + 50 * 0.5) / 1e6);
  });
});
