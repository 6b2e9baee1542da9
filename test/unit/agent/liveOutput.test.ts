// A command's output reaches the listeners while it runs, before its result; the transcript keeps only the result.
import { strict as assert } from 'assert';
import { makeRig, type Rig } from './agentKit';

describe('live command output', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('streams output as it comes, before the command ends', async () => {
    rig = await makeRig([{ toolUses: [{ name: 'bash', input: { command: 'echo first; sleep 0.6; echo second' } }] }, { text: 'done' }]);
    const times = new Map<string, number>();
    const chunks: string[] = [];
    rig.session.listen((e) => {
      if (e.type === 'tool_output') {
        chunks.push(e.text);
        if (!times.has('first') && e.text.includes('first')) times.set('first', Date.now());
      }
      if (e.type === 'tool_result') times.set('result', Date.now());
    });
    await rig.send('run it');
    assert.match(chunks.join(''), /first\s+second/);
    assert.ok(times.get('result')! - times.get('first')! >= 400, 'the first line arrived while the command was still running');
    const result = rig.events.find((e) => e.type === 'tool_result') as { content: string };
    assert.match(result.content, /first\nsecond\n\n\[exit code 0\]/);
  });
});
