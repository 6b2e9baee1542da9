import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { SessionRecorder } from '../../../src/core/sessions/sessionRecorder';
import { readSession } from '../../../src/core/sessions/sessionReader';
import type { SessionEventInput } from '../../../src/core/sessions/sessionSchema';
import { FAKE } from '../redact/secretCorpus';

const KNOWN = 'my-own-key-4f7a9c2e1b';
const redactor = createRedactor({ knownSecrets: [KNOWN] });
const start = { workspace: 'lucid-demo', model: 'claude-sonnet-4-5', lucidVersion: '0.1.0' };

/** A clock that ticks one second per call, from a fixed instant. */
const clock = (from = Date.UTC(2025, 5, 1, 9, 30, 5)) => {
  let at = from;
  return () => new Date((at += 1000));
};

describe('session recorder', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-sessions-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const events: SessionEventInput[] = [
    { type: 'user_message', text: 'Run the tests and fix what fails.' },
    { type: 'recall', noteIds: ['npm-ci-needs-node-20'], noteTitles: ['npm ci needs Node 20'], reason: 'session-start' },
    { type: 'assistant_text', text: 'Running the unit tests first.' },
    { type: 'tool_call', id: 'toolu_01', name: 'bash', input: { command: 'npm test', timeoutMs: 60000 } },
    { type: 'approval', toolCallId: 'toolu_01', decision: 'auto', reason: 'allow-listed command' },
    { type: 'tool_result', id: 'toolu_01', name: 'bash', ok: false, exitCode: 1, durationMs: 4210, output: 'FAIL test/a.test.ts\n1 failing' },
    { type: 'recall', noteIds: ['flaky-a-test'], reason: 'tool-failure', toolCallId: 'toolu_01' },
    { type: 'usage', inputTokens: 5120, outputTokens: 312, cacheReadTokens: 4096, cacheWriteTokens: 0, turn: 1 },
    { type: 'error', kind: 'api', message: 'overloaded, retrying' },
  ];

  it('round-trips a session through the reader, in order, with growing seq', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, now: clock(), sessionId: 'a1b2c3d4-0000-4000-8000-000000000000' });
    for (const e of events) await rec.record(e);
    await rec.close('completed');

    assert.equal(path.basename(rec.path!), '2025-06-01T093006-a1b2c3d4.jsonl');
    assert.ok(!path.basename(rec.path!).includes(':'));
    const read = await readSession(rec.path!);
    assert.deepEqual(read.problems, []);
    assert.equal(read.header?.v, 1);
    assert.equal(read.header?.sessionId, 'a1b2c3d4-0000-4000-8000-000000000000');
    assert.equal(read.header?.source, 'lucid');
    assert.equal(read.header?.workspace, 'lucid-demo');
    const body = read.events.slice(0, -1).map((e) => {
      const { t, seq, ...rest } = e as { t: string; seq: number };
      assert.match(t, /^\d{4}-\d{2}-\d{2}T/);
      return rest;
    });
    assert.deepEqual(body, events);
    const last = read.events[read.events.length - 1];
    assert.equal(last.type, 'session_end');
    assert.equal(last.type === 'session_end' && last.reason, 'completed');
    const seqs = [read.header!.seq, ...read.events.map((e) => (e as { seq: number }).seq)];
    assert.deepEqual(seqs, seqs.map((_, i) => i));
  });

  it('redacts every string before it reaches the disk', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, now: clock() });
    const urlPassword = 'pr0d-Passw0rd-91x';
    await rec.record({ type: 'tool_call', id: 't1', name: 'bash', input: { command: `curl -H "x-api-key: ${FAKE.anthropic}" https://x`, env: { DB_PASSWORD: 'plainvalue' } } });
    await rec.record({
      type: 'tool_result',
      id: 't1',
      name: 'bash',
      ok: true,
      durationMs: 12,
      output: `key ${FAKE.anthropic}\nAWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\ngit remote: https://ci:${urlPassword}@git.example.com/x.git\nmine: ${KNOWN}`,
    });
    await rec.record({ type: 'user_message', text: `use ${KNOWN} please` });
    await rec.close('completed');
    const raw = fs.readFileSync(rec.path!, 'utf8');
    for (const secret of [FAKE.anthropic, FAKE.awsKeyId, urlPassword, KNOWN, 'plainvalue']) {
      assert.ok(!raw.includes(secret), `a secret reached the disk`);
    }
    assert.match(raw, /\[REDACTED:anthropic-key\]/);
    assert.match(raw, /https:\/\/ci:\[REDACTED:url-password\]@git\.example\.com/);
    assert.match(raw, /"DB_PASSWORD":"\[REDACTED:config-secret\]"/);
  });

  it('writes the workspace with ~ for the home directory', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start: { ...start, workspace: path.join(os.homedir(), 'src', 'app') } });
    await rec.close('stopped');
    const read = await readSession(rec.path!);
    assert.equal(read.header?.workspace, '~/src/app');
  });

  it('caps big outputs, keeping head and tail around a marker', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, maxOutputChars: 1000 });
    const output = `HEAD-START\n${'middle line of a long build log\n'.repeat(5000)}TAIL-END: error TS2304`;
    await rec.record({ type: 'tool_result', id: 't', name: 'bash', ok: false, exitCode: 2, durationMs: 1, output });
    await rec.close('error');
    const result = (await readSession(rec.path!)).events[0];
    assert.equal(result.type, 'tool_result');
    if (result.type !== 'tool_result') return;
    assert.ok(result.output.startsWith('HEAD-START\n'));
    assert.ok(result.output.endsWith('TAIL-END: error TS2304'));
    assert.match(result.output, /\n…\[lucid: \d+ characters cut\]…\n/);
    assert.deepEqual(result.truncated, { originalChars: output.length, keptHead: 400, keptTail: 600 });
    assert.ok(result.output.length < 1100);
    const cut = Number(/lucid: (\d+) characters cut/.exec(result.output)![1]);
    assert.equal(cut, output.length - 1000);
  });

  it('redacts a secret that straddles the cut before cutting', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, maxOutputChars: 100 });
    const output = `${'x'.repeat(30)} ${FAKE.githubPat} ${'y'.repeat(40_000)} ${FAKE.npm}`;
    await rec.record({ type: 'tool_result', id: 't', name: 'bash', ok: true, durationMs: 1, output });
    await rec.close('completed');
    const raw = fs.readFileSync(rec.path!, 'utf8');
    for (const part of [FAKE.githubPat.slice(0, 12), FAKE.githubPat.slice(-12), FAKE.npm.slice(-12)]) assert.ok(!raw.includes(part));
  });

  it('keeps every line whole and in seq order when records are not awaited', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start });
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      // Uneven sizes, so a slow redaction of one would overtake a fast one without the queue.
      const text = i % 7 === 0 ? `big ${i} ${'z'.repeat(30_000)}` : `small ${i}`;
      pending.push(rec.record({ type: 'assistant_text', text }));
    }
    void rec.close('completed');
    await Promise.all(pending);
    await rec.close('completed');
    const raw = fs.readFileSync(rec.path!, 'utf8');
    const lines = raw.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 202);
    const parsed = lines.map((l) => JSON.parse(l) as { seq: number; type: string; text?: string });
    assert.deepEqual(parsed.map((p) => p.seq), parsed.map((_, i) => i));
    parsed.slice(1, -1).forEach((p, i) => assert.ok(p.text!.startsWith(`${i % 7 === 0 ? 'big' : 'small'} ${i}`)));
    assert.equal(parsed[parsed.length - 1].type, 'session_end');
  });

  it('ignores records after close, and close twice', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start });
    await rec.close('completed');
    await rec.record({ type: 'user_message', text: 'late' });
    await rec.close('stopped');
    const read = await readSession(rec.path!);
    assert.deepEqual(read.events.map((e) => e.type), ['session_end']);
  });

  it('reports invalid events to onError, records an error line in their place, and keeps recording', async () => {
    const errors: unknown[] = [];
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, onError: (e) => errors.push(e) });
    await rec.record({ type: 'usage', inputTokens: -1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, turn: 0 });
    await rec.record({ type: 'user_message', text: 'still here' });
    await rec.close('completed');
    assert.equal(errors.length, 1);
    assert.match(String((errors[0] as Error).message), /^A usage event did not fit the transcript schema \(inputTokens: .+\) and was not recorded\.$/);
    const read = await readSession(rec.path!);
    // The bad event leaves an error line in its place (no silent gap in the transcript).
    assert.deepEqual(read.events.map((e) => e.type), ['error', 'user_message', 'session_end']);
  });

  it('writes nothing when recording is off', async () => {
    const rec = await SessionRecorder.create({ sessionsDir: path.join(dir, 'off'), redactor, start, enabled: false });
    await rec.record({ type: 'user_message', text: 'hello' });
    await rec.close('completed');
    assert.equal(rec.enabled, false);
    assert.equal(rec.path, undefined);
    assert.ok(!fs.existsSync(path.join(dir, 'off')));
  });

  it('never reuses an existing file name', async () => {
    const opts = { sessionsDir: dir, redactor, start, sessionId: 'samesame-1', now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) };
    const a = await SessionRecorder.create(opts);
    const b = await SessionRecorder.create(opts);
    await Promise.all([a.close('completed'), b.close('completed')]);
    assert.equal(path.basename(a.path!), '2025-01-02T030405-samesame.jsonl');
    assert.equal(path.basename(b.path!), '2025-01-02T030405-samesame-2.jsonl');
  });
});
