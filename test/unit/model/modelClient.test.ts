// The model client over the real Anthropic SDK, against the fake server over HTTP: streaming, usage, retries.
import { strict as assert } from 'assert';
import { createModelClient, DEFAULT_MODEL, type ModelClientOptions, type TurnParams } from '../../../src/core/model/modelClient';
import { ModelError } from '../../../src/core/model/modelErrors';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const TEST_MODEL = 'claude-sonnet-4-6';
const params = (text = 'hello'): TurnParams => ({ max_tokens: 1024, messages: [{ role: 'user', content: text }] });

describe('model client', () => {
  let server: FakeAnthropic | undefined;
  const sleeps: number[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    sleeps.length = 0;
  });

  async function setup(turns: FakeTurn[], extra: Partial<ModelClientOptions> = {}) {
    server = await startFakeAnthropic({ turns });
    const client = createModelClient({
      apiKey: 'sk-ant-test',
      baseURL: server.url,
      // Not DEFAULT_MODEL: SDK 1.13 lists claude-sonnet-4-5 as deprecated and warns on every request.
      model: TEST_MODEL,
      sleep: async (ms: number) => void sleeps.push(ms),
      ...extra,
    });
    return { server, client };
  }

  async function rejects(p: Promise<unknown>): Promise<ModelError> {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
      return e;
    }
    assert.fail('expected the turn to fail');
  }

  it('streams text in several deltas whose concatenation is the final text', async () => {
    const { client } = await setup([{ text: 'The quick brown fox jumps over the lazy dog.' }]);
    const deltas: string[] = [];
    const r = await client.streamTurn(params(), { onTextDelta: (d) => deltas.push(d) });
    assert.ok(deltas.length >= 2, `expected several deltas, got ${deltas.length}`);
    assert.equal(r.message.content.length, 1);
    const block = r.message.content[0];
    assert.equal(block.type, 'text');
    assert.equal(block.type === 'text' && block.text, deltas.join(''));
    assert.equal(deltas.join(''), 'The quick brown fox jumps over the lazy dog.');
    assert.equal(r.message.stop_reason, 'end_turn');
    assert.equal(r.message.model, TEST_MODEL);
    assert.equal(r.attempts, 1);
    assert.equal(r.requestId, 'req_fake_1');
  });

  it('parses a tool_use whose input came in several input_json_delta chunks', async () => {
    const input = { command: 'npm test -- --grep "a b"', nested: { list: [1, 2, { deep: true }], quote: 'he said "hi"\n' } };
    const { client } = await setup([{ text: 'Running.', toolUses: [{ name: 'bash', input, id: 'toolu_1' }] }]);
    const started: { id: string; name: string; index: number }[] = [];
    const r = await client.streamTurn(params(), { onToolUseStart: (t) => started.push(t) });
    assert.equal(r.message.stop_reason, 'tool_use');
    const tool = r.message.content[1];
    assert.equal(tool.type, 'tool_use');
    assert.deepEqual(tool.type === 'tool_use' && tool.input, input);
    assert.deepEqual(JSON.parse(JSON.stringify(r.message.content[1])), { type: 'tool_use', id: 'toolu_1', name: 'bash', input, caller: { type: 'direct' } });
    assert.deepEqual(started, [{ id: 'toolu_1', name: 'bash', index: 1 }]);
  });

  it('records usage, and a repeated cached prefix is read from the cache', async () => {
    const system = [{ type: 'text' as const, text: 'You are Lucid. '.repeat(200), cache_control: { type: 'ephemeral' as const } }];
    const { client } = await setup([{ text: 'one' }, { text: 'two' }]);
    const first = await client.streamTurn({ ...params('first question'), system });
    assert.ok(first.usage.cacheWriteTokens > 700, `cache write ${first.usage.cacheWriteTokens}`);
    assert.equal(first.usage.cacheReadTokens, 0);
    assert.ok(first.usage.inputTokens > 0 && first.usage.outputTokens > 0);
    const second = await client.streamTurn({ ...params('second question'), system });
    assert.equal(second.usage.cacheReadTokens, first.usage.cacheWriteTokens);
    assert.equal(second.usage.cacheWriteTokens, 0);
  });

  it('retries a 429, honouring retry-after', async () => {
    const { client, server } = await setup([{ status: 429, headers: { 'retry-after': '3' } }, { text: 'ok' }]);
    const retries: [number, string][] = [];
    const r = await client.streamTurn(params(), { onRetry: (n, e) => retries.push([n, e.kind]) });
    assert.equal(r.attempts, 2);
    assert.deepEqual(sleeps, [3000]);
    assert.deepEqual(retries, [[1, 'rate_limit']]);
    assert.equal(server.requests.length, 2);
  });

  it('caps a long retry-after', async () => {
    const { client } = await setup([{ status: 429, headers: { 'retry-after': '3600' } }, { text: 'ok' }], { maxRetryDelayMs: 5000 });
    await client.streamTurn(params());
    assert.deepEqual(sleeps, [5000]);
  });

  it('retries 529 twice with exponential backoff, then succeeds', async () => {
    const { client } = await setup([{ status: 529 }, { status: 529 }, { text: 'finally' }]);
    const r = await client.streamTurn(params());
    assert.equal(r.attempts, 3);
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps[0] > 375 && sleeps[0] <= 500, `first backoff ${sleeps[0]}`);
    assert.ok(sleeps[1] > 750 && sleeps[1] <= 1000, `second backoff ${sleeps[1]}`);
  });

  it('gives up on a 429 after maxRetries with a clear message', async () => {
    const turns: FakeTurn[] = Array.from({ length: 5 }, () => ({ status: 429 }));
    const { client, server } = await setup(turns, { maxRetries: 3 });
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'rate_limit');
    assert.equal(err.status, 429);
    assert.equal(err.requestId, 'req_fake_4');
    assert.match(err.message, /rate limit.*retried 3 times.*try again in a minute/i);
    assert.equal(server.requests.length, 4);
    assert.equal(sleeps.length, 3);
  });

  it('does not retry a rejected key (401)', async () => {
    const { client, server } = await setup([{ status: 401 }, { text: 'never' }]);
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'auth');
    assert.equal(err.retryable, false);
    assert.equal(err.message, "The Anthropic API key was rejected (401). Set a valid key with 'Lucid: Set API Key' or ANTHROPIC_API_KEY.");
    assert.equal(server.requests.length, 1);
  });

  it('reports an empty credit balance (400) as credit, not retried', async () => {
    const message = 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';
    const { client, server } = await setup([{ status: 400, message }]);
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'credit');
    assert.match(err.message, /billing/i);
    assert.equal(server.requests.length, 1);
  });

  it('retries a stream cut mid-reply; only the second attempt reaches the message', async () => {
    const { client } = await setup([{ cutAfterEvents: 5, response: { text: ['PARTIAL-', 'one-', 'two-', 'three'] } }, { text: 'Complete answer.' }]);
    const deltas: string[] = [];
    const retries: { attempt: number; kind: string; seen: string }[] = [];
    const r = await client.streamTurn(params(), {
      onTextDelta: (d) => deltas.push(d),
      onRetry: (attempt, e) => retries.push({ attempt, kind: e.kind, seen: deltas.splice(0).join('') }),
    });
    assert.equal(r.attempts, 2);
    assert.deepEqual(retries.map((x) => [x.attempt, x.kind]), [[1, 'stream_cut']]);
    assert.ok(retries[0].seen.startsWith('PARTIAL-'), `the failed attempt streamed ${JSON.stringify(retries[0].seen)}`);
    assert.equal(deltas.join(''), 'Complete answer.');
    assert.deepEqual(r.message.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['Complete answer.']);
  });

  it('gives up on a stream that is always cut', async () => {
    const turns: FakeTurn[] = Array.from({ length: 3 }, () => ({ cutAfterEvents: 4 }));
    const { client, server } = await setup(turns, { maxRetries: 2 });
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'stream_cut');
    assert.equal(err.message, 'The connection dropped mid-reply; nothing was saved from the partial turn.');
    assert.equal(server.requests.length, 3);
  });

  it('retries an overloaded_error event sent mid-stream', async () => {
    const { client } = await setup([{ cutAfterEvents: 3, errorEvent: 'overloaded_error' }, { text: 'ok' }]);
    const kinds: string[] = [];
    const r = await client.streamTurn(params(), { onRetry: (_n, e) => kinds.push(e.kind) });
    assert.equal(r.attempts, 2);
    assert.deepEqual(kinds, ['overloaded']);
  });

  it('treats a stalled stream as cut (idle timeout)', async () => {
    const { client } = await setup([{ text: 'slow slow slow', eventDelayMs: 400 }, { text: 'fast' }], { timeoutMs: 150 });
    const kinds: string[] = [];
    const r = await client.streamTurn(params(), { onRetry: (_n, e) => kinds.push(e.kind) });
    assert.deepEqual(kinds, ['stream_cut']);
    assert.equal(r.attempts, 2);
  });

  it('reports a closed port as a network error naming the base URL', async () => {
    const probe = await startFakeAnthropic({ turns: [] });
    const url = probe.url;
    await probe.close();
    const client = createModelClient({ apiKey: 'k', baseURL: url, model: TEST_MODEL, maxRetries: 1, sleep: async (ms) => void sleeps.push(ms) });
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'network');
    assert.equal(err.message, `Could not reach ${url}: check your network or the base URL setting.`);
    assert.equal(sleeps.length, 1, 'a connection error is retried');
  });

  it('stops promptly when aborted mid-stream, without retrying', async () => {
    const { client, server } = await setup([{ text: 'a b c d e f g h i j k l', eventDelayMs: 150 }, { text: 'never' }]);
    const controller = new AbortController();
    const t0 = Date.now();
    let firstDelta = 0;
    const err = await rejects(
      client.streamTurn(params(), {
        signal: controller.signal,
        onTextDelta: () => {
          firstDelta ||= Date.now();
          controller.abort();
        },
      }),
    );
    assert.equal(err.kind, 'aborted');
    assert.equal(err.message, 'Stopped.');
    assert.ok(firstDelta > 0, 'a delta arrived before the abort');
    assert.ok(Date.now() - firstDelta < 250, `stopped ${Date.now() - firstDelta}ms after the abort`);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(server.requests.length, 1);
  });

  it('stops promptly when aborted while waiting to retry (default sleep)', async () => {
    const { client, server } = await setup([{ status: 429, headers: { 'retry-after': '30' } }, { text: 'never' }], { sleep: undefined });
    const controller = new AbortController();
    const t0 = Date.now();
    const p = client.streamTurn(params(), { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 50) });
    const err = await rejects(p);
    assert.equal(err.kind, 'aborted');
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0}ms`);
    assert.equal(server.requests.length, 1);
  });

  it('rethrows an error thrown by a callback as is, without retrying', async () => {
    const { client, server } = await setup([{ text: 'some text here' }, { text: 'never' }]);
    const boom = new Error('ui broke');
    await assert.rejects(client.streamTurn(params(), { onTextDelta: () => { throw boom; } }), (e) => e === boom);
    assert.equal(server.requests.length, 1);
  });

  it('sends the key and the tools, which the fake server records', async () => {
    const { client, server } = await setup([{ text: 'ok' }]);
    const tools: TurnParams['tools'] = [
      { type: 'bash_20250124', name: 'bash' },
      { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
      { type: 'memory_20250818', name: 'memory' },
      { name: 'search', description: 'Search the repo', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    await client.streamTurn({ ...params(), tools });
    const req = server.requests[0];
    // SDK 1.13 sends an API key as `Authorization: Bearer`, not `x-api-key`.
    assert.equal(req.headers['authorization'], 'Bearer sk-ant-test');
    assert.equal(req.path, '/v1/messages');
    assert.equal(req.body.stream, true);
    assert.equal(req.body.model, TEST_MODEL);
    assert.deepEqual(req.body.tools, tools);
    assert.equal(req.headers['x-stainless-retry-count'], '0', 'the SDK does not retry on its own');
  });

  it('fills in DEFAULT_MODEL when neither the client nor the turn names a model', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'ok' }, { text: 'ok' }] });
    const client = createModelClient({ apiKey: 'k', baseURL: server.url });
    assert.equal(client.model, DEFAULT_MODEL);
    await client.streamTurn({ ...params(), model: TEST_MODEL });
    await client.streamTurn(params());
    assert.deepEqual(server.requests.map((r) => r.body.model), [TEST_MODEL, DEFAULT_MODEL]);
  });

  it('fails fast without an API key', async () => {
    const client = createModelClient({ apiKey: '', baseURL: 'http://127.0.0.1:9' });
    const err = await rejects(client.streamTurn(params()));
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /No Anthropic API key/);
  });
});
