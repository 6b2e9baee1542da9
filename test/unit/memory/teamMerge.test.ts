// Two teammates, two clones, one shared bare repository: each dreams on their own sessions and commits with
// commitMemory (which registers Lucid's note merge driver); the second pulls. No conflict, and the next dream
// leaves one note per lesson with each teammate's evidence counted once.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { commitMemory } from '../../../src/core/sharing/memoryCommit';
import { recordSession, VITEST_FAIL, VITEST_FIX } from '../dream/dreamKit';

const CLI = [process.execPath, path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.js')];
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function clone(bare: string, into: string, name: string): string {
  git(path.dirname(into), 'clone', '-q', bare, path.basename(into));
  git(into, 'config', 'user.name', name);
  git(into, 'config', 'user.email', `${name}@example.invalid`);
  git(into, 'config', 'commit.gpgsign', 'false');
  git(into, 'config', 'pull.rebase', 'false');
  return into;
}

const lessons = async (ws: string) => (await (await MemoryStore.open(ws)).load()).notes.filter((n) => n.note.status === 'active' && n.note.fix);
const conflicted = (ws: string) => git(ws, 'diff', '--name-only', '--diff-filter=U');
const markers = (ws: string) => {
  const dir = path.join(ws, '.agent-memory', 'notes');
  return fs.readdirSync(dir).filter((f) => /^<{7}/m.test(fs.readFileSync(path.join(dir, f), 'utf8')));
};

describe('two teammates share memory through git', () => {
  let root: string;
  let bare: string;
  let ann: string;
  let bob: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-team-'));
    bare = path.join(root, 'shared.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', bare);
    const seed = clone(bare, path.join(root, 'seed'), 'seed');
    fs.writeFileSync(path.join(seed, 'app.js'), 'console.log(1);\n');
    git(seed, 'add', 'app.js');
    git(seed, 'commit', '-q', '-m', 'init');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');
    ann = clone(bare, path.join(root, 'ann'), 'ann');
    bob = clone(bare, path.join(root, 'bob'), 'bob');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('both learn the same lesson: the pull does not conflict and the next dream keeps one note', async () => {
    await recordSession(ann, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-01' });
    await runDream({ workspaceRoot: ann });
    assert.ok((await commitMemory(ann, { mergeDriverCli: CLI })).committed);
    git(ann, 'push', '-q', 'origin', 'main');

    await recordSession(bob, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-02' });
    await runDream({ workspaceRoot: bob });
    assert.ok((await commitMemory(bob, { mergeDriverCli: CLI })).committed);
    git(bob, 'pull', '-q', '--no-edit', 'origin', 'main');
    assert.equal(conflicted(bob), '', 'no conflicted file');
    assert.deepEqual(markers(bob), []);
    assert.equal((await lessons(bob)).length, 2, 'one note from each teammate before the dream');

    await runDream({ workspaceRoot: bob });
    const after = await lessons(bob);
    assert.equal(after.length, 1, `one note per lesson: ${after.map((n) => n.note.id).join(', ')}`);
    assert.equal(after[0].note.evidence.sessions, 2, 'each teammate\'s session counted once');
    assert.ok((await commitMemory(bob, { mergeDriverCli: CLI })).committed);
    git(bob, 'push', '-q', 'origin', 'main');
    git(ann, 'pull', '-q', '--no-edit', 'origin', 'main');
    assert.equal(conflicted(ann), '');
    assert.equal((await lessons(ann)).length, 1);
  });

  it('both dreams update one shared note: the merge driver adds each side\'s new evidence, without conflict', async () => {
    await recordSession(ann, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-01' });
    await runDream({ workspaceRoot: ann });
    assert.ok((await commitMemory(ann, { mergeDriverCli: CLI })).committed);
    git(ann, 'push', '-q', 'origin', 'main');
    git(bob, 'pull', '-q', '--no-edit', 'origin', 'main');

    await recordSession(ann, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-05' });
    await runDream({ workspaceRoot: ann });
    assert.ok((await commitMemory(ann, { mergeDriverCli: CLI })).committed);
    git(ann, 'push', '-q', 'origin', 'main');

    await recordSession(bob, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-07' });
    await recordSession(bob, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-08' });
    await runDream({ workspaceRoot: bob });
    assert.ok((await commitMemory(bob, { mergeDriverCli: CLI })).committed);
    git(bob, 'pull', '-q', '--no-edit', 'origin', 'main');
    assert.equal(conflicted(bob), '', 'the note both changed merged cleanly');
    const [note, ...rest] = await lessons(bob);
    assert.equal(rest.length, 0);
    // ann's side grew 1 → 2; bob's dream counts max(the note's 1, its own 2) = 2, so bob's side grew 1 → 2 as well:
    // the merge adds each side's growth once (1 + 1 + 1). Never more than the 4 sessions there were.
    assert.equal(note.note.evidence.sessions, 3);
    assert.equal(note.note.evidence.lastSeen, '2026-03-08');
    assert.equal(note.humanOwned, false, 'both sides were Lucid\'s: the merge is sealed as Lucid\'s');
    assert.ok(!fs.existsSync(path.join(bob, '.agent-memory', 'MEMORY.md')) || !git(bob, 'ls-files', '.agent-memory/MEMORY.md'), 'MEMORY.md is not in git');
  });
});
