// MCP servers from the project's .mcp.json (Claude Code's format): a real stdio server started by `lucid run`, its
// tools offered to the model as mcp__<server>__<tool>, a call served under the approvals, a tool's error recorded
// like any tool's, and a configuration that does not fit reported without stopping the others.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/cliKit';
import { loadMcpConfig, expandVars } from '../../../src/core/mcp/mcpConfig';
import { readSession } from '../../../src/core/sessions/sessionReader';
import { startMcpHttpServer } from '../../support/mcpHttpTestServer';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-MCPmcpMCPmcpMCPmcpMCPmcp-ZZZZ';
const SERVER = path.resolve(__dirname, '..', '..', 'support', 'mcpTestServer.js');

describe('MCP servers', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-mcp-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });
  const env = () => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server!.url, LUCID_MODEL: 'claude-sonnet-4-6', PATH: process.env.PATH });
  const writeConfig = (servers: unknown) => fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: servers }));

  it('serves a tool call from a stdio server in .mcp.json, and records a failing one like any tool', async () => {
    writeConfig({ demo: { command: process.execPath, args: [SERVER] }, broken: { command: 'definitely-not-a-program-xyz' }, odd: { url: 'nope' } });
    const turns: FakeTurn[] = [
      { toolUses: [{ name: 'mcp__demo__lookup', input: { key: 'answer' } }, { name: 'mcp__demo__fail', input: { why: 'testing' } }] },
      { text: 'looked it up' },
    ];
    server = await startFakeAnthropic({ turns, apiKey: KEY });
    const { io, stderr } = fakeIo(root, env());
    assert.equal(await main(['run', '--approve', 'all', '--workspace', root, 'look up the answer'], io), 0, stderr());
    const tools = server.requests[0].body.tools.map((t: any) => t.name);
    assert.ok(tools.includes('mcp__demo__lookup') && tools.includes('mcp__demo__fail'), tools.join(', '));
    const results = server.requests[1].body.messages.at(-1).content;
    assert.match(JSON.stringify(results[0]), /value of answer: 42/);
    assert.equal(results[0].is_error, false);
    assert.equal(results[1].is_error, true);
    assert.match(JSON.stringify(results[1]), /the thing broke: testing/);
    assert.match(stderr(), /MCP server 'broken' could not be used/);
    assert.match(stderr(), /\.mcp\.json: server 'odd'/);
    const dir = path.join(root, '.agent-memory', 'sessions');
    const { events } = await readSession(path.join(dir, fs.readdirSync(dir)[0]));
    const failed = events.find((e: any) => e.type === 'tool_result' && e.name === 'mcp__demo__fail') as any;
    assert.equal(failed.ok, false);
    assert.match(failed.output, /the thing broke/);
  });

  it('serves a tool call from an HTTP server in .mcp.json, with its headers (variables expanded)', async () => {
    const http = await startMcpHttpServer();
    try {
      writeConfig({ remote: { type: 'http', url: http.url, headers: { Authorization: 'Bearer ${MCP_TOKEN}' } } });
      server = await startFakeAnthropic({ turns: [{ toolUses: [{ name: 'mcp__remote__lookup', input: { key: 'door' } }] }, { text: 'found it' }], apiKey: KEY });
      const { io, stderr } = fakeIo(root, { ...env(), MCP_TOKEN: 'tok-123' });
      assert.equal(await main(['run', '--approve', 'all', '--workspace', root, 'look it up'], io), 0, stderr());
      assert.ok(server.requests[0].body.tools.some((t: any) => t.name === 'mcp__remote__lookup'));
      const result = server.requests[1].body.messages.at(-1).content[0];
      assert.equal(result.is_error, false);
      assert.match(JSON.stringify(result), /http value of door: 7/);
      assert.deepEqual(http.calls, ['lookup door']);
      assert.ok(http.headers.every((h) => h.authorization === 'Bearer tok-123'), 'every request carried the configured header');
    } finally {
      await http.close();
    }
  });

  it('an MCP call goes through the approvals: --approve none refuses it and the server is never called', async () => {
    writeConfig({ demo: { command: process.execPath, args: [SERVER] } });
    server = await startFakeAnthropic({ turns: [{ toolUses: [{ name: 'mcp__demo__lookup', input: { key: 'x' } }] }, { text: 'ok' }], apiKey: KEY });
    const { io } = fakeIo(root, env());
    assert.equal(await main(['run', '--workspace', root, 'go'], io), 0);
    const result = server.requests[1].body.messages.at(-1).content[0];
    assert.equal(result.is_error, true);
    assert.match(JSON.stringify(result), /denied/);
    assert.doesNotMatch(JSON.stringify(result), /value of/);
  });

  it('expands ${VAR} and ${VAR:-default}; a missing variable is a problem, not a silent empty value', async () => {
    const missing = new Set<string>();
    assert.equal(expandVars('${HOME_X:-/h}/${USER_X}', { USER_X: 'ann' }, missing), '/h/ann');
    assert.deepEqual([...missing], []);
    writeConfig({ a: { command: 'node', args: ['${SCRIPT}'] }, b: { type: 'http', url: 'https://example.com/${PATH_X}' } });
    const c = await loadMcpConfig(root, { c: { command: 'echo' } }, { SCRIPT: 'srv.js' });
    assert.deepEqual([...c.servers.keys()], ['a', 'c']);
    assert.deepEqual((c.servers.get('a') as any).args, ['srv.js']);
    assert.deepEqual(c.problems, [".mcp.json: server 'b' needs $PATH_X (not set)"]);
  });
});
