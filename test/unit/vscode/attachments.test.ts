import { strict as assert } from 'assert';
import { MAX_IMAGE_BASE64, MAX_IMAGES, type AttachmentView } from '../../../src/shared/panelState';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Attachments, MAX_ATTACHMENTS, rangeLabel, selectionBlock } from '../../../src/vscode/attachments';
import { startLiveSession } from '../../../src/vscode/liveSession';
import { requestEvents } from '../../../src/vscode/outcomeRequest';

const lines = (v: AttachmentView) => ('startLine' in v ? [v.startLine, v.endLine] : []);

describe('attachments of the next request', () => {
  const sel = { path: 'src/a.ts', startLine: 3, endLine: 5, text: 'const a = 1;\nconst b = 2;\nconst c = 3;\n' };

  it('sends selections as fenced blocks headed path:start-end before the text; the chat shows the text and the ranges', () => {
    const a = new Attachments();
    a.add(sel);
    a.add({ path: 'README.md', startLine: 7, endLine: 7, text: 'one line' });
    assert.deepEqual(a.views.map((v) => [v.path, ...lines(v)]), [['src/a.ts', 3, 5], ['README.md', 7, 7]]);
    const r = a.take('Explain these');
    assert.equal(r.prompt, '```src/a.ts:3-5\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```\n\n```README.md:7-7\none line\n```\n\nExplain these');
    assert.equal(r.display, 'Explain these\n\n📎 src/a.ts:3-5\n📎 README.md:7');
    assert.equal(a.size, 0, 'taken once');
    assert.deepEqual(a.take('again'), { prompt: 'again', display: 'again' });
  });

  it('removes a chip by id; keeps the newest selections only; reports each change', () => {
    let changes = 0;
    const a = new Attachments(() => changes++);
    a.add(sel);
    a.add({ ...sel, startLine: 9, endLine: 9 });
    a.remove(a.views[0].id);
    assert.deepEqual(a.views.map((v) => lines(v)[0]), [9]);
    assert.equal(changes, 3);
    for (let i = 0; i < MAX_ATTACHMENTS + 2; i++) a.add({ ...sel, startLine: 100 + i, endLine: 100 + i });
    assert.equal(a.size, MAX_ATTACHMENTS);
    assert.equal(lines(a.views.at(-1)!)[0], 100 + MAX_ATTACHMENTS + 1);
  });

  it('a fence longer than any backtick run in the selection', () => {
    assert.equal(selectionBlock({ path: 'x.md', startLine: 1, endLine: 2, text: '```js\nx\n```' }), '````x.md:1-2\n```js\nx\n```\n````');
    assert.equal(rangeLabel({ path: 'x.md', startLine: 4, endLine: 4 }), 'x.md:4');
  });

  it('validates images and chip removal from the webview (the core checks the type and the data)', () => {
    const img = { mediaType: 'image/png', data: 'iVBORw0KGgo=' };
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'look', images: [img] }), { type: 'send', text: 'look', images: [img] });
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'look', images: [{ mediaType: 'image/bmp', data: 'AAAA' }] })?.type, 'send', 'the core explains a type it refuses');
    assert.equal(parseWebviewMessage({ type: 'send', text: 'look', images: [{ mediaType: 'image/png', data: '' }] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'look', images: [{ mediaType: 'image/png', data: 'A'.repeat(MAX_IMAGE_BASE64 + 1) }] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'look', images: Array(MAX_IMAGES + 1).fill(img) }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'removeAttachment', id: 'a1' }), { type: 'removeAttachment', id: 'a1' });
    assert.equal(parseWebviewMessage({ type: 'removeAttachment' }), undefined);
  });

  it('passes images to the session: a refused one fails the request with the core\'s message; none with an outcome', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-images-'));
    try {
      const live = await startLiveSession({
        root, apiKey: 'sk-ant-api03-IMAGESimagesIMAGES-QQQQ', trusted: true, ask: undefined, log: { info: () => undefined, warn: () => undefined },
        settings: { model: 'claude-sonnet-4-6', baseUrl: 'http://127.0.0.1:9', tokenBudget: 2000, edits: 'deny', commands: 'deny', recordSessions: false, agents: { enabled: false, maxParallel: 1 } },
      });
      const signal = new AbortController().signal;
      await assert.rejects(requestEvents(live, 'look', undefined, signal, [{ mediaType: 'image/bmp' as 'image/png', data: 'AAAA' }]).next(), /Image 1 is image\/bmp: only PNG, JPEG, GIF and WebP/);
      const outcome = { description: 'd', rubric: '- ok', criteria: [{ text: 'ok' }], maxIterations: 1 };
      assert.throws(() => requestEvents(live, 'look', outcome, signal, [{ mediaType: 'image/png', data: 'AAAA' }]), /Images cannot go with an outcome/);
      await live.agent.end('completed');
      await live.transcript.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
