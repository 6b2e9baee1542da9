import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { emptyCursor, readSessionsSince, type SessionCursor } from '../../../src/core/sessions/sessionCursor';
import { SessionRecorder, type SessionRecording } from '../../../src/core/sessions/sessionRecorder';

const redactor = createRedactor();
const start = { workspace: 'demo', model: 'claude-sonnet-4-5', lucidVersion: '0.1.0' };
const HOUR = 3_600_000;

describe('reading sessions incrementally', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cursor-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (day: number) =>
    SessionRecorder.create({ sessionsDir: dir, redactor, start, now: () => new Date(Date.UTC(2025, 5, day, 8, 0, 0)) });
  const say = async (rec: SessionRecording, ...texts: string[]) => {
    for (const text of texts) await rec.record({ type: 'user_message', text });
    await rec.flush();
  };
  const texts = (events: Array<{ type: string }>) => events.map((e) => ('text' in e ? e.text : e.type));
  /** Sets a file's mtime, as if it were last written `hoursAgo` before now. */
  const age = (file: string, hoursAgo: number) => {
    const t = new Date(Date.now() - hoursAgo * HOUR);
    fs.utimesSync(file, t, t);
  };

  it('returns new files and the growth of grown files, not unchanged ones', async () => {
    const a = await open(1);
    const b = await open(2);
    await say(a, 'a1');
    await say(b, 'b1');

    const first = await readSessionsSince(dir);
    assert.deepEqual(first.sessions.map((s) => [s.name, texts(s.events), s.fromOffset]), [
      [path.basename(a.path!), ['a1'], 0],
      [path.basename(b.path!), ['b1'], 0],
    ]);
    assert.equal(first.sessions[0].header?.sessionId, a.sessionId);

    await say(a, 'a2', 'a3');
    const c = await open(3);
    await say(c, 'c1');
    // the cursor survives a round trip through JSON
    const cursor = JSON.parse(JSON.stringify(first.cursor)) as SessionCursor;
    const second = await readSessionsSince(dir, cursor);
    assert.deepEqual(second.sessions.map((s) => [s.name, texts(s.events)]), [
      [path.basename(a.path!), ['a2', 'a3']],
      [path.basename(c.path!), ['c1']],
    ]);
    const grown = second.sessions[0];
    assert.equal(grown.fromOffset, first.cursor.files[path.basename(a.path!)].offset);
    assert.equal(grown.header?.sessionId, a.sessionId, 'the header is read for a later chunk too');
    assert.equal(grown.toOffset, fs.statSync(a.path!).size);

    const third = await readSessionsSince(dir, second.cursor);
    assert.deepEqual(third.sessions, []);
    await Promise.all([a.close('completed'), b.close('completed'), c.close('completed')]);
  });

  it('leaves a line still being written for the next read', async () => {
    const a = await open(1);
    await say(a, 'a1');
    fs.appendFileSync(a.path!, '{"type":"user_message","t":"2025-06-01T08:00:00.000Z","seq":2,"te');
    const first = await readSessionsSince(dir);
    assert.deepEqual(texts(first.sessions[0].events), ['a1']);
    assert.deepEqual(first.sessions[0].problems, []);
    fs.appendFileSync(a.path!, 'xt":"a2"}\n');
    const second = await readSessionsSince(dir, first.cursor);
    assert.deepEqual(texts(second.sessions[0].events), ['a2']);
    await a.close('completed');
  });

  it('reads a file that shrank again from the start, with a problem', async () => {
    const a = await open(1);
    await say(a, 'a1', 'a2');
    await a.close('completed');
    const first = await readSessionsSince(dir);
    const lines = fs.readFileSync(a.path!, 'utf8').split('\n');
    fs.writeFileSync(a.path!, `${lines.slice(0, 2).join('\n')}\n`);
    const second = await readSessionsSince(dir, first.cursor);
    assert.deepEqual(texts(second.sessions[0].events), ['a1']);
    assert.match(second.sessions[0].problems[0], /shrank/);
  });

  it('seals finished files out of the cursor, and still reads a back-dated new file', async () => {
    const a = await open(1);
    await say(a, 'a1');
    await a.close('completed');
    const crashed = await open(2);
    await say(crashed, 'c1'); // never closed: no session_end
    const live = await open(3);
    await say(live, 'l1');
    age(a.path!, 1);
    age(crashed.path!, 30);

    const first = await readSessionsSince(dir);
    assert.equal(first.sessions.length, 3);
    assert.ok(first.sessions[0].ended);
    assert.deepEqual(Object.keys(first.cursor.files), [path.basename(live.path!)]);
    assert.equal(first.cursor.sealed?.through, path.basename(crashed.path!));

    // A session imported now but named by its original (earlier) start time is still new.
    const imported = await open(0);
    await say(imported, 'i1');
    await imported.close('completed');
    const second = await readSessionsSince(dir, JSON.parse(JSON.stringify(first.cursor)) as SessionCursor);
    assert.deepEqual(second.sessions.map((s) => [s.name, texts(s.events)]), [[path.basename(imported.path!), ['i1', 'session_end']]]);
    assert.ok(JSON.stringify(second.cursor).length < 400);
    await live.close('completed');
    await crashed.close('stopped');
  });

  it('handles a missing folder', async () => {
    const r = await readSessionsSince(path.join(dir, 'nope'));
    assert.deepEqual(r, { sessions: [], cursor: emptyCursor() });
  });
});
