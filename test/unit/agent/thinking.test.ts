// Extended thinking as an option: the request asks for it with its budget; the thinking is shown as its own event;
// the thinking block (with its signature) goes back in the conversation with the tool results, as the API needs.
import { strict as assert } from 'assert';
import { makeRig, type Rig } from './agentKit';

describe('extended thinking', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('asks for it, shows it, and sends the thinking block back with the tool results', async () => {
    rig = await makeRig([{ thinking: 'I should list the files first.', toolUses: [{ name: 'bash', input: { command: 'ls' } }] }, { thinking: 'Now answer.', text: 'done' }], { thinkingBudget: 2000 });
    const { events } = await rig.send('what is here?');
    const first = rig.server.requests[0].body;
    assert.deepEqual(first.thinking, { type: 'enabled', budget_tokens: 2000 });
    assert.ok(first.max_tokens > 2000);
    assert.deepEqual(events.filter((e) => e.type === 'thinking').map((e: any) => e.text), ['I should list the files first.', 'Now answer.']);
    const assistant = rig.server.requests[1].body.messages[1];
    assert.equal(assistant.content[0].type, 'thinking');
    assert.equal(assistant.content[0].signature, 'sig_fake_1');
  });

  it('is off unless asked for', async () => {
    rig = await makeRig([{ text: 'hi' }]);
    await rig.send('hello');
    assert.equal(rig.server.requests[0].body.thinking, undefined);
  });
});
