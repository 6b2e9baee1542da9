// `lucid run` as a real process: a malformed reply or a cut stream is one clear line on stderr, never a stack trace.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-CLIKEYclikeyCLIKEYclikeyCLIKEYclikey-ERRS';
const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
/** A V8 stack frame line: `    at fn (file:1:2)` or `    at file:1:2`. */
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

describe('lucid run: error output', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cli-errors-'))));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function run(turns: FakeTurn[]): Promise<{ code: number; stderr: string }> {
    server = await startFakeAnthropic({ turns, apiKey: KEY });
    const env = { ...process.env, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url, LUCID_MODEL: 'claude-sonnet-4-6', LUCID_DEBUG: '' };
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, 'run', '--workspace', root, 'list the files'], { env }, (err, _out, stderr) =>
        resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, stderr }),
      );
    });
  }

  it('invalid tool-input JSON: one line naming the problem, exit 1, no stack trace', async () => {
    const bad: FakeTurn = { toolUses: [{ name: 'bash', input: {}, inputJson: '{"command": ls}' }] };
    const { code, stderr } = await run([bad, bad]);
    assert.equal(code, 1);
    assert.match(stderr, /^lucid: The model's reply was malformed: the input of its 'bash' tool call is not valid JSON \(.+\); nothing was saved from that turn\.$/m);
    assert.doesNotMatch(stderr, STACK_FRAME);
    assert.doesNotMatch(stderr, /network|ZodError/);
  });

  it('an empty tool name: one line, exit 1, no stack trace, no schema dump', async () => {
    const bad: FakeTurn = { text: 'Listing.', toolUses: [{ name: '', input: { command: 'ls' } }] };
    const { code, stderr } = await run([bad, bad]);
    assert.equal(code, 1);
    assert.match(stderr, /^lucid: The model's reply was malformed: it called a tool without a name; nothing was saved from that turn\.$/m);
    assert.doesNotMatch(stderr, STACK_FRAME);
    assert.doesNotMatch(stderr, /ZodError|too_small|session transcript/);
  });

  it('a stream cut mid-reply is said as such while retrying, without a stack trace', async () => {
    const { code, stderr } = await run([{ cutAfterEvents: 4, response: { text: ['half ', 'a ', 'reply'] } }, { text: 'Done.' }]);
    assert.equal(code, 0);
    assert.match(stderr, /^lucid: retrying in \d+ s \(attempt 2\): The connection dropped mid-reply; nothing was saved from the partial turn\.$/m);
    assert.doesNotMatch(stderr, STACK_FRAME);
    assert.doesNotMatch(stderr, /check your network/);
  });
});
