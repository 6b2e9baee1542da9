// The project's own instructions (CLAUDE.md, .claude/CLAUDE.md, AGENTS.md) go into the system prompt, without
// Lucid's exported memory block, within a cap that says what it cut.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProjectInstructions } from '../../../src/core/agent/projectInstructions';
import { makeRig, type Rig } from './agentKit';

describe('project instructions', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  it('puts CLAUDE.md and AGENTS.md into the system prompt, without Lucid\'s exported block', async () => {
    rig = await makeRig([{ text: 'ok' }], {
      files: {
        'CLAUDE.md': '# Team rules\nAlways run `make lint` before committing.\n<!-- lucid:memory:start -->\nEXPORTED DIGEST\n<!-- lucid:memory:end -->\n',
        'AGENTS.md': 'Use pnpm, never npm.',
      },
    });
    await rig.send('hello');
    const system = JSON.stringify(rig.server.requests[0].body.system);
    assert.match(system, /<project-instructions>[\s\S]*## CLAUDE\.md[\s\S]*make lint[\s\S]*## AGENTS\.md[\s\S]*Use pnpm, never npm/);
    assert.doesNotMatch(system, /EXPORTED DIGEST/);
  });

  it('a sub-folder\'s CLAUDE.md / AGENTS.md arrives with the first tool result there, once', async () => {
    rig = await makeRig(
      [
        { toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'web/src/app.ts' } }] },
        { toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'web/src/other.ts' } }] },
        { text: 'ok' },
      ],
      { files: { 'web/AGENTS.md': 'In web/, use pnpm and vitest.', 'web/src/app.ts': 'app', 'web/src/other.ts': 'other', 'CLAUDE.md': 'root rules' } },
    );
    await rig.send('look at the web app');
    const first = JSON.stringify(rig.server.requests[1].body.messages.at(-1));
    assert.match(first, /Instructions in web\/AGENTS\.md \(they apply to work in web\/\):\\nIn web\/, use pnpm and vitest\./);
    const second = JSON.stringify(rig.server.requests[2].body.messages.at(-1));
    assert.doesNotMatch(second, /use pnpm and vitest/, 'once per session');
    assert.doesNotMatch(first, /root rules/, 'the root files are in the system prompt, not repeated');
  });

  it('caps the instructions and says what was cut; none at all gives nothing', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-instr-'));
    try {
      assert.deepEqual(await loadProjectInstructions(root), { text: '', files: [], cut: 0 });
      fs.writeFileSync(path.join(root, 'CLAUDE.md'), 'x'.repeat(100));
      fs.mkdirSync(path.join(root, '.claude'));
      fs.writeFileSync(path.join(root, '.claude', 'CLAUDE.md'), 'y'.repeat(100));
      fs.mkdirSync(path.join(root, 'AGENTS.md')); // a folder by that name is not instructions
      const r = await loadProjectInstructions(root, 150);
      assert.equal(r.cut, 50);
      assert.deepEqual(r.files.map((f) => f.file), ['CLAUDE.md', '.claude/CLAUDE.md']);
      assert.match(r.text, /…\[50 characters of \.claude\/CLAUDE\.md left out: the instructions are capped\]/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
