import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { fakeIo } from './cliKit';
import { readSession } from '../../../src/core/sessions/sessionReader';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

const KEY = 'sk-ant-api03-CLIKEYclikeyCLIKEYclikeyCLIKEYclikey-ZZZZ';

describe('lucid run', () => {
  let root: string;
  let server: FakeAnthropic | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cli-run-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'demo', scripts: { build: 'node build.js' } }));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });
  const start = async (turns: FakeTurn[]) => (server = await startFakeAnthropic({ turns, apiKey: KEY }));
  const env = () => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server!.url, LUCID_MODEL: 'claude-sonnet-4-6' });

  it('--approve all edits a file, runs a command, streams the answer and leaves a readable transcript', async () => {
    await start([
      { text: 'Writing build.js.', toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'build.js', file_text: `console.log('built with ${KEY}')\n` } }] },
      { toolUses: [{ name: 'bash', input: { command: 'npm run build --silent' } }] },
      { text: ['The build ', 'works.'] },
    ]);
    const { io, stdout } = fakeIo(root, env());
    const code = await main(['run', '--approve', 'all', '--workspace', root, 'make the build script work'], io);
    assert.equal(code, 0);
    assert.match(stdout(), /Writing build\.js\.[\s\S]*The build works\./);
    assert.ok(fs.existsSync(path.join(root, 'build.js')));
    const result = JSON.stringify(server!.requests[2].body.messages.at(-1));
    assert.match(result, /built with sk-ant-/, 'the model itself sees the real output');

    const sessions = fs.readdirSync(path.join(root, '.agent-memory', 'sessions')).filter((f) => f.endsWith('.jsonl'));
    assert.equal(sessions.length, 1);
    const file = path.join(root, '.agent-memory', 'sessions', sessions[0]);
    const { header, events, problems } = await readSession(file);
    assert.deepEqual(problems, []);
    assert.equal(header?.model, 'claude-sonnet-4-6');
    const types = events.map((e) => e.type);
    for (const t of ['user_message', 'assistant_text', 'tool_call', 'tool_result', 'usage', 'session_end']) assert.ok(types.includes(t as any), `records ${t}`);
    const bash = events.find((e: any) => e.type === 'tool_result' && e.name === 'bash') as any;
    assert.equal(bash.exitCode, 0);
    // The key never reaches disk, even though the command printed it.
    assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY), 'the API key is redacted in the transcript');
  });

  it('--plan writes nothing even with --approve all, and the request asks for a plan', async () => {
    await start([{ toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'p.txt', file_text: 'x' } }] }, { text: 'PLAN' }]);
    const { io } = fakeIo(root, env());
    assert.equal(await main(['run', '--approve', 'all', '--plan', '--workspace', root, 'make p.txt'], io), 0);
    assert.equal(fs.existsSync(path.join(root, 'p.txt')), false);
    assert.match(JSON.stringify(server!.requests[1].body.messages.at(-1)), /Plan mode: nothing is changed/);
  });

  it('--approve none denies every edit and command', async () => {
    await start([
      { toolUses: [{ name: 'bash', input: { command: 'ls' } }, { name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'x.txt', file_text: 'x' } }] },
      { text: 'I was not allowed.' },
    ]);
    const { io } = fakeIo(root, env());
    assert.equal(await main(['run', '--approve', 'none', 'try things'], io), 0);
    const blocks = server!.requests[1].body.messages.at(-1).content;
    assert.deepEqual(blocks.map((b: any) => b.is_error), [true, true]);
    assert.match(JSON.stringify(blocks), /denied by the approval policy/);
    assert.equal(fs.existsSync(path.join(root, 'x.txt')), false);
  });

  it('--json prints one JSON event per line', async () => {
    await start([{ text: 'hi' }]);
    const { io, stdout } = fakeIo(root, env());
    assert.equal(await main(['run', '--json', 'say hi'], io), 0);
    const events = stdout().trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.filter((e) => e.type === 'assistant_text').map((e) => e.text), ['hi']);
    assert.equal(events[0].type, 'session_start');
  });

  it('a token split between two streamed pieces (reply deltas, a command\'s output) is redacted on stdout, plain and --json', async () => {
    const token = `ghp_${'Q7x2Lm9K'.repeat(4)}Zt4W`;
    const rev = (t: string) => [...t].reverse().join(''); // the command prints the pieces without spelling them
    const [head, tail] = [token.slice(0, 20), token.slice(20)];
    const turns = (): FakeTurn[] => [
      { text: [`Set GH_TOKEN to ${head}`, `${tail} first.\n`], toolUses: [{ name: 'bash', input: { command: `printf 'export T=%s' "$(echo ${rev(head)} | rev)"; sleep 0.3; echo ${rev(tail)} | rev` } }] },
      { text: ['Done, with ', `${head}`, `${tail}`, '.'] },
    ];
    for (const mode of [[], ['--json']]) {
      await start(turns());
      const { io, stdout } = fakeIo(root, env());
      assert.equal(await main(['run', '--approve', 'all', ...mode, '--workspace', root, 'set it up'], io), 0);
      const out = stdout();
      const leak = out.split('\n').find((l) => l.includes(head) || l.includes(tail));
      assert.equal(leak, undefined, `${mode.join('') || 'plain'}: no piece of the token on stdout`);
      assert.match(out, /\[REDACTED:github-token\]/);
      if (mode.length) {
        const events = out.trim().split('\n').map((l) => JSON.parse(l));
        assert.match(events.filter((e) => e.type === 'tool_output').map((e) => e.text).join(''), /^export T=\[REDACTED:github-token\]\n$/);
        assert.equal(events.filter((e) => e.type === 'text_delta').map((e) => e.text).join(''), 'Set GH_TOKEN to [REDACTED:github-token] first.\nDone, with [REDACTED:github-token].');
      } else assert.match(out, /Set GH_TOKEN to \[REDACTED:github-token\] first\.\n[\s\S]*Done, with \[REDACTED:github-token\]\./);
      await server!.close();
      server = undefined;
    }
  });

  it('offers the delegate tool with the roster, including the team\'s own specialists; --no-delegate leaves it out', async () => {
    fs.mkdirSync(path.join(root, '.claude', 'agents'), { recursive: true });
    fs.writeFileSync(path.join(root, '.claude', 'agents', 'docs.md'), '---\nname: docs\ndescription: Writes the docs.\n---\nBe brief.');
    await start([{ text: 'one' }, { text: 'two' }]);
    assert.equal(await main(['run', '--workspace', root, 'hi'], fakeIo(root, env()).io), 0);
    assert.equal(await main(['run', '--workspace', root, '--no-delegate', 'hi'], fakeIo(root, env()).io), 0);
    const [withIt, without] = server!.requests.map((r) => r.body.tools.map((t: any) => t.name));
    assert.ok(withIt.includes('delegate'));
    assert.match(server!.requests[0].body.tools.find((t: any) => t.name === 'delegate').description, /- docs: Writes the docs\./);
    assert.ok(!without.includes('delegate'));
  });

  it('--json shows each specialist with its tokens, and the total at the end', async () => {
    await start([
      { when: { systemContains: 'You are Lucid, a coding agent' }, toolUses: [{ name: 'delegate', input: { agent: 'explore', task: 'look' } }] },
      { when: { systemContains: '`explore` specialist' }, text: 'seen' },
      { when: { systemContains: 'You are Lucid, a coding agent' }, text: 'done' },
    ]);
    const { io, stdout } = fakeIo(root, env());
    assert.equal(await main(['run', '--json', '--workspace', root, 'look around'], io), 0);
    const events = stdout().trim().split('\n').map((l) => JSON.parse(l));
    const end = events.find((e) => e.type === 'specialist_end');
    assert.equal(end.agent, 'explore');
    assert.equal(end.status, 'done');
    const total = events.at(-1);
    assert.equal(total.type, 'total_usage');
    assert.deepEqual(total.specialists.map((x: any) => x.agent), ['explore']);
    assert.equal(total.total.output, total.lead.output + total.specialists[0].output);
    assert.ok(total.specialists[0].input > 0 && total.lead.input > 0);
    assert.ok(total.costUsd > 0, 'a known model has a cost from the price table');
    // Two transcripts: the lead's and the specialist's, linked.
    const dir = path.join(root, '.agent-memory', 'sessions');
    const heads = await Promise.all(fs.readdirSync(dir).map((f) => readSession(path.join(dir, f)).then((r) => r.header)));
    const child = heads.find((h) => h?.parent);
    assert.equal(child?.parent?.agent, 'explore');
    assert.ok(heads.some((h) => h?.sessionId === child?.parent?.sessionId));
  });

  it('--continue sends the latest session\'s turns again; --resume ID picks one; a bad id is a clear error', async () => {
    await start([
      { toolUses: [{ name: 'bash', input: { command: 'echo FIRST_OUTPUT' } }] },
      { text: 'FIRST ANSWER' },
      { text: 'SECOND ANSWER' },
      { text: 'THIRD ANSWER' },
      { text: 'FOURTH ANSWER' },
    ]);
    const run = async (...args: string[]) => {
      const f = fakeIo(root, env());
      return { code: await main(['run', '--approve', 'all', '--workspace', root, ...args], f.io), ...f };
    };
    assert.equal((await run('first request')).code, 0);
    assert.equal((await run('an unrelated session')).code, 0);
    const dir = path.join(root, '.agent-memory', 'sessions');
    const firstId = (await Promise.all(fs.readdirSync(dir).map((f) => readSession(path.join(dir, f))))).find((r) => r.events.some((e: any) => e.text === 'first request'))!.header!.sessionId;
    // --continue: the latest session (the unrelated one).
    assert.equal((await run('--continue', 'and then?')).code, 0);
    let sent = server!.requests.at(-1)!.body.messages;
    assert.deepEqual(sent.map((m: any) => m.role), ['user', 'assistant', 'user']);
    assert.match(JSON.stringify(sent[0]), /an unrelated session/);
    // --resume: the first one, with its tool call and result, in order.
    assert.equal((await run('--resume', firstId.slice(0, 8), 'go on')).code, 0);
    sent = server!.requests.at(-1)!.body.messages;
    assert.deepEqual(sent.map((m: any) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.match(JSON.stringify(sent[1]), /"type":"tool_use"[\s\S]*echo FIRST_OUTPUT/);
    assert.match(JSON.stringify(sent[2]), /"type":"tool_result"[\s\S]*FIRST_OUTPUT/);
    assert.match(JSON.stringify(sent[3]), /FIRST ANSWER/);
    assert.match(JSON.stringify(sent[4]), /go on/);
    // The continued session is its own transcript, linked to the one it continues.
    const heads = await Promise.all(fs.readdirSync(dir).map((f) => readSession(path.join(dir, f)).then((r) => r.header)));
    assert.ok(heads.some((h) => h?.resumedFrom === firstId));
    const bad = await run('--resume', 'nope-nope', 'x');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr(), /No recorded session matches 'nope-nope'/);
  });

  it('exits non-zero with a clear message on a bad key, and without a key', async () => {
    await start([]);
    const bad = fakeIo(root, { ...env(), ANTHROPIC_API_KEY: 'sk-ant-wrong' });
    assert.equal(await main(['run', 'hello'], bad.io), 1);
    assert.match(bad.stderr(), /API key was rejected/);
    const none = fakeIo(root, { ANTHROPIC_BASE_URL: server!.url });
    assert.equal(await main(['run', 'hello'], none.io), 1);
    assert.match(none.stderr(), /ANTHROPIC_API_KEY is not set/);
  });

  it('runs as a real process and exits with the session outcome', async () => {
    await start([{ text: 'from a child process' }]);
    const cli = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
      execFile(process.execPath, [cli, 'run', '--workspace', root, 'hello'], { env: { ...process.env, ...env() } }, (err, so) =>
        resolve({ stdout: so, code: err ? (err as any).code : 0 }),
      );
    });
    assert.equal(code, 0);
    assert.match(stdout, /from a child process/);
  });
});
