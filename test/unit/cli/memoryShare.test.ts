// `lucid memory accept`, `lucid memory commit` and `lucid memory merge-note` (git's driver), in-process.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { runMemoryCommand } from '../../../src/core/memory/memoryTool';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { refreshMemoryMergeDriver } from '../../../src/core/sharing/memoryCommit';
import { sampleNote } from '../memory/memoryTestKit';
import { fakeIo } from './cliKit';

const git = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, encoding: 'utf8' }).trim();

describe('lucid memory accept / commit / merge-note', () => {
  let ws: string;
  beforeEach(() => (ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cli-share-')))));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('accept makes an agent\'s unverified note active; a second accept says there is nothing to accept', async () => {
    const store = await MemoryStore.open(ws);
    await runMemoryCommand(store, { command: 'create', path: '/memories/setup.md', file_text: '# Setup\n\nRun npm ci first.\n' });
    const id = (await store.load()).notes[0].note.id;
    const first = fakeIo(ws, {});
    assert.equal(await main(['memory', 'accept', id, '--workspace', ws], first.io), 0, first.stderr());
    assert.match(first.stdout(), /Accepted setup: it is active/);
    assert.equal((await store.get(id))?.note.status, 'active');
    const again = fakeIo(ws, {});
    assert.equal(await main(['memory', 'accept', id, '--workspace', ws], again.io), 1);
    assert.match(again.stderr(), /is active, not unverified/);
  });

  it('commit commits the shareable files with the message given and registers the note merge driver', async () => {
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'config', 'user.name', 't');
    git(ws, 'config', 'user.email', 't@e.invalid');
    await (await MemoryStore.open(ws)).create({ kind: 'fact', title: 'A fact', body: 'x' });
    const { io, stdout, stderr } = fakeIo(ws, {});
    assert.equal(await main(['memory', 'commit', '-m', 'memory: a fact', '--workspace', ws], io), 0, stderr());
    assert.match(stdout(), /Committed memory [0-9a-f]{7} \(\d+ file\(s\)\); nothing was pushed/);
    assert.equal(git(ws, 'log', '-1', '--format=%s'), 'memory: a fact');
    assert.match(git(ws, 'config', '--get', 'merge.lucid-note.driver'), / memory merge-note %O %A %B %P$/);
    const none = fakeIo(ws, {});
    assert.equal(await main(['memory', 'commit', '--workspace', ws], none.io), 0);
    assert.match(none.stdout(), /no changes to commit/);
  });

  it('after an update moved Lucid, a clone with its merge driver is pointed at the new CLI; one without is left alone', async () => {
    git(ws, 'init', '-q', '-b', 'main');
    assert.equal(await refreshMemoryMergeDriver(ws, ['node', '/new/dist/cli.js']), false);
    assert.throws(() => git(ws, 'config', '--get', 'merge.lucid-note.driver'), 'never registered where Commit Memory did not');
    git(ws, 'config', 'merge.lucid-note.driver', "'node' '/old/dist/cli.js' memory merge-note %O %A %B %P");
    assert.equal(await refreshMemoryMergeDriver(ws, ['node', '/new/dist/cli.js']), true);
    assert.equal(git(ws, 'config', '--get', 'merge.lucid-note.driver'), "'node' '/new/dist/cli.js' memory merge-note %O %A %B %P");
    assert.equal(await refreshMemoryMergeDriver(ws, ['node', '/new/dist/cli.js']), false, 'already current');
  });

  it('merge-note writes the merge into OURS; an unreadable side exits 1 and leaves OURS as it was', async () => {
    const base = sampleNote({ id: 'n', provenance: 'dream', evidence: { sessions: 2, examples: [] } });
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(ws, name), text), path.join(ws, name));
    const o = write('ours', serializeNote(sealNote({ ...base, evidence: { sessions: 3, examples: [] } })));
    const t = write('theirs', serializeNote(sealNote({ ...base, evidence: { sessions: 4, examples: [] } })));
    const b = write('base', serializeNote(sealNote(base)));
    assert.equal(await main(['memory', 'merge-note', b, o, t, 'notes/n.md'], fakeIo(ws, {}).io), 0);
    assert.match(fs.readFileSync(o, 'utf8'), /^ {2}sessions: 5$/m);
    const before = fs.readFileSync(o, 'utf8');
    const bad = write('bad', '---\nnot: [valid\n---\n');
    const r = fakeIo(ws, {});
    assert.equal(await main(['memory', 'merge-note', b, o, bad, 'notes/n.md'], r.io), 1);
    assert.match(r.stderr(), /not a readable note; leaving the conflict to git/);
    assert.equal(fs.readFileSync(o, 'utf8'), before);
  });
});
