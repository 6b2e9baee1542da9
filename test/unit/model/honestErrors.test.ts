// Each way a reply can go wrong gets its own message and a bounded number of HTTP requests, through the real
// SDK against the fake server: a stream cut mid-reply, a connection closed before the reply, a tool call whose
// input is not JSON, and a tool call without a name.
import { strict as assert } from 'assert';
import { createModelClient, DEFAULT_MAX_RETRIES, MALFORMED_REPLY_RETRIES, type ModelClientOptions, type TurnParams } from '../../../src/core/model/modelClient';
import { ModelError, STREAM_CUT_MESSAGE } from '../../../src/core/model/modelErrors';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const params: TurnParams = { max_tokens: 1024, messages: [{ role: 'user', content: 'list the files' }] };
const badJson: FakeTurn = { text: 'Listing.', toolUses: [{ name: 'bash', input: {}, inputJson: '{"command": "ls" "-la"}' }] };
const noName: FakeTurn = { text: 'Listing.', toolUses: [{ name: '', input: { command: 'ls' } }] };

describe('model client: honest errors', () => {
  let server: FakeAnthropic | undefined;
  const sleeps: number[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    sleeps.length = 0;
  });

  async function client(turns: FakeTurn[], extra: Partial<ModelClientOptions> = {}) {
    server = await startFakeAnthropic({ turns });
    return createModelClient({ apiKey: 'sk-ant-test', baseURL: server.url, model: 'claude-sonnet-4-6', sleep: async (ms) => void sleeps.push(ms), ...extra });
  }

  async function failure(p: Promise<unknown>): Promise<ModelError> {
    const e = await p.then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
    return e;
  }

  it('a stream cut mid-reply says so (not "check your network"), retried up to maxRetries, each retry one request', async () => {
    const turns: FakeTurn[] = Array.from({ length: 10 }, () => ({ cutAfterEvents: 5, response: { text: ['partial ', 'reply ', 'that ', 'is cut'] } }));
    const c = await client(turns);
    const err = await failure(c.streamTurn(params));
    assert.equal(err.kind, 'stream_cut');
    assert.equal(err.message, STREAM_CUT_MESSAGE);
    assert.doesNotMatch(err.message, /network|reach/);
    // Our policy only (the SDK's own retries are off): the first attempt and DEFAULT_MAX_RETRIES more.
    assert.equal(server!.requests.length, 1 + DEFAULT_MAX_RETRIES);
    assert.equal(sleeps.length, DEFAULT_MAX_RETRIES);
  });

  it('a connection closed before the reply started is told apart from an unreachable server', async () => {
    const c = await client([{ hangMs: 0 }, { hangMs: 0 }], { maxRetries: 1 });
    const err = await failure(c.streamTurn(params));
    assert.equal(err.kind, 'network');
    assert.match(err.message, /^The connection to http:\/\/127\.0\.0\.1:\d+ closed before the reply started: try again/);
    assert.doesNotMatch(err.message, /Could not reach/);
    assert.equal(server!.requests.length, 2);
  });

  it('invalid tool-input JSON has its own message naming the tool, and is asked again once, not four times', async () => {
    const c = await client([badJson, badJson, badJson, badJson, badJson]);
    const retried: string[] = [];
    const err = await failure(c.streamTurn(params, { onRetry: (_n, e) => retried.push(e.kind) }));
    assert.equal(err.kind, 'invalid_tool_input');
    assert.match(err.message, /^The model's reply was malformed: the input of its 'bash' tool call is not valid JSON \(.+\); nothing was saved from that turn\.$/);
    assert.doesNotMatch(err.message, /connection|network/i);
    assert.equal(server!.requests.length, 1 + MALFORMED_REPLY_RETRIES);
    assert.deepEqual(retried, ['invalid_tool_input']);
  });

  it('invalid tool-input JSON once, then a good reply: the turn succeeds on the second attempt', async () => {
    const c = await client([badJson, { toolUses: [{ name: 'bash', input: { command: 'ls' }, id: 'toolu_ok' }] }]);
    const r = await c.streamTurn(params);
    assert.equal(r.attempts, 2);
    const use = r.message.content.find((b) => b.type === 'tool_use');
    assert.deepEqual(use?.type === 'tool_use' && use.input, { command: 'ls' });
  });

  it('a stream cut in the middle of a tool call\'s input is a cut stream, not invalid JSON', async () => {
    const input = { command: 'ls -la', why: 'a long enough input to be streamed in several chunks' };
    const c = await client([{ cutAfterEvents: 5, response: { toolUses: [{ name: 'bash', input }] } }, { cutAfterEvents: 5, response: { toolUses: [{ name: 'bash', input }] } }], { maxRetries: 1 });
    const err = await failure(c.streamTurn(params));
    assert.equal(err.kind, 'stream_cut');
    assert.equal(err.message, STREAM_CUT_MESSAGE);
  });

  it('a tool call without a name has its own message, asked again once', async () => {
    const c = await client([noName, noName, noName]);
    const err = await failure(c.streamTurn(params));
    assert.equal(err.kind, 'empty_tool_name');
    assert.equal(err.message, "The model's reply was malformed: it called a tool without a name; nothing was saved from that turn.");
    assert.equal(server!.requests.length, 1 + MALFORMED_REPLY_RETRIES);
  });

  it('with maxRetries 0 a malformed reply is not asked again', async () => {
    const c = await client([noName, noName], { maxRetries: 0 });
    assert.equal((await failure(c.streamTurn(params))).kind, 'empty_tool_name');
    assert.equal(server!.requests.length, 1);
  });
});
