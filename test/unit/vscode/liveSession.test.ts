// The panel's live session (src/vscode/liveSession.ts) against the fake server: continuing a recorded session
// sends its earlier turns with the first request and names it on the new transcript; `/model` switches the model
// of the next requests without losing the conversation.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AgentEvent } from '../../../src/core/agent/agentEvents';
import { conversationFromEvents } from '../../../src/core/agent/resumeConversation';
import { listSessions, readSession } from '../../../src/core/sessions/sessionReader';
import { loadMcpConfig } from '../../../src/core/mcp/mcpConfig';
import { connectMcp } from '../../../src/core/mcp/mcpTools';
import type { AgentSettings } from '../../../src/vscode/agentSettings';
import { startLiveSession, type LiveSession } from '../../../src/vscode/liveSession';
import { readRecordedSession } from '../../../src/vscode/sessionHistory';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-LIVEsessionLIVEsessionLIVEsession-QQQQ';
const quiet = { info: () => undefined, warn: () => undefined };

describe('the panel\'s live session: continue a past session, switch the model', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  const settings = (): AgentSettings => ({
    model: 'claude-sonnet-4-6', baseUrl: server!.url, tokenBudget: 2000, edits: 'deny', commands: 'deny', recordSessions: true, agents: { enabled: false, maxParallel: 1 },
  });
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-live-'))));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function request(live: LiveSession, text: string): Promise<AgentEvent[]> {
    const events: AgentEvent[] = [];
    const it = live.agent.send(text);
    for (let r = await it.next(); !r.done; r = await it.next()) events.push(r.value);
    return events;
  }
  const close = async (live: LiveSession) => (await live.agent.end('completed'), await live.transcript.close());
  const start = (resume?: { id: string; history: ReturnType<typeof conversationFromEvents> }) =>
    startLiveSession({ root, apiKey: KEY, settings: settings(), trusted: true, ask: undefined, log: quiet, ...(resume ? { resume } : {}) });

  it('continuing a recorded session: the first request carries its earlier turns; the transcript names it', async () => {
    server = await startFakeAnthropic({ apiKey: KEY, turns: [{ text: 'The build uses esbuild.' }, { text: 'Then run npm test.' }] });
    const first = await start();
    await request(first, 'How is it built?');
    await close(first);
    const pastId = first.agent.id;

    const recorded = await readRecordedSession(root, pastId);
    assert.ok(recorded, 'the session is read back');
    assert.deepEqual(recorded.items.map((i) => i.kind), ['user', 'assistant', 'usage'], 'the chat shows the old items');
    const live = await start({ id: pastId, history: conversationFromEvents(recorded.events) });
    await request(live, 'And the tests?');
    await close(live);

    const messages = server.requests[1].body.messages as Array<{ role: string; content: unknown }>;
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.match(JSON.stringify(messages[0].content), /How is it built\?/);
    assert.match(JSON.stringify(messages[1].content), /The build uses esbuild\./);
    assert.match(JSON.stringify(messages[2].content), /And the tests\?/);
    const sessions = await listSessions(path.join(root, '.agent-memory', 'sessions'));
    const continued = sessions.find((s) => s.id === live.agent.id)!;
    assert.equal(continued.header?.resumedFrom, pastId);
    assert.equal((await readSession(continued.path)).problems.length, 0);
    assert.notEqual(live.agent.id, pastId, 'a continued session is a new transcript');
  });

  it('/model: the next request uses the model picked, with the conversation so far', async () => {
    server = await startFakeAnthropic({ apiKey: KEY, turns: [{ text: 'one' }, { text: 'two' }] });
    const live = await start();
    await request(live, 'first');
    live.setModel('claude-haiku-4-5');
    assert.equal(live.client.model, 'claude-haiku-4-5');
    await request(live, 'second');
    await close(live);
    assert.deepEqual(server.requests.map((r) => r.body.model), ['claude-sonnet-4-6', 'claude-haiku-4-5']);
    assert.equal((server.requests[1].body.messages as unknown[]).length, 3);
  });

  it('a new API key and base URL apply to the next request through the real SDK, with the conversation kept', async () => {
    const NEW_KEY = 'sk-ant-api03-NEWkeyNEWkeyNEWkeyNEWkey-RRRR';
    server = await startFakeAnthropic({ apiKey: KEY, turns: [{ text: 'one' }] });
    const other = await startFakeAnthropic({ apiKey: NEW_KEY, turns: [{ text: 'two' }] });
    try {
      const live = await start();
      await request(live, 'first');
      live.reconnect(NEW_KEY, other.url);
      const events = await request(live, 'second');
      await close(live);
      assert.ok(!events.some((e) => e.type === 'error'), 'the new key is accepted where the old one would get a 401');
      assert.equal(server.requests.length, 1);
      assert.equal(other.requests.length, 1);
      assert.ok(JSON.stringify(other.requests[0].headers).includes(NEW_KEY));
      assert.ok(!JSON.stringify(other.requests[0].headers).includes(KEY));
      assert.equal(other.requests[0].body.model, 'claude-sonnet-4-6', 'the model stays');
      assert.deepEqual((other.requests[0].body.messages as Array<{ role: string }>).map((m) => m.role), ['user', 'assistant', 'user']);
    } finally {
      await other.close();
    }
  });

  it('extended thinking: the budget set is sent, turned off for the next request, and its text comes back as an event', async () => {
    server = await startFakeAnthropic({ apiKey: KEY, turns: [{ thinking: 'Let me think.', text: 'one' }, { text: 'two' }] });
    const live = await startLiveSession({ root, apiKey: KEY, settings: { ...settings(), thinkingBudget: 2048 }, trusted: true, ask: undefined, log: quiet });
    const events = await request(live, 'first');
    live.setThinkingBudget(0);
    await request(live, 'second');
    await close(live);
    assert.deepEqual(server.requests[0].body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(server.requests[1].body.thinking, undefined);
    assert.deepEqual(events.filter((e) => e.type === 'thinking'), [{ type: 'thinking', text: 'Let me think.' }]);
  });

  it('offers the MCP servers\' tools and closes the servers with the session', async () => {
    fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { demo: { command: process.execPath, args: [path.resolve(__dirname, '..', '..', 'support', 'mcpTestServer.js')] } } }));
    server = await startFakeAnthropic({ apiKey: KEY, turns: [{ toolUses: [{ name: 'mcp__demo__lookup', input: { key: 'k' } }] }, { text: 'ok' }] });
    const mcp = await connectMcp(await loadMcpConfig(root, undefined, process.env), root);
    const live = await startLiveSession({ root, apiKey: KEY, settings: { ...settings(), commands: 'allow' }, trusted: true, ask: undefined, log: quiet, mcp });
    await request(live, 'look k up');
    assert.ok(server.requests[0].body.tools.some((t: any) => t.name === 'mcp__demo__lookup'));
    assert.match(JSON.stringify(server.requests[1].body.messages.at(-1)), /value of k: 42/);
    await close(live);
    await live.closeExtras();
  });
});
