import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CappedOutput, createBashTool } from '../../../src/core/tools/bashTool';
import { cleanup, makeContext, makeTempDir } from './toolTestKit';

/** Alive and not a zombie (a container's PID 1 may not reap orphans at once). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe('tools/bashTool', () => {
  let root: string;
  beforeEach(() => (root = makeTempDir()));
  afterEach(() => cleanup(root));

  const bash = createBashTool({ timeoutMs: 10_000 });

  it('has the Anthropic definition', () => {
    assert.deepEqual(bash.definition, { type: 'bash_20250124', name: 'bash' });
    assert.equal(bash.name, 'bash');
  });

  it('runs in the workspace and reports exit 0', async () => {
    const ctx = makeContext(root);
    const r = await bash.run({ command: 'pwd; echo hello' }, ctx);
    assert.equal(r.isError, false);
    assert.equal(r.exitCode, 0);
    assert.equal(r.content, `${root}\nhello\n\n[exit code 0]`);
    assert.deepEqual(ctx.requests, [{ kind: 'command', command: 'pwd; echo hello' }]);
    assert.deepEqual(r.meta, { kind: 'command', command: 'pwd; echo hello' });
    assert.ok(r.durationMs >= 0);
  });

  it('reports a failure with stderr, in order, and the exit code', async () => {
    const r = await bash.run({ command: 'echo out1; echo err1 >&2; echo out2; exit 2' }, makeContext(root));
    assert.equal(r.isError, true);
    assert.equal(r.exitCode, 2);
    assert.equal(r.content, 'out1\nerr1\nout2\n\n[exit code 2]');
  });

  it('says when there is no output', async () => {
    const r = await bash.run({ command: 'true' }, makeContext(root));
    assert.equal(r.content, '(no output)\n\n[exit code 0]');
  });

  it('shows bash syntax errors as the model wrote the command', async () => {
    const r = await bash.run({ command: 'if then' }, makeContext(root));
    assert.equal(r.isError, true);
    assert.match(r.content, /syntax error/);
    assert.doesNotMatch(r.content, /exec 2>&1/);
  });

  it('never waits on stdin', async () => {
    const started = Date.now();
    const r1 = await bash.run({ command: 'read x; echo got:$x' }, makeContext(root));
    const r2 = await bash.run({ command: 'cat' }, makeContext(root));
    assert.ok(Date.now() - started < 3000);
    assert.match(r1.content, /^got:\n/);
    assert.equal(r2.exitCode, 0);
  });

  it('runs non-interactively: no pager, no git prompt', async () => {
    const r = await bash.run({ command: 'echo "$GIT_TERMINAL_PROMPT $GIT_PAGER $PAGER"; [ -t 0 ] || echo no-tty' }, makeContext(root));
    assert.equal(r.content, '0 cat cat\nno-tty\n\n[exit code 0]');
  });

  it('kills the whole process group on timeout, grandchildren included', async function () {
    const short = createBashTool({ timeoutMs: 800 });
    const started = Date.now();
    const r = await short.run({ command: "echo before; sh -c 'sleep 100 & echo $! > sleeper.pid; wait'" }, makeContext(root));
    const took = Date.now() - started;
    assert.ok(took < 800 + 1200, `took ${took} ms`);
    assert.equal(r.isError, true);
    assert.equal(r.exitCode, undefined);
    assert.match(r.content, /^before\n\n\[timed out after 0\.8 s: the command and its child processes were killed\]$/);
    const pid = Number(fs.readFileSync(path.join(root, 'sleeper.pid'), 'utf8'));
    assert.ok(pid > 0);
    assert.ok(await waitFor(() => !isRunning(pid), 1000), `sleep ${pid} still running`);
  });

  it('stops background processes left behind when the command ends', async () => {
    const r = await bash.run({ command: 'sleep 100 & echo $! > bg.pid; echo started' }, makeContext(root));
    assert.equal(r.exitCode, 0);
    assert.match(r.content, /^started\n\n\[exit code 0\]\n\[background processes still running when the command finished were stopped\]$/);
    const pid = Number(fs.readFileSync(path.join(root, 'bg.pid'), 'utf8'));
    assert.ok(await waitFor(() => !isRunning(pid), 1000));
  });

  it('caps huge output, keeping head and tail with a marker', async () => {
    const capped = createBashTool({ maxOutputChars: 30_000 });
    const r = await capped.run({ command: 'seq 1 200000' }, makeContext(root));
    assert.equal(r.exitCode, 0);
    assert.ok(r.content.length < 31_000, `length ${r.content.length}`);
    assert.ok(r.content.startsWith('1\n2\n3\n'));
    assert.match(r.content, /\n200000\n\n\[exit code 0\]$/);
    const m = /\[\.\.\. ([\d,]+) characters \(([\d,]+) lines\) of output cut \.\.\.\]/.exec(r.content);
    assert.ok(m, 'marker present');
    const shown = r.content.split('\n').filter((l) => /^\d+$/.test(l)).length;
    assert.equal(shown + Number(m[2].replace(/,/g, '')), 200000, 'cut lines + shown lines = all lines');
  });

  it('CappedOutput keeps everything within the budget', () => {
    const c = new CappedOutput(100);
    c.push('a\nb\n');
    c.push('c\n');
    assert.equal(c.render(), 'a\nb\nc\n');
  });

  it('is cancelled by the abort signal, killing the group', async () => {
    const ctx = makeContext(root);
    const started = Date.now();
    setTimeout(() => ctx.controller.abort(), 300);
    const r = await bash.run({ command: 'sleep 100 & echo $! > s.pid; wait' }, ctx);
    assert.ok(Date.now() - started < 2500);
    assert.equal(r.isError, true);
    assert.match(r.content, /\[cancelled: the command and its child processes were killed\]$/);
    const pid = Number(fs.readFileSync(path.join(root, 's.pid'), 'utf8'));
    assert.ok(await waitFor(() => !isRunning(pid), 1000));
  });

  it('runs nothing when cancelled while waiting for approval', async () => {
    const ctx = makeContext(root);
    ctx.approve = () => new Promise(() => setTimeout(() => ctx.controller.abort(), 50)); // never answers
    const r = await bash.run({ command: 'touch marker' }, ctx);
    assert.deepEqual([r.isError, r.content], [true, 'Cancelled: the command was not run.']);
    assert.equal(fs.existsSync(path.join(root, 'marker')), false);
  });

  it('does not run a denied command, and returns the reason', async () => {
    const ctx = makeContext(root, { allowed: false, reason: 'too risky' });
    const r = await bash.run({ command: 'touch marker' }, ctx);
    assert.equal(r.isError, true);
    assert.equal(r.content, 'The user denied this command: too risky');
    assert.equal(fs.existsSync(path.join(root, 'marker')), false);
    assert.equal(ctx.requests.length, 1);
  });

  it('runs nothing in an untrusted workspace and does not ask', async () => {
    const ctx = makeContext(root, { allowed: true, how: 'auto' }, false);
    const r = await bash.run({ command: 'touch marker' }, ctx);
    assert.equal(r.isError, true);
    assert.match(r.content, /not trusted/);
    assert.equal(fs.existsSync(path.join(root, 'marker')), false);
    assert.equal(ctx.requests.length, 0);
  });

  it('answers restart without running anything', async () => {
    const ctx = makeContext(root);
    const r = await bash.run({ restart: true }, ctx);
    assert.deepEqual([r.content, r.isError], ['tool has been restarted', false]);
    assert.equal(ctx.requests.length, 0);
  });

  it('rejects invalid input as a tool error', async () => {
    const r1 = await bash.run({}, makeContext(root));
    const r2 = await bash.run({ command: 42 }, makeContext(root));
    assert.equal(r1.isError, true);
    assert.match(r1.content, /command/);
    assert.equal(r2.isError, true);
    assert.match(r2.content, /Invalid input for bash/);
  });
});
