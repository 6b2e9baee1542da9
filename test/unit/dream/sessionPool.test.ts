// The dream's reading by worker threads (sessionPool.ts) against its reading in the dream's own thread: the same
// sessions give the same memory, byte for byte; the workers redact with the known secrets of the process that
// started them; a cancel stops them and writes nothing; a session the reading fails on is reported and skipped.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DreamCancelledError } from '../../../src/core/dream/dreamLock';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { readSessions } from '../../../src/core/dream/sessionPool';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import type { Note } from '../../../src/core/memory/noteSchema';
import { addKnownSecrets } from '../../../src/core/redact/redactionGate';
import { writeSyntheticSessions } from '../../bench/syntheticSessions';
import { recordSession, snapshot, tempWorkspace, VITEST_FAIL, VITEST_FIX } from './dreamKit';

/** Not caught by any pattern: only the known-secret list redacts it. */
const KNOWN = 'quokka-47-zebra-lantern';
const NOW = () => new Date('2026-06-01T00:00:00Z');

/** Sessions of every kind the reading meets: recorded ones, many synthetic ones, a garbled line, a directory. */
async function workspaceWithSessions(): Promise<string> {
  const ws = tempWorkspace();
  await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-02-01' });
  await recordSession(ws, [VITEST_FAIL, VITEST_FAIL, VITEST_FIX], { day: '2026-02-02' });
  const dir = memoryPaths(ws).sessions;
  writeSyntheticSessions(dir, 0, 90);
  const garbled = path.join(dir, fs.readdirSync(dir).sort()[5]);
  fs.appendFileSync(garbled, '{"type":"tool_result", garbled\n');
  fs.mkdirSync(path.join(dir, '2026-03-01T090000-adir0001.jsonl'));
  // A transcript another tool wrote, unredacted: the known secret in the request and in a command that failed and
  // then worked another way (both kept in the session's contribution).
  const t = '2026-03-02T09:00:00.000Z';
  const call = (seq: number, command: string, ok: boolean, output: string) => [
    { type: 'tool_call', t, seq, id: `c${seq}`, name: 'bash', input: { command } },
    { type: 'tool_result', t, seq: seq + 1, id: `c${seq}`, name: 'bash', ok, exitCode: ok ? 0 : 127, durationMs: 5, output },
  ];
  const lines = [
    { type: 'session_start', t, seq: 0, v: 1, sessionId: 'leaky-1', startedAt: t, workspace: '~/app', model: 'm', source: 'lucid', lucidVersion: 'x' },
    { type: 'user_message', t, seq: 1, text: `Deploy with the token ${KNOWN} please.` },
    ...call(2, `deployer --token ${KNOWN}`, false, 'sh: deployer: command not found'),
    ...call(4, `npx deployer --token ${KNOWN}`, true, 'deployed'),
  ];
  fs.writeFileSync(path.join(dir, '2026-03-02T090000-leaky001.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return ws;
}

/**
 * What the dream wrote, as it must not depend on how the sessions were read: each new note's random id named by its
 * rank in title order (and the note's fingerprint, a hash over its id, left out; so are the copies' file times, which
 * lose their fraction of a millisecond). The transcripts, its input, and the
 * caches of the notes are not part of it.
 */
function memoryBytes(ws: string, added: ReadonlyArray<{ id: string; title: string }>): Record<string, string> {
  const ids = [...added].sort((a, b) => a.title.localeCompare(b.title)).map((n, k) => [n.id, `note-${k}`] as const);
  const same = (text: string) => ids.reduce((t, [id, k]) => t.split(id).join(k), text).replace(/^fingerprint: .*$/gm, '').replace(/"mtimeMs":[\d.]+/g, '"mtimeMs":0');
  const out: Record<string, string> = {};
  for (const [file, stamped] of Object.entries(snapshot(ws))) {
    const inCache = file.includes(`${path.sep}.cache${path.sep}`);
    if (file.includes(`${path.sep}sessions${path.sep}`) || (inCache && !file.endsWith('dream-state.json') && !file.includes(`${path.sep}dreams${path.sep}`))) continue;
    out[same(file)] = same(stamped.slice(stamped.indexOf(':') + 1));
  }
  return out;
}

describe('dream: reading sessions in worker threads', function () {
  this.timeout(60_000);
  const made: string[] = [];
  before(() => addKnownSecrets([KNOWN]));
  afterEach(() => {
    for (const ws of made.splice(0)) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('gives the same memory, byte for byte, as reading in the dream’s own thread', async () => {
    const here = await workspaceWithSessions();
    const there = `${here}-copy`;
    fs.cpSync(here, there, { recursive: true, preserveTimestamps: true }); // the same files, at the same times
    made.push(here, there);
    const a = await runDream({ workspaceRoot: here, now: NOW, parallelFrom: Infinity });
    const b = await runDream({ workspaceRoot: there, now: NOW, parallelFrom: 1 });
    assert.equal(a.report.sessionsRead, 93);
    assert.ok(a.report.added.length > 5, `${a.report.added.length} notes added`);
    assert.ok(a.report.problems.some((p) => p.includes('not valid JSON')), 'the garbled line is reported');
    assert.ok(a.report.problems.some((p) => p.includes('a directory, not a transcript file')));
    const bytesA = memoryBytes(here, a.report.added);
    assert.deepEqual(memoryBytes(there, b.report.added), bytesA);
    assert.ok(Object.keys(bytesA).some((f) => f.endsWith('dream-state.json')));
  });

  it('redacts with the known secrets of the process that started the workers', async () => {
    const ws = await workspaceWithSessions();
    made.push(ws);
    const { report } = await runDream({ workspaceRoot: ws, now: NOW, parallelFrom: 1 });
    const state = fs.readFileSync(path.join(memoryPaths(ws).cache, 'dream-state.json'), 'utf8');
    assert.ok(state.includes('leaky-1'), 'the leaky session was read');
    assert.ok(state.includes('[REDACTED:known-secret]'), 'its secret was replaced');
    for (const [file, text] of Object.entries(memoryBytes(ws, report.added))) assert.ok(!text.includes(KNOWN), `${file} holds the known secret`);
  });

  it('a session the reading fails on is reported (redacted) and skipped; the others are read, and it is read again next time', async () => {
    const ws = tempWorkspace();
    made.push(ws);
    const dir = memoryPaths(ws).sessions;
    writeSyntheticSessions(dir, 0, 2);
    // A session that had a note in context; the note's shape is one this reading does not foresee (it throws).
    const t = '2026-03-02T09:00:00.000Z';
    const odd = '2026-03-02T090000-oddnote1.jsonl';
    const lines = [
      { type: 'session_start', t, seq: 0, v: 1, sessionId: 'odd-1', startedAt: t, workspace: '~/app', model: 'm', source: 'lucid', lucidVersion: 'x' },
      { type: 'recall', t, seq: 1, noteIds: ['odd-note'], reason: 'digest' },
      { type: 'tool_call', t, seq: 2, id: 'c2', name: 'bash', input: { command: 'npm test' } },
      { type: 'tool_result', t, seq: 3, id: 'c2', name: 'bash', ok: true, exitCode: 0, durationMs: 5, output: 'ok' },
    ];
    fs.writeFileSync(path.join(dir, odd), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const oddNote = { id: 'odd-note', title: 'odd', body: '' } as unknown as Note;
    Object.defineProperty(oddNote, 'fix', { get: () => { throw new Error(`unexpected fix in odd-note (${KNOWN})`); } });
    const read: string[] = [];
    const opts = { dir, index: {}, notes: [oddNote], startedAt: NOW().toISOString(), parallelFrom: Infinity, check: () => undefined };
    const r = await readSessions(opts, (s) => read.push(s.sessionId));
    assert.deepEqual(read, ['synthetic-000000', 'synthetic-000001']);
    assert.equal(r.changed, 2);
    const problem = r.problems.find((p) => p.startsWith(`sessions/${odd}: could not be read as a session`));
    assert.ok(problem, r.problems.join('\n'));
    assert.ok(problem.includes('unexpected fix in odd-note') && problem.includes('[REDACTED:known-secret]') && !problem.includes(KNOWN), problem);
    assert.equal(r.index[odd], undefined, 'no entry: the next dream reads it again');
    assert.equal(Object.keys(r.index).length, 2);
    // Next time, with notes it can read, it is read.
    const again: string[] = [];
    const next = await readSessions({ ...opts, index: r.index, notes: [] }, (s) => again.push(s.sessionId));
    assert.deepEqual(again, ['odd-1']);
    assert.deepEqual(next.problems, []);
  });

  it('a cancel stops the workers and the dream writes nothing', async () => {
    const ws = await workspaceWithSessions();
    made.push(ws);
    const before = snapshot(ws);
    let seen = 0;
    await assert.rejects(
      readSessions({ dir: memoryPaths(ws).sessions, index: {}, notes: [], startedAt: NOW().toISOString(), parallelFrom: 1, check: () => {
        if (++seen > 20) throw new DreamCancelledError();
      } }, () => undefined),
      DreamCancelledError,
    );
    const ac = new AbortController();
    const dream = runDream({ workspaceRoot: ws, now: NOW, parallelFrom: 1, signal: ac.signal, onProgress: () => undefined });
    ac.abort();
    await assert.rejects(dream, DreamCancelledError);
    const after = snapshot(ws);
    for (const k of Object.keys(before)) assert.equal(after[k], before[k], k);
  });
});
