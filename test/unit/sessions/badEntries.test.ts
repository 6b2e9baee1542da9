// Entries in `sessions/` that are not transcripts: a directory, a 600 MB file (sparse: nothing is written), a FIFO
// and a socket, each with a transcript's name. Every reader reports or skips them and none of them blocks.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { readChangedSessions } from '../../../src/core/sessions/sessionIndex';
import { listSessions, readSession } from '../../../src/core/sessions/sessionReader';
import { recordSession, VITEST_FAIL, VITEST_FIX } from '../dream/dreamKit';

const BAD = {
  dir: '2026-03-01T090000-adir0001.jsonl',
  huge: '2026-03-01T090001-huge0001.jsonl',
  fifo: '2026-03-01T090002-fifo0001.jsonl',
  socket: '2026-03-01T090003-sock0001.jsonl',
};

/** Fails instead of hanging: a FIFO opened for reading would wait for a writer forever. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe('sessions/: entries that are not transcripts', () => {
  let ws: string;
  let dir: string;
  let server: net.Server | undefined;
  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-bad-'));
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX]);
    dir = memoryPaths(ws).sessions;
    fs.mkdirSync(path.join(dir, BAD.dir));
    fs.writeFileSync(path.join(dir, BAD.huge), '');
    fs.truncateSync(path.join(dir, BAD.huge), 600 * 1024 * 1024); // sparse: 600 MB long, nothing written
    execFileSync('mkfifo', [path.join(dir, BAD.fifo)]);
    server = net.createServer();
    await new Promise<void>((resolve) => server!.listen(path.join(dir, BAD.socket), resolve));
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('the session index reports each one and skips it, without opening the FIFO', async () => {
    const r = await within(10_000, readChangedSessions(dir), 'readChangedSessions');
    assert.equal(r.changed.length, 1);
    assert.deepEqual(r.problems.sort(), [
      `sessions/${BAD.dir}: a directory, not a transcript file; skipped`,
      `sessions/${BAD.huge}: 600 MB, larger than any transcript Lucid writes; skipped`,
      `sessions/${BAD.fifo}: a FIFO (named pipe), not a transcript file; skipped`,
      `sessions/${BAD.socket}: a socket, not a transcript file; skipped`,
    ].sort());
  });

  it('listSessions lists only the transcript; readSession refuses a FIFO and a 600 MB file at once', async () => {
    const listed = await within(10_000, listSessions(dir), 'listSessions');
    assert.equal(listed.length, 2, 'the transcript and the (sparse) file');
    assert.ok(!listed.some((s) => s.name === BAD.fifo || s.name === BAD.dir || s.name === BAD.socket));
    await assert.rejects(within(5_000, readSession(path.join(dir, BAD.fifo)), 'readSession'), /is a FIFO \(named pipe\), not a regular file/);
    await assert.rejects(within(5_000, readSession(path.join(dir, BAD.huge)), 'readSession'), /: 600 MB, larger than any transcript Lucid writes; not read$/);
  });

  it('the dream still runs, learns from the good session and reports the rest; the next dream runs too', async function () {
    this.timeout(30_000);
    const first = await within(20_000, runDream({ workspaceRoot: ws }), 'the dream');
    assert.equal(first.report.sessionsRead, 1);
    assert.equal(first.report.added.length, 1);
    for (const name of Object.values(BAD)) assert.ok(first.report.problems.some((p) => p.startsWith(`sessions/${name}: `)), `${name} reported`);
    const second = await within(20_000, runDream({ workspaceRoot: ws }), 'the next dream');
    assert.equal(second.report.sessionsRead, 0);
  });
});
