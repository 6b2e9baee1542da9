// Plan mode: no write runs until the user approves the plan; read-only commands still run; the request asks for
// a plan; once approved (plan mode off) the same session edits.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeRig, type Rig } from './agentKit';

describe('plan mode', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('runs no write until the plan is approved', async () => {
    const write = { name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'out.txt', file_text: 'x' } };
    rig = await makeRig(
      [
        { toolUses: [{ name: 'bash', input: { command: 'ls' } }, write, { name: 'bash', input: { command: 'touch made.txt' } }] },
        { text: 'PLAN: create out.txt' },
        { toolUses: [write] },
        { text: 'done' },
      ],
      { files: { 'README.md': 'hi' } },
    );
    rig.session.setPlanMode(true);
    await rig.send('add out.txt');
    assert.match(JSON.stringify(rig.server.requests[0].body.messages[0]), /Plan mode: change nothing yet/);
    const results = rig.server.requests[1].body.messages.at(-1).content;
    assert.equal(results[0].is_error, false, 'a read-only command runs');
    assert.match(JSON.stringify(results[0]), /README\.md/);
    for (const r of results.slice(1)) {
      assert.equal(r.is_error, true);
      assert.match(JSON.stringify(r), /Plan mode: nothing is changed until the user approves your plan/);
    }
    assert.equal(fs.existsSync(path.join(rig.root, 'out.txt')), false);
    assert.equal(fs.existsSync(path.join(rig.root, 'made.txt')), false);
    // Approved: plan mode off, the next request edits.
    rig.session.setPlanMode(false);
    await rig.send('go ahead');
    assert.equal(fs.readFileSync(path.join(rig.root, 'out.txt'), 'utf8'), 'x');
    assert.doesNotMatch(JSON.stringify(rig.server.requests[2].body.messages.at(-1)), /Plan mode/);
  });
});
