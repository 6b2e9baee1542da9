// How failures map to ModelError kinds and actionable messages: real SDK errors from the fake server, and
// a few hand-made ones.
import { strict as assert } from 'assert';
import { APIConnectionTimeoutError, APIUserAbortError } from '@anthropic-ai/sdk';
import { createModelClient } from '../../../src/core/model/modelClient';
import { ModelError, retryAfterMs, toModelError } from '../../../src/core/model/modelErrors';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const MODEL = 'claude-sonnet-4-6';

describe('model errors', () => {
  let server: FakeAnthropic | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function failWith(turns: FakeTurn[], extra: { timeoutMs?: number; maxRetries?: number } = {}) {
    server = await startFakeAnthropic({ turns });
    const client = createModelClient({ apiKey: 'k', baseURL: server.url, model: MODEL, sleep: async () => {}, ...extra });
    try {
      await client.streamTurn({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    } catch (e) {
      assert.ok(e instanceof ModelError, String(e));
      return e;
    }
    return assert.fail('expected a failure');
  }

  it('maps 403 to permission, not retried', async () => {
    const e = await failWith([{ status: 403 }]);
    assert.deepEqual([e.kind, e.status, e.retryable], ['permission', 403, false]);
    assert.match(e.message, /not allowed.*403/);
  });

  it('maps 404 to not_found', async () => {
    const e = await failWith([{ status: 404, message: 'model: claude-nope' }]);
    assert.equal(e.kind, 'not_found');
    assert.match(e.message, /model: claude-nope.*check the model name and the base URL/);
  });

  it('maps a plain 400 to bad_request with the API message', async () => {
    const e = await failWith([{ status: 400, message: 'messages: roles must alternate' }]);
    assert.deepEqual([e.kind, e.retryable], ['bad_request', false]);
    assert.match(e.message, /rejected the request \(400: messages: roles must alternate\)/);
  });

  it('maps persistent 500s to server after the retries, and 529s to overloaded', async () => {
    const e500 = await failWith([{ status: 500 }, { status: 500 }], { maxRetries: 1 });
    assert.equal(e500.kind, 'server');
    assert.match(e500.message, /retried 1 time\./);
    await server?.close();
    const e529 = await failWith([{ status: 529 }, { status: 529 }, { status: 529 }], { maxRetries: 2 });
    assert.equal(e529.kind, 'overloaded');
    assert.match(e529.message, /overloaded \(529\); retried 2 times/);
  });

  it('honours x-should-retry: false', async () => {
    const e = await failWith([{ status: 503, headers: { 'x-should-retry': 'false' } }, { text: 'never' }]);
    assert.deepEqual([e.kind, e.retryable], ['server', false]);
    assert.equal(server!.requests.length, 1);
  });

  it('maps a server that never answers to a network timeout', async () => {
    const e = await failWith([{ hangMs: 5000 }, { hangMs: 5000 }], { timeoutMs: 100, maxRetries: 1 });
    assert.equal(e.kind, 'network');
    assert.match(e.message, /^Timed out waiting for http:\/\/127\.0\.0\.1:\d+: check your network or the base URL setting\.$/);
  });

  it('maps SDK errors made by hand', () => {
    assert.equal(toModelError(new APIUserAbortError()).kind, 'aborted');
    assert.equal(toModelError(new APIUserAbortError()).message, 'Stopped.');
    const t = toModelError(new APIConnectionTimeoutError(), { baseURL: 'https://proxy.example' });
    assert.deepEqual([t.kind, t.retryable], ['network', true]);
    assert.match(t.message, /https:\/\/proxy\.example/);
    const cut = toModelError(new TypeError('terminated', { cause: new Error('other side closed') }));
    assert.equal(cut.kind, 'stream_cut');
    const same = new ModelError('credit', 'x');
    assert.equal(toModelError(same), same);
  });

  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2.5' })), 2500);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = retryAfterMs(new Headers({ 'retry-after': inTenSeconds }))!;
    assert.ok(ms > 8000 && ms <= 10_000, String(ms));
    assert.equal(retryAfterMs(new Headers()), undefined);
  });
});
