// Which transcripts the dream reads again: judged by content (size, mtime, then the bytes' hash), on a temp folder
// of hand-written session files.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasChangedSessions, MAX_SESSION_BYTES, readChangedSessions, type SessionIndex } from '../../../src/core/sessions/sessionIndex';

const T = '2026-03-01T10:00:00.000Z';
const NAME = '2026-03-01T100000-abcd1234.jsonl';
const OTHER = '2026-03-02T093000-ef56_gh-2.jsonl';

const header = (sessionId: string) =>
  JSON.stringify({ type: 'session_start', t: T, seq: 0, v: 1, sessionId, startedAt: T, workspace: 'demo', model: 'test-model', source: 'lucid', lucidVersion: '0.1.0' });
const message = (seq: number, text: string) => JSON.stringify({ type: 'user_message', t: T, seq, text });
const texts = (events: Array<{ type: string }>) => events.map((e) => ('text' in e ? e.text : e.type));

describe('session index', () => {
  let dir: string;
  const file = (name = NAME) => path.join(dir, name);
  const write = (name: string, lines: string[], tail = '\n') => fs.writeFileSync(file(name), lines.join('\n') + tail);
  const mtime = (name = NAME) => fs.statSync(file(name)).mtimeMs;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-index-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a new file whole and indexes it by size, mtime, hash and session id', async () => {
    write(NAME, [header('sess-1'), message(1, 'one'), message(2, 'two')]);
    const r = await readChangedSessions(dir);
    assert.deepEqual(r.problems, []);
    assert.equal(r.changed.length, 1);
    const [c] = r.changed;
    assert.equal(c.name, NAME);
    assert.equal(c.path, file());
    assert.equal(c.sessionId, 'sess-1');
    assert.equal(c.read.header?.sessionId, 'sess-1');
    assert.deepEqual(texts(c.read.events), ['one', 'two']);
    assert.deepEqual(c.read.problems, []);
    assert.deepEqual(Object.keys(r.index), [NAME]);
    const e = r.index[NAME];
    assert.equal(e.size, fs.statSync(file()).size);
    assert.equal(e.mtimeMs, mtime());
    assert.match(e.hash, /^[0-9a-f]{16}$/);
    assert.equal(e.sessionId, 'sess-1');
  });

  it('reads nothing again with the index it returned', async () => {
    write(NAME, [header('sess-1'), message(1, 'one')]);
    write(OTHER, [header('sess-2'), message(1, 'hello')]);
    const first = await readChangedSessions(dir);
    assert.deepEqual(first.changed.map((c) => c.sessionId), ['sess-1', 'sess-2']);
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(again.changed, []);
    assert.deepEqual(again.problems, []);
    assert.deepEqual(again.index, first.index);
  });

  it('a touched file (same bytes, new mtime) is not read again, but the index records the new mtime', async () => {
    write(NAME, [header('sess-1'), message(1, 'one')]);
    const first = await readChangedSessions(dir);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file(), later, later);
    assert.notEqual(mtime(), first.index[NAME].mtimeMs);
    assert.equal(await hasChangedSessions(dir, first.index), true, 'the cheap check cannot tell without reading');
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(again.changed, []);
    assert.deepEqual(again.index[NAME], { ...first.index[NAME], mtimeMs: mtime() });
    assert.equal(await hasChangedSessions(dir, again.index), false);
  });

  it('a file copied back with other bytes of the same size is read again (content, not size, decides)', async () => {
    write(NAME, [header('sess-1'), message(1, 'one')]);
    const first = await readChangedSessions(dir);
    write(NAME, [header('sess-1'), message(1, 'two')]);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file(), later, later);
    assert.equal(fs.statSync(file()).size, first.index[NAME].size);
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(again.changed.map((c) => texts(c.read.events)), [['two']]);
    assert.notEqual(again.index[NAME].hash, first.index[NAME].hash);
  });

  it('an appended line makes the file read again, whole', async () => {
    write(NAME, [header('sess-1'), message(1, 'one'), message(2, 'two')]);
    write(OTHER, [header('sess-2')]);
    const first = await readChangedSessions(dir);
    fs.appendFileSync(file(), `${message(3, 'three')}\n`);
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(again.changed.map((c) => c.name), [NAME], 'only the file that changed');
    assert.deepEqual(texts(again.changed[0].read.events), ['one', 'two', 'three']);
    assert.equal(again.changed[0].read.header?.sessionId, 'sess-1');
    assert.equal(again.index[NAME].size, fs.statSync(file()).size);
    assert.notEqual(again.index[NAME].hash, first.index[NAME].hash);
    assert.deepEqual(again.index[OTHER], first.index[OTHER]);
  });

  it('reports and skips a directory with a session-like name; files with other names are not looked at', async () => {
    fs.mkdirSync(file(OTHER));
    write('notes.jsonl', [header('not-a-session')]);
    write('2026-03-01T1000-short.jsonl', [header('bad-stamp')]);
    write(NAME, [header('sess-1')]);
    const r = await readChangedSessions(dir);
    assert.deepEqual(r.changed.map((c) => c.name), [NAME]);
    assert.deepEqual(Object.keys(r.index), [NAME]);
    assert.deepEqual(r.problems, [`sessions/${OTHER}: a directory, not a transcript file; skipped`]);
    assert.equal(await hasChangedSessions(dir, r.index), false);
  });

  it('reports and skips a file larger than MAX_SESSION_BYTES, without reading it, once', async () => {
    write(NAME, [header('sess-1')]);
    fs.writeFileSync(file(OTHER), '');
    fs.truncateSync(file(OTHER), MAX_SESSION_BYTES + 1); // sparse: no 64 MB written
    const r = await readChangedSessions(dir);
    assert.deepEqual(r.changed.map((c) => c.name), [NAME]);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], new RegExp(`^sessions/${OTHER.replace(/\./g, '\\.')}: 64 MB, larger than any transcript Lucid writes; skipped$`));
    assert.equal(r.index[OTHER].hash, 'skipped', 'indexed as seen, so no idle dream waits on it');
    assert.equal(await hasChangedSessions(dir, r.index), false);
    const again = await readChangedSessions(dir, r.index);
    assert.deepEqual([again.changed, again.problems], [[], []], 'not read, not reported again until it changes');
  });

  it('a file of exactly MAX_SESSION_BYTES is still read', async () => {
    write(NAME, [header('sess-1')]);
    fs.truncateSync(file(), MAX_SESSION_BYTES); // the header, then zero bytes: read, with the garbage reported
    const r = await readChangedSessions(dir);
    assert.deepEqual(r.changed.map((c) => c.sessionId), ['sess-1']);
    assert.equal(r.index[NAME].size, MAX_SESSION_BYTES);
  });

  it('a truncated last line is read and reported; once the line is complete the file is read again', async () => {
    const partial = message(2, 'two');
    write(NAME, [header('sess-1'), message(1, 'one'), partial.slice(0, 20)], '');
    const first = await readChangedSessions(dir);
    assert.equal(first.changed.length, 1);
    const read = first.changed[0].read;
    assert.deepEqual(texts(read.events), ['one']);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0], /^line 3: truncated last line/);
    assert.deepEqual(first.problems, [], 'a read problem is the read\'s, not the index\'s');
    fs.appendFileSync(file(), `${partial.slice(20)}\n`);
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(texts(again.changed[0].read.events), ['one', 'two']);
    assert.deepEqual(again.changed[0].read.problems, []);
  });

  it('a file without a readable header takes its session id from the file name', async () => {
    write(NAME, [message(1, 'one')]);
    const r = await readChangedSessions(dir);
    assert.equal(r.changed[0].sessionId, 'abcd1234');
    assert.equal(r.index[NAME].sessionId, 'abcd1234');
    assert.match(r.changed[0].read.problems[0], /no session_start header/);
  });

  it('hasChangedSessions: false with the index, true for a change or a new file', async () => {
    write(NAME, [header('sess-1'), message(1, 'one')]);
    assert.equal(await hasChangedSessions(dir), true);
    assert.equal(await hasChangedSessions(dir, {}), true);
    const { index } = await readChangedSessions(dir);
    assert.equal(await hasChangedSessions(dir, index), false);
    fs.appendFileSync(file(), `${message(2, 'two')}\n`);
    assert.equal(await hasChangedSessions(dir, index), true);
    const { index: index2 } = await readChangedSessions(dir, index);
    assert.equal(await hasChangedSessions(dir, index2), false);
    write(OTHER, [header('sess-2')]);
    assert.equal(await hasChangedSessions(dir, index2), true);
  });

  it('a missing folder has nothing to read and nothing changed', async () => {
    const gone = path.join(dir, 'no-such-folder');
    assert.deepEqual(await readChangedSessions(gone), { changed: [], index: {}, problems: [] });
    assert.equal(await hasChangedSessions(gone, {} as SessionIndex), false);
  });

  it('an index entry for a file that is gone is dropped', async () => {
    write(NAME, [header('sess-1')]);
    const first = await readChangedSessions(dir);
    fs.rmSync(file());
    const again = await readChangedSessions(dir, first.index);
    assert.deepEqual(again, { changed: [], index: {}, problems: [] });
  });
});
