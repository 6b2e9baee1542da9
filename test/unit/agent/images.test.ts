// Images pasted or dropped with a request go to the model as image blocks; the transcript says how many, never
// their data; an image the API would refuse is a clear error before anything is sent.
import { strict as assert } from 'assert';
import { makeRig, type Rig } from './agentKit';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('images with a request', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('sends them as image blocks before the text; records only their count', async () => {
    rig = await makeRig([{ text: 'a red dot' }]);
    const it = rig.session.send('what is this?', undefined, [{ mediaType: 'image/png', data: PNG }]);
    while (!(await it.next()).done);
    const content = rig.server.requests[0].body.messages[0].content;
    assert.deepEqual(content.map((b: any) => b.type), ['image', 'text']);
    assert.deepEqual(content[0].source, { type: 'base64', media_type: 'image/png', data: PNG });
    const msg = rig.events.find((e) => e.type === 'user_message');
    assert.deepEqual(msg, { type: 'user_message', text: 'what is this?', images: 1 });
  });

  it('refuses an unsupported type, bad data or too many, sending nothing', async () => {
    rig = await makeRig([]);
    const attempts: Array<[Parameters<Rig['session']['send']>[2], RegExp]> = [
      [[{ mediaType: 'image/bmp' as any, data: PNG }], /only PNG, JPEG, GIF and WebP/],
      [[{ mediaType: 'image/png', data: 'not base64!' }], /not base64/],
      [Array.from({ length: 21 }, () => ({ mediaType: 'image/png' as const, data: PNG })), /At most 20 images/],
    ];
    for (const [images, want] of attempts) await assert.rejects(rig.session.send('x', undefined, images).next(), want);
    assert.equal(rig.server.requests.length, 0);
  });
});
