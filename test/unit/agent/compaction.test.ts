// Context that never runs out, through the real SDK against the fake server: a session that crosses its
// compaction threshold summarises its older turns and goes on; a 400 "prompt is too long" compacts and retries the
// turn once; /compact on demand; the transcript records the compaction and keeps every original event.
import { strict as assert } from 'assert';
import type { AgentEvent } from '../../../src/core/agent/agentEvents';
import { compactConversation, contextWindowOf } from '../../../src/core/agent/compaction';
import { makeRig, type Rig } from './agentKit';
import type { FakeRequest, FakeTurn } from '../../support/fakeAnthropic';

const SUMMARISER = { systemContains: 'You summarise a coding session' };
const AGENT = { systemContains: 'You are Lucid, a coding agent' };
const isSummary = (r: FakeRequest) => JSON.stringify(r.body?.system ?? '').includes('You summarise a coding session');
const agentTurns = (rig: Rig) => rig.server.requests.filter((r) => !isSummary(r));

describe('compaction', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('knows the context window of a model', () => {
    assert.equal(contextWindowOf('claude-sonnet-4-6'), 200_000);
    assert.equal(contextWindowOf('claude-sonnet-4-6[1m]'), 1_000_000);
    assert.equal(contextWindowOf('some-other-model'), 200_000);
  });

  it('a session that crosses the threshold folds its older turns into a summary and goes on', async () => {
    const turns: FakeTurn[] = [];
    for (let i = 1; i <= 4; i++) turns.push({ when: AGENT, toolUses: [{ name: 'bash', input: { command: `echo step-${i}` } }] });
    turns.push({ when: SUMMARISER, text: 'SUMMARY: ran steps 1 to 3; nothing open.', repeat: true });
    turns.push({ when: AGENT, text: 'all done' });
    rig = await makeRig(turns, { compactAtTokens: 1 });
    const { events, reason } = await rig.send('run the steps');
    assert.equal(reason, 'completed');
    const compacted = events.filter((e): e is Extract<AgentEvent, { type: 'compacted' }> => e.type === 'compacted');
    assert.ok(compacted.length >= 1);
    assert.equal(compacted[0].reason, 'limit');
    const summaryReq = rig.server.requests.find(isSummary)!;
    assert.match(JSON.stringify(summaryReq.body.messages), /run the steps/, 'the summariser reads the older turns');
    assert.ok(!events.some((e) => e.type === 'error'));
    assert.equal(summaryReq.body.tools, undefined, 'the summariser gets no tools');
    const last = agentTurns(rig).at(-1)!;
    const sent = JSON.stringify(last.body.messages);
    assert.match(sent, /SUMMARY: ran steps 1 to 3/);
    assert.doesNotMatch(sent, /run the steps/, 'the first request is folded into the summary');
    assert.equal(last.body.messages[0].role, 'user');
    assert.match(JSON.stringify(last.body.system), /<lucid-memory>/, 'the memory prefix stays first');
    // The transcript keeps the original events and records the compaction.
    assert.ok(rig.events.some((e) => e.type === 'user_message' && e.text === 'run the steps'));
  });

  it('a 400 "prompt is too long" compacts and retries the turn once; a second one is a clear error', async () => {
    rig = await makeRig([
      { when: AGENT, toolUses: [{ name: 'bash', input: { command: 'echo one' } }] },
      { when: AGENT, toolUses: [{ name: 'bash', input: { command: 'echo two' } }] },
      { when: AGENT, text: 'first done' },
      { when: AGENT, status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' },
      { when: SUMMARISER, text: 'SUMMARY OF ONE AND TWO', repeat: true },
      { when: AGENT, text: 'second done' },
      { when: AGENT, status: 400, message: 'prompt is too long: 230000 tokens > 200000 maximum' },
      { when: AGENT, status: 400, message: 'prompt is too long: 220000 tokens > 200000 maximum' },
    ]);
    assert.equal((await rig.send('first')).reason, 'completed');
    const second = await rig.send('second');
    assert.equal(second.reason, 'completed');
    assert.deepEqual(second.events.filter((e) => e.type === 'compacted').map((e: any) => e.reason), ['too_long']);
    assert.ok(!second.events.some((e) => e.type === 'error'));
    assert.match(JSON.stringify(agentTurns(rig).at(-1)!.body.messages), /SUMMARY OF ONE AND TWO[\s\S]*second/);
    // Still too long after compacting: one clear error, no retry storm.
    const third = await rig.send('third');
    assert.equal(third.reason, 'error');
    const errors = third.events.filter((e): e is Extract<AgentEvent, { type: 'error' }> => e.type === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /too long for the model[\s\S]*Compacting did not make it fit: start a new session/);
    assert.equal(agentTurns(rig).filter((r) => JSON.stringify(r.body.messages).includes('third')).length, 2);
  });

  it('/compact folds the conversation on demand; with nothing to fold it says so', async () => {
    rig = await makeRig([
      { when: AGENT, toolUses: [{ name: 'bash', input: { command: 'echo a' } }] },
      { when: AGENT, text: 'a done' },
      { when: AGENT, text: 'b done' },
      { when: SUMMARISER, text: 'SUMMARY A' },
      { when: AGENT, text: 'c done' },
    ]);
    const none = rig.session.compact();
    let r = await none.next();
    assert.equal(r.done && r.value, false, 'nothing to fold yet');
    await rig.send('a');
    await rig.send('b');
    const it = rig.session.compact();
    const seen: AgentEvent[] = [];
    for (r = await it.next(); !r.done; r = await it.next()) seen.push(r.value);
    assert.equal(r.value, true);
    assert.deepEqual(seen.filter((e) => e.type === 'compacted').map((e: any) => e.reason), ['asked']);
    await rig.send('c');
    const sent = JSON.stringify(agentTurns(rig).at(-1)!.body.messages);
    assert.match(sent, /SUMMARY A/);
    assert.match(sent, /b done/, 'the last exchange stays verbatim');
  });

  it('splits only before an assistant message, so tool calls and their results stay together', async () => {
    const client = { model: 'm', baseURL: '', streamTurn: async () => ({ message: { content: [{ type: 'text', text: 'S' }] }, usage: {}, attempts: 1 }) } as any;
    const msgs: any[] = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'r' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: 'r' }] },
    ];
    const c = await compactConversation(client, msgs, undefined, 2);
    assert.ok(c);
    assert.deepEqual(c.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal((c.messages[1].content as any)[0].id, 't2');
    assert.equal(c.folded, 3);
  });
});
