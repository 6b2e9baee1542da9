import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { SessionRecorder, type SessionRecording } from '../../../src/core/sessions/sessionRecorder';
import { listSessions, readSession } from '../../../src/core/sessions/sessionReader';

const redactor = createRedactor();
const start = { workspace: 'demo', model: 'claude-sonnet-4-5', lucidVersion: '0.1.0' };

describe('session reader', () => {
  let dir: string;
  let open: SessionRecording[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-reader-'));
  });
  afterEach(async () => {
    await Promise.all(open.map((r) => r.close('completed')));
    open = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function recordThree(at = new Date(Date.UTC(2025, 5, 1, 8, 0, 0))): Promise<string> {
    const rec = await SessionRecorder.create({ sessionsDir: dir, redactor, start, now: () => at });
    open.push(rec);
    await rec.record({ type: 'user_message', text: 'one' });
    await rec.record({ type: 'assistant_text', text: 'two' });
    await rec.record({ type: 'user_message', text: 'three' });
    await rec.flush();
    return rec.path!;
  }

  const texts = (events: Array<{ type: string }>) => events.map((e) => ('text' in e ? e.text : e.type));

  it('survives a truncated last line (a crash mid-write)', async () => {
    const file = await recordThree();
    fs.appendFileSync(file, '{"type":"assistant_text","t":"2025-06-01T08:00:00.000Z","seq":4,"text":"half a li');
    const read = await readSession(file);
    assert.deepEqual(texts(read.events), ['one', 'two', 'three']);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0], /line 5: truncated last line/);
  });

  it('skips and reports a garbled line in the middle, and ignores blank lines', async () => {
    const file = await recordThree();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(2, 0, '{"type":"user_mess\u0000\u0000garbage', '', '   ');
    fs.writeFileSync(file, lines.join('\n'));
    const read = await readSession(file);
    assert.deepEqual(texts(read.events), ['one', 'two', 'three']);
    assert.deepEqual(read.problems, ['line 3: not valid JSON (garbled), skipped']);
  });

  it('keeps unknown event types as unknown events, without a problem', async () => {
    const file = await recordThree();
    fs.appendFileSync(file, '{"type":"plan_update","t":"2025-06-01T08:00:01.000Z","seq":4,"steps":["a","b"]}\n');
    const read = await readSession(file);
    assert.deepEqual(read.problems, []);
    const last = read.events[3];
    assert.equal(last.type, 'unknown');
    assert.ok(last.type === 'unknown' && last.originalType === 'plan_update' && last.seq === 4);
    assert.deepEqual(last.type === 'unknown' && last.data.steps, ['a', 'b']);
  });

  it('keeps a known type with unexpected fields as unknown, with a problem', async () => {
    const file = await recordThree();
    fs.appendFileSync(file, '{"type":"usage","t":"2025-06-01T08:00:01.000Z","seq":4,"inputTokens":"lots"}\n');
    const read = await readSession(file);
    assert.equal(read.events[3].type, 'unknown');
    assert.match(read.problems[0], /line 5: usage does not fit the schema/);
  });

  it('returns the events of a file without its header, with a problem', async () => {
    const file = await recordThree();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, lines.slice(1).join('\n'));
    const read = await readSession(file);
    assert.equal(read.header, undefined);
    assert.deepEqual(texts(read.events), ['one', 'two', 'three']);
    assert.match(read.problems[0], /no session_start header/);
  });

  it('reads a header from a later format version, with a problem', async () => {
    const file = path.join(dir, '2025-06-01T080000-future01.jsonl');
    fs.writeFileSync(
      file,
      '{"type":"session_start","t":"2025-06-01T08:00:00.000Z","seq":0,"v":2,"sessionId":"future01","startedAt":"2025-06-01T08:00:00.000Z","workspace":"w","model":"m","source":"lucid-cloud","lucidVersion":"9.0.0","extra":1}\n',
    );
    const read = await readSession(file);
    assert.equal(read.header?.v, 2);
    assert.equal(read.header?.source, 'lucid-cloud');
    assert.match(read.problems[0], /format v2/);
  });

  it('lists sessions in start order from their first line only', async () => {
    const later = await recordThree(new Date(Date.UTC(2025, 5, 2, 8, 0, 0)));
    const earlier = await recordThree(new Date(Date.UTC(2025, 5, 1, 8, 0, 0)));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a session');
    fs.writeFileSync(path.join(dir, '2025-06-03T080000-broken01.jsonl'), 'garbage\n');
    const list = await listSessions(dir);
    assert.deepEqual(list.map((s) => s.path), [earlier, later, path.join(dir, '2025-06-03T080000-broken01.jsonl')]);
    assert.equal(list[0].startedAt, '2025-06-01T08:00:00.000Z');
    assert.equal(list[0].size, fs.statSync(earlier).size);
    assert.equal(list[0].id, list[0].header?.sessionId);
    assert.equal(list[2].id, 'broken01');
    assert.equal(list[2].startedAt, '2025-06-03T08:00:00.000Z');
    assert.deepEqual(await listSessions(path.join(dir, 'missing')), []);
  });
});
