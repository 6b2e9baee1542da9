// Transcripts are read as streams of chunks (1 MB at most): lines that span chunks, CRLF endings, multi-byte characters cut
// at a chunk boundary and a truncated last line read exactly as the whole text would be.
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashSessionFile, readSessionFile, readSessionText } from '../../../src/core/sessions/sessionReader';

const line = (o: object) => JSON.stringify(o);
const t = '2026-03-01T10:00:00.000Z';

describe('session reader: streaming', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-stream-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads what the whole text reads, with the hash of the bytes and their size', async () => {
    const header = line({ type: 'session_start', t, seq: 0, v: 1, sessionId: 's-1', startedAt: t, workspace: '~/w', model: 'm', source: 'lucid', lucidVersion: '0' });
    // As many 'a' as put the first 1 MB chunk boundary one byte into an 'é' (2 bytes in UTF-8).
    const prefix = `${header}\n${line({ type: 'assistant_text', t, seq: 1, text: '' }).slice(0, -2)}`;
    const as = (1 << 20) - Buffer.byteLength(prefix) - 101;
    const big = line({ type: 'assistant_text', t, seq: 1, text: `${'a'.repeat(as)}${'é'.repeat(400_000)}` });
    assert.equal(Buffer.from(`${header}\n${big}`).subarray((1 << 20) - 1, (1 << 20) + 1).toString('utf8'), 'é', 'the boundary splits an é');
    const crlf = line({ type: 'user_message', t, seq: 2, text: 'windows line' });
    const cut = '{"type":"assistant_text","t":"2026-03-01T10:00:00.000Z","seq":3,"te';
    const text = `${header}\n${big}\n${crlf}\r\n\n${cut}`;
    const file = path.join(dir, '2026-03-01T100000-s1s1s1s1.jsonl');
    fs.writeFileSync(file, text);
    const streamed = await readSessionFile(file);
    const whole = readSessionText(text, path.basename(file));
    assert.deepEqual(streamed.read, whole);
    assert.equal(streamed.read.events.length, 2);
    assert.match(streamed.read.problems[0], /^line 5: truncated last line/);
    const expected = createHash('sha256').update(Buffer.from(text)).digest('hex').slice(0, 16);
    assert.equal(streamed.hash, expected);
    assert.equal(await hashSessionFile(file), expected);
    assert.equal(streamed.size, Buffer.byteLength(text));
  });
});
