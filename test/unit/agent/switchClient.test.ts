// A new API key, base URL or model applies to the next request of the same session.
import { strict as assert } from 'assert';
import { createModelClient } from '../../../src/core/model/modelClient';
import { switchableClient } from '../../../src/core/model/switchableClient';
import { startFakeAnthropic } from '../../support/fakeAnthropic';
import { makeRig, TEST_KEY, type Rig } from './agentKit';

describe('switching the client mid-session', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('sends the next request with the new key, base URL and model, with the conversation so far', async () => {
    // The session's client is switchable; it first points at the rig's server.
    const client = switchableClient(createModelClient({ apiKey: TEST_KEY, baseURL: 'http://127.0.0.1:9', model: 'claude-sonnet-4-6' }));
    rig = await makeRig([{ text: 'first answer' }], { client });
    client.use(createModelClient({ apiKey: TEST_KEY, baseURL: rig.server.url }));
    await rig.send('first');
    const other = await startFakeAnthropic({ turns: [{ text: 'second answer' }], apiKey: 'sk-ant-api03-OTHERkeyOTHERkey-ZZZZ' });
    try {
      client.use(createModelClient({ apiKey: 'sk-ant-api03-OTHERkeyOTHERkey-ZZZZ', baseURL: other.url }));
      client.setModel('claude-opus-4-6');
      const r = await rig.send('second');
      assert.equal(r.reason, 'completed');
      assert.equal(rig.server.requests.length, 1, 'the old server gets nothing more');
      const req = other.requests[0];
      assert.equal(req.body.model, 'claude-opus-4-6');
      // The other server answers only the new key (a 401 otherwise): the request used it.
      assert.deepEqual(req.body.messages.map((m: any) => m.role), ['user', 'assistant', 'user']);
      assert.match(JSON.stringify(req.body.messages[1]), /first answer/);
    } finally {
      await other.close();
    }
  });
});
