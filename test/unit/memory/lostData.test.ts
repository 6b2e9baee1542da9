// Nothing lost: recall counts survive memory-tool edits and dreams (a person's note's too), ids stay unique when two
// processes create notes with the same file name at once, and a commit right after a killed dream holds all of it.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { runMemoryCommand } from '../../../src/core/memory/memoryTool';
import { commitMemory } from '../../../src/core/sharing/memoryCommit';
import { cleanup, makeTempDir } from '../tools/toolTestKit';
import { recordSession, VITEST_FAIL, VITEST_FIX } from '../dream/dreamKit';

const PERSON = ['---', 'id: team-style', 'kind: convention', 'title: Tabs, not spaces', 'provenance: human', '---', '', 'We indent with tabs.', ''].join('\n');

describe('nothing lost', () => {
  let ws: string;
  beforeEach(() => (ws = makeTempDir('lucid-lost-')));
  afterEach(() => cleanup(ws));

  it('memory-tool edits keep every pending recall count, under load', async () => {
    const store = await MemoryStore.open(ws);
    await runMemoryCommand(store, { command: 'create', path: '/memories/n.md', file_text: '# Counting\n\nline 0\n' });
    const id = (await store.load()).notes[0].note.id;
    const other = await MemoryStore.open(ws); // another session of the same workspace
    const bumps = Array.from({ length: 200 }, () => other.bumpCounter(id, 'recalled'));
    const edits = Array.from({ length: 20 }, (_, i) => runMemoryCommand(store, { command: 'insert', path: '/memories/n.md', insert_line: 0, insert_text: `edit ${i}` }).catch(() => undefined));
    await Promise.all([...bumps, ...edits]);
    const note = await (await MemoryStore.open(ws)).get(id);
    assert.equal(note?.note.counters.recalled, 200);
  });

  it('a dream that folds counters keeps the counts of a person\'s note (and of its own)', async () => {
    fs.mkdirSync(path.join(ws, '.agent-memory', 'notes'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.agent-memory', 'notes', 'team-style.md'), PERSON);
    const store = await MemoryStore.open(ws);
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-01' });
    await runDream({ workspaceRoot: ws });
    const lucid = (await store.load()).notes.find((n) => n.note.provenance === 'dream')!;
    for (let i = 0; i < 5; i++) await store.bumpCounter('team-style', 'recalled');
    for (let i = 0; i < 3; i++) await store.bumpCounter(lucid.note.id, 'helpful');
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-02' });
    await runDream({ workspaceRoot: ws });
    await runDream({ workspaceRoot: ws });
    const fresh = await MemoryStore.open(ws);
    assert.equal((await fresh.get('team-style'))?.note.counters.recalled, 5);
    assert.equal(fs.readFileSync(path.join(ws, '.agent-memory', 'notes', 'team-style.md'), 'utf8'), PERSON, 'the person\'s file keeps its bytes');
    assert.equal((await fresh.get(lucid.note.id))?.note.counters.helpful, 3, 'folded into Lucid\'s own note once');
  });

  it('two processes creating the same file name in different folders get two ids, both visible', async () => {
    const [a, b] = await Promise.all([MemoryStore.open(ws), MemoryStore.open(ws)]);
    await a.load();
    await b.load();
    await Promise.all([
      runMemoryCommand(a, { command: 'create', path: '/memories/web/setup.md', file_text: 'web setup\n' }),
      runMemoryCommand(b, { command: 'create', path: '/memories/api/setup.md', file_text: 'api setup\n' }),
    ]);
    const { notes, problems } = await (await MemoryStore.open(ws)).load();
    assert.deepEqual(problems, []);
    assert.equal(new Set(notes.map((n) => n.note.id)).size, 2);
    assert.deepEqual(notes.map((n) => n.file).sort(), ['api/setup.md', 'web/setup.md']);
  });

  it('Commit Memory right after a dream killed mid-commit commits the whole dream, never half', async () => {
    execFileSync('git', ['init', '-q'], { cwd: ws });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.invalid', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: ws });
    await recordSession(ws, [VITEST_FAIL, VITEST_FIX], { day: '2026-03-01' });
    await recordSession(ws, [{ command: 'python repro.py', output: "ModuleNotFoundError: No module named 'numpy'", ok: false }, { command: 'pip install numpy', output: 'Successfully installed numpy-2.0.2', ok: true }, { command: 'python repro.py', output: 'ok', ok: true }], { day: '2026-03-01' });
    let applied = 0;
    const killed = runDream({
      workspaceRoot: ws,
      afterCommitStep: (step) => {
        if (step.startsWith('apply:notes/') && ++applied === 1) throw new Error('killed');
      },
    });
    await assert.rejects(killed, /killed/);
    process.env.GIT_AUTHOR_NAME = process.env.GIT_COMMITTER_NAME = 't';
    process.env.GIT_AUTHOR_EMAIL = process.env.GIT_COMMITTER_EMAIL = 't@e.invalid';
    const r = await commitMemory(ws);
    assert.ok(r.committed, JSON.stringify(r));
    const committed = r.files.filter((f) => f.startsWith('.agent-memory/notes/'));
    const onDisk = fs.readdirSync(path.join(ws, '.agent-memory', 'notes'));
    assert.equal(committed.length, onDisk.length, 'every note of the dream');
    assert.ok(committed.length >= 1);
    assert.equal(fs.readdirSync(path.join(ws, '.agent-memory', '.cache', 'txn')).length, 0, 'the interrupted transaction was finished');
  });
});
