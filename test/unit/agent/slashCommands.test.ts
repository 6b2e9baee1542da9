// Slash commands: Lucid's own, and a project's custom ones from .claude/commands/ (Claude Code's format), with
// their arguments filled in; `lucid run "/name args"` sends the custom command's prompt.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { listSlashCommands, parseSlash, resolveSlash } from '../../../src/core/agent/slashCommands';
import { startFakeAnthropic } from '../../support/fakeAnthropic';

describe('slash commands', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-slash-'));
    const dir = path.join(root, '.claude', 'commands');
    fs.mkdirSync(path.join(dir, 'git'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'fix-issue.md'), '---\ndescription: Fix a GitHub issue\nargument-hint: NUMBER\n---\nFix issue #$1 ($ARGUMENTS). Run the tests.');
    fs.writeFileSync(path.join(dir, 'review.md'), 'Review the diff.');
    fs.writeFileSync(path.join(dir, 'git', 'log.md'), 'Summarise the git log.');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('parses a command and its arguments; other text is no command', () => {
    assert.deepEqual(parseSlash('/fix-issue 12 now'), { name: 'fix-issue', args: '12 now' });
    assert.deepEqual(parseSlash('  /compact  '), { name: 'compact', args: '' });
    assert.equal(parseSlash('fix /etc/hosts'), undefined);
    assert.equal(parseSlash('/ nothing'), undefined);
  });

  it('lists Lucid\'s commands, then the project\'s, a sub-folder as a namespace', async () => {
    const all = await listSlashCommands(root);
    assert.deepEqual(all.map((c) => c.name), ['compact', 'clear', 'model', 'cost', 'memory', 'dream', 'fix-issue', 'git:log', 'review']);
    assert.deepEqual(all.find((c) => c.name === 'fix-issue')!.argumentHint, 'NUMBER');
    assert.equal(all.find((c) => c.name === 'fix-issue')!.description, 'Fix a GitHub issue');
  });

  it('fills $1 and $ARGUMENTS; adds arguments with no placeholder at the end; knows built-ins and unknowns', async () => {
    assert.deepEqual(await resolveSlash('/fix-issue 42 urgent', root), { kind: 'prompt', name: 'fix-issue', prompt: 'Fix issue #42 (42 urgent). Run the tests.' });
    assert.deepEqual(await resolveSlash('/review src/a.ts', root), { kind: 'prompt', name: 'review', prompt: 'Review the diff.\n\nARGUMENTS: src/a.ts' });
    assert.deepEqual(await resolveSlash('/compact', root), { kind: 'built-in', name: 'compact', args: '' });
    const unknown = await resolveSlash('/nope', root);
    assert.equal(unknown.kind, 'unknown');
    assert.deepEqual(await resolveSlash('just text', root), { kind: 'none' });
  });

  it('lucid run sends a custom command\'s prompt; a panel command or an unknown one is a clear error', async () => {
    const key = 'sk-ant-api03-SLASHslashSLASHslash-ZZZZ';
    const server = await startFakeAnthropic({ turns: [{ text: 'fixed' }], apiKey: key });
    try {
      const err: string[] = [];
      const io = { out: () => undefined, err: (t: string) => void err.push(t), env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: server.url }, cwd: root };
      assert.equal(await main(['run', '--workspace', root, '/fix-issue', '7'], io), 0);
      assert.match(JSON.stringify(server.requests[0].body.messages[0]), /Fix issue #7 \(7\)\. Run the tests\./);
      assert.equal(await main(['run', '--workspace', root, '/compact'], io), 2);
      assert.equal(await main(['run', '--workspace', root, '/nope'], io), 2);
      assert.match(err.join(''), /\/compact is a command of the panel[\s\S]*Unknown command \/nope\. Available: .*\/fix-issue/);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
