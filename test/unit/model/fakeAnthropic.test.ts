// The fake Anthropic server itself, through the real SDK: non-streamed replies, script rules, exhaustion,
// the cache simulation over an agent loop, key checks, and the out-of-process entry.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { createModelClient } from '../../../src/core/model/modelClient';
import { ModelError } from '../../../src/core/model/modelErrors';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const MODEL = 'claude-sonnet-4-6';
const user = (content: MessageParam['content']): MessageParam => ({ role: 'user', content });
const toolResult = (id: string, content: string): MessageParam =>
  user([{ type: 'tool_result', tool_use_id: id, content }]);
const textOf = (m: Anthropic.Message) => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

describe('fake Anthropic server', () => {
  let server: FakeAnthropic | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const sdk = (url: string, apiKey = 'k') => new Anthropic({ apiKey, baseURL: url, maxRetries: 0 });

  it('answers a non-streamed request with a JSON Message', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'Hi.', toolUses: [{ name: 'bash', input: { command: 'ls' }, id: 'toolu_x' }] }] });
    const { data, request_id } = await sdk(server.url)
      .messages.create({ model: MODEL, max_tokens: 100, messages: [user('hello')] })
      .withResponse();
    assert.equal(request_id, 'req_fake_1');
    assert.equal(data.type, 'message');
    assert.equal(data.stop_reason, 'tool_use');
    assert.deepEqual(data.content, [
      { type: 'text', text: 'Hi.', citations: null },
      { type: 'tool_use', id: 'toolu_x', name: 'bash', input: { command: 'ls' }, caller: { type: 'direct' } },
    ]);
    assert.equal(server.requests[0].body.stream, undefined);
  });

  it('lets a function turn decide from the last tool_result', async () => {
    const turns: FakeTurn[] = [
      { toolUses: [{ name: 'bash', input: { command: 'npm test' }, id: 'toolu_1' }] },
      (req) => {
        const last = req.body.messages.at(-1).content[0];
        return { text: last.content.includes('FAIL') ? 'Tests fail.' : 'Tests pass.' };
      },
    ];
    server = await startFakeAnthropic({ turns });
    const client = createModelClient({ apiKey: 'k', baseURL: server.url, model: MODEL });
    const first = await client.streamTurn({ max_tokens: 100, messages: [user('run the tests')] });
    const second = await client.streamTurn({
      max_tokens: 100,
      messages: [user('run the tests'), { role: 'assistant', content: first.message.content }, toolResult('toolu_1', '1 FAIL')],
    });
    assert.equal(textOf(second.message), 'Tests fail.');
    assert.equal(server.requests[1].turnIndex, 1);
  });

  it('applies `when` rules before their turn, repeats `repeat` turns, and echoes', async () => {
    server = await startFakeAnthropic({
      turns: [
        { when: { lastToolResultContains: 'ENOENT' }, text: 'The file is missing.', repeat: true },
        { text: 'first' },
        { echo: true, repeat: true },
      ],
    });
    const c = sdk(server.url);
    const ask = async (messages: MessageParam[]) => textOf(await c.messages.create({ model: MODEL, max_tokens: 10, messages }));
    assert.equal(await ask([user('a')]), 'first');
    assert.equal(await ask([user('say this back')]), 'echo: say this back');
    assert.equal(await ask([user('x'), { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'bash', input: {} }] }, toolResult('t', 'cat: ENOENT')]), 'The file is missing.');
    assert.equal(await ask([user('again')]), 'echo: again');
    assert.deepEqual(server.requests.map((r) => r.turnIndex), [1, 2, 0, 2]);
  });

  it('fails loudly, and is not retried, when the script runs out', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'only one' }] });
    const client = createModelClient({ apiKey: 'k', baseURL: server.url, model: MODEL, sleep: async () => {} });
    await client.streamTurn({ max_tokens: 10, messages: [user('1')] });
    await assert.rejects(client.streamTurn({ max_tokens: 10, messages: [user('2')] }), (e) => {
      assert.ok(e instanceof ModelError);
      assert.equal(e.kind, 'server');
      assert.equal(e.retryable, false);
      assert.match(e.message, /script exhausted: request #2 has no scripted turn left/);
      return true;
    });
    assert.equal(server.requests.length, 2);
    assert.equal(server.remaining(), 0);
  });

  it('simulates the prompt cache over an agent loop whose last message carries the marker', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
    const client = createModelClient({ apiKey: 'k', baseURL: server.url, model: MODEL });
    const cc = { type: 'ephemeral' as const };
    const system = [{ type: 'text' as const, text: 'S'.repeat(4000), cache_control: cc }];
    const mark = (text: string) => user([{ type: 'text', text, cache_control: cc }]);
    const u1 = (await client.streamTurn({ max_tokens: 10, system, messages: [mark('Q'.repeat(400))] })).usage;
    assert.deepEqual([u1.cacheReadTokens > 0, u1.cacheWriteTokens > 1000], [false, true]);
    const history: MessageParam[] = [user('Q'.repeat(400)), { role: 'assistant', content: 'a' }, mark('R'.repeat(400))];
    const u2 = (await client.streamTurn({ max_tokens: 10, system, messages: history })).usage;
    assert.ok(u2.cacheReadTokens >= 1000, `read ${u2.cacheReadTokens}`);
    assert.ok(u2.cacheWriteTokens > 0 && u2.cacheWriteTokens < 300, `write ${u2.cacheWriteTokens}`);
    const otherSystem = [{ ...system[0], text: 'T'.repeat(4000) }];
    const u3 = (await client.streamTurn({ max_tokens: 10, system: otherSystem, messages: history })).usage;
    assert.equal(u3.cacheReadTokens, 0, 'a different system prompt misses the cache');
  });

  it('rejects a wrong key with a 401 when it is given one to check', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'ok' }], apiKey: 'sk-right' });
    await assert.rejects(sdk(server.url, 'sk-wrong').messages.create({ model: MODEL, max_tokens: 5, messages: [user('x')] }), /401/);
    const ok = await sdk(server.url, 'sk-right').messages.create({ model: MODEL, max_tokens: 5, messages: [user('x')] });
    assert.equal(textOf(ok), 'ok');
  });

  it('serves the recorded requests at /_fake/requests', async () => {
    server = await startFakeAnthropic({ turns: [{ text: 'ok' }] });
    await sdk(server.url).messages.create({ model: MODEL, max_tokens: 5, messages: [user('recorded?')] });
    const list = (await (await fetch(`${server.url}/_fake/requests`)).json()) as { body: { messages: MessageParam[] } }[];
    assert.equal(list.length, 1);
    assert.equal(list[0].body.messages[0].content, 'recorded?');
  });

  it('runs out of process from a JSON script', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-anthropic-'));
    const script = path.join(dir, 'script.json');
    const record = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(script, JSON.stringify({ turns: [{ text: 'from a file' }] }));
    const main = path.resolve(__dirname, '..', '..', 'support', 'fakeAnthropicMain.js');
    const child = spawn(process.execPath, [main, '--script', script, '--record', record], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening (\S+)\n/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const client = createModelClient({ apiKey: 'k', baseURL: url, model: MODEL });
      const r = await client.streamTurn({ max_tokens: 10, messages: [user('hi')] });
      assert.equal(textOf(r.message), 'from a file');
      const lines = fs.readFileSync(record, 'utf8').trim().split('\n');
      assert.equal(JSON.parse(lines[0]).body.messages[0].content, 'hi');
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
