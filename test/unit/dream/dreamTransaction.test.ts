// A dream's multi-file commit: all files or none, whatever the point at which the process dies.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { commitFiles, recoverTransactions, transactionsDir, type FileWrite } from '../../../src/core/memory/memoryTransaction';
import { ensureMemoryLayout, type MemoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { seeded, snapshot, tempWorkspace } from '../memory/memoryTestKit';
import { markedFiles } from './transactionWorker';

const BEFORE: Record<string, string> = {
  'notes/a.md': 'note A, before\n',
  'notes/b.md': 'note B, unchanged\n',
  'MEMORY.md': '# Memory, before\n',
  '.cache/dream-state.json': '{"cursor":1}\n',
};
const WRITES: FileWrite[] = [
  { path: 'notes/a.md', content: 'note A, after\n' },
  { path: 'notes/b.md', content: 'note B, unchanged\n' },
  { path: 'notes/deep/c.md', content: 'note C, new, in a new folder\n' },
  { path: 'MEMORY.md', content: '# Memory, after\n' },
  { path: '.cache/dreams/2025-03-18T10-00-00Z.json', content: '{"added":1}\n' },
  { path: '.cache/dreams/2025-03-18T10-00-00Z.md', content: '# Dream report\n' },
  { path: '.cache/dream-state.json', content: '{"cursor":2}\n' },
];
const CHANGED = WRITES.filter((w) => BEFORE[w.path] !== w.content).map((w) => w.path);

/** The memory folder's files (symbolic links as `-> target`), without the lock and transaction folders (bookkeeping). */
function memoryState(paths: MemoryPaths): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (['.lock', '.cache/txn', '.cache/txn-failed'].includes(r)) continue;
      const p = path.join(dir, e.name);
      if (e.isSymbolicLink()) out.set(r, Buffer.from(`-> ${fs.readlinkSync(p)}`));
      else if (e.isDirectory()) walk(p, r);
      else out.set(r, fs.readFileSync(p));
    }
  };
  walk(paths.root, '');
  return out;
}

function expectedAfter(paths: MemoryPaths): Map<string, Buffer> {
  const out = memoryState(paths);
  for (const w of WRITES) out.set(w.path, Buffer.from(w.content));
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function assertState(paths: MemoryPaths, expected: Map<string, Buffer>, label: string): void {
  const actual = memoryState(paths);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${label}: same files`);
  for (const [file, bytes] of expected) assert.ok(actual.get(file)!.equals(bytes), `${label}: ${file} has the expected bytes`);
}

function pendingTransactions(paths: MemoryPaths): string[] {
  const dir = transactionsDir(paths);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

const crashAt = (target: string) => ({
  afterStep: (step: string) => {
    if (step === target) throw new Error(`simulated crash after ${step}`);
  },
});

describe('dreamTransaction', function () {
  this.timeout(120_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let paths: MemoryPaths;
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;

  async function freshMemory(): Promise<void> {
    ws?.cleanup();
    ws = tempWorkspace();
    paths = await ensureMemoryLayout(ws.root);
    for (const [file, text] of Object.entries(BEFORE)) {
      fs.mkdirSync(path.dirname(path.join(paths.root, file)), { recursive: true });
      fs.writeFileSync(path.join(paths.root, file), text);
    }
    before = memoryState(paths);
    after = expectedAfter(paths);
  }

  beforeEach(freshMemory);
  afterEach(() => ws.cleanup());

  /** The steps of one clean commit, in order. */
  async function recordSteps(): Promise<string[]> {
    const steps: string[] = [];
    await commitFiles(paths, WRITES, { afterStep: (s) => void steps.push(s) });
    await freshMemory();
    return steps;
  }

  it('writes every changed file, creates folders, and leaves no transaction folder, temp file or lock', async () => {
    const result = await commitFiles(paths, WRITES);
    assert.deepEqual(result.written, CHANGED);
    assert.deepEqual(result.unchanged, ['notes/b.md']);
    assert.ok(result.id);
    assertState(paths, after, 'after commit');
    assert.deepEqual(pendingTransactions(paths), []);
    assert.deepEqual([...snapshot(paths.root).keys()].filter((f) => f.endsWith('.tmp')), []);
    assert.equal(fs.existsSync(paths.lockFile), false);
  });

  it('leaves files whose bytes do not change untouched (same mtime, same inode)', async () => {
    const b = path.join(paths.notes, 'b.md');
    fs.utimesSync(b, new Date('2001-01-01'), new Date('2001-01-01'));
    const statBefore = fs.statSync(b);
    await commitFiles(paths, WRITES);
    const statAfter = fs.statSync(b);
    assert.equal(statAfter.mtimeMs, statBefore.mtimeMs);
    assert.equal(statAfter.ino, statBefore.ino);
  });

  it('a commit with nothing new changes no byte and creates no transaction', async () => {
    await commitFiles(paths, WRITES);
    const times = new Map([...snapshot(paths.root).keys()].map((f) => [f, fs.statSync(path.join(paths.root, f)).mtimeMs]));
    const steps: string[] = [];
    const result = await commitFiles(paths, WRITES, { afterStep: (s) => void steps.push(s) });
    assert.deepEqual(result, { written: [], unchanged: WRITES.map((w) => w.path), recovery: { rolledForward: [], discarded: [], problems: [] } });
    assert.deepEqual(steps, []);
    assert.deepEqual(pendingTransactions(paths), []);
    for (const [f, t] of times) assert.equal(fs.statSync(path.join(paths.root, f)).mtimeMs, t, `${f} untouched`);
  });

  it('reports its steps: stage each file, commit, rename each file, clean up', async () => {
    const steps = await recordSteps();
    assert.deepEqual(steps, [
      ...CHANGED.map((p) => `stage:${p}`), 'staged', 'manifest-written', 'committed',
      ...CHANGED.map((p) => `apply:${p}`), 'applied', 'manifest-removed', 'done',
    ]);
  });

  it('a crash at every step boundary leaves the before-state (before the commit point) or, once recovered, the after-state', async () => {
    const steps = await recordSteps();
    const commitPoint = steps.indexOf('committed');
    for (const [i, step] of steps.entries()) {
      await freshMemory();
      await assert.rejects(commitFiles(paths, WRITES, crashAt(step)), /simulated crash/);
      if (i < commitPoint) assertState(paths, before, `crash after ${step}, not recovered`);
      const recovery = await recoverTransactions(paths);
      assertState(paths, i < commitPoint ? before : after, `crash after ${step}, recovered`);
      assert.deepEqual(pendingTransactions(paths), [], `crash after ${step}: recovery cleans up`);
      assert.deepEqual(recovery.problems, []);
      if (step !== 'done') {
        const finishing = i < commitPoint || step === 'manifest-removed' ? recovery.discarded : recovery.rolledForward;
        assert.equal(finishing.length, 1, `crash after ${step}: ${JSON.stringify(recovery)}`);
      }
    }
  });

  it('a crash after k of n renames, for every k, rolls forward to exactly the after-state', async () => {
    for (let k = 0; k <= CHANGED.length; k++) {
      await freshMemory();
      const step = k === 0 ? 'committed' : `apply:${CHANGED[k - 1]}`;
      await assert.rejects(commitFiles(paths, WRITES, crashAt(step)), /simulated crash/);
      const state = memoryState(paths);
      const inPlace = CHANGED.filter((p) => state.get(p)?.equals(after.get(p)!));
      assert.deepEqual(inPlace, CHANGED.slice(0, k), `k=${k}: exactly the first k files are in place before recovery`);
      await recoverTransactions(paths);
      assertState(paths, after, `k=${k}, recovered`);
    }
  });

  it('a crash during recovery, at any of its steps, and a second recovery still end in the after-state', async () => {
    const steps = await recordSteps();
    const crashPoints = steps.slice(steps.indexOf('committed'), steps.indexOf('applied'));
    let combos = 0;
    for (const commitCrash of crashPoints) {
      await freshMemory();
      await assert.rejects(commitFiles(paths, WRITES, crashAt(commitCrash)));
      const recoverySteps: string[] = [];
      await recoverTransactions(paths, { afterStep: (s) => void recoverySteps.push(s) });
      assert.ok(recoverySteps.includes('recover:done'));
      for (const recoveryCrash of recoverySteps) {
        await freshMemory();
        await assert.rejects(commitFiles(paths, WRITES, crashAt(commitCrash)));
        await assert.rejects(recoverTransactions(paths, crashAt(recoveryCrash)), /simulated crash/);
        await recoverTransactions(paths);
        assertState(paths, after, `commit crash after ${commitCrash}, recovery crash after ${recoveryCrash}`);
        assert.deepEqual(pendingTransactions(paths), []);
        combos++;
      }
    }
    assert.ok(combos >= crashPoints.length * 4, `${combos} combinations tried`);
  });

  it('the next commit finishes a crashed one first, then applies its own on top', async () => {
    await assert.rejects(commitFiles(paths, WRITES, crashAt(`apply:${CHANGED[1]}`)));
    const next = await commitFiles(paths, [{ path: 'MEMORY.md', content: '# Memory, next\n' }, { path: 'notes/a.md', content: 'note A, after\n' }]);
    assert.equal(next.recovery.rolledForward.length, 1);
    assert.deepEqual(next.written, ['MEMORY.md']);
    assert.deepEqual(next.unchanged, ['notes/a.md'], 'compared against the recovered state');
    after.set('MEMORY.md', Buffer.from('# Memory, next\n'));
    assertState(paths, after, 'after both');
  });

  it('a plain failure before the commit point (not a crash) throws the staging away', async () => {
    const fsp = require('fs/promises') as typeof import('fs/promises');
    const rename = fsp.rename;
    fsp.rename = async (from, to) => {
      if (String(to).endsWith('manifest.json')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return rename(from, to);
    };
    try {
      await assert.rejects(commitFiles(paths, WRITES), /ENOSPC/);
    } finally {
      fsp.rename = rename;
    }
    assertState(paths, before, 'after a failed commit');
    assert.deepEqual(pendingTransactions(paths), []);
  });

  it('MemoryStore.load() finishes a crashed commit before reading, and does not disturb a live one', async () => {
    const note = (id: string, body: string) =>
      `---\nid: ${id}\nkind: fact\ntitle: ${id}\nprovenance: human\n---\n${body}\n`;
    const writes = [{ path: 'notes/x.md', content: note('x-note', 'x after') }, { path: 'notes/y.md', content: note('y-note', 'y after') }];
    await assert.rejects(commitFiles(paths, writes, crashAt('apply:notes/x.md')));
    const store = await MemoryStore.open(ws.root);
    const { notes } = await store.load();
    assert.deepEqual(notes.filter((n) => /after/.test(n.note.body)).map((n) => n.note.id).sort(), ['x-note', 'y-note']);
    assert.deepEqual(pendingTransactions(paths), []);

    const live = [{ path: 'notes/x.md', content: note('x-note', 'x later') }, { path: 'notes/y.md', content: note('y-note', 'y later') }];
    await commitFiles(paths, live, {
      afterStep: async (step) => {
        if (step === 'committed') await store.load(); // from inside our own lock: must not touch our transaction
      },
    });
    assert.match(fs.readFileSync(path.join(paths.notes, 'y.md'), 'utf8'), /y later/);
    assert.deepEqual(pendingTransactions(paths), []);
  });

  it('refuses paths that leave the memory folder or touch its bookkeeping, writing nothing', async () => {
    const outside = fs.mkdtempSync(path.join(ws.root, 'outside-'));
    fs.symlinkSync(outside, path.join(paths.notes, 'linked-dir'));
    fs.writeFileSync(path.join(outside, 'target.md'), 'outside\n');
    fs.symlinkSync(path.join(outside, 'target.md'), path.join(paths.notes, 'linked-file.md'));
    fs.mkdirSync(path.join(paths.notes, 'a-folder.md'));
    before = memoryState(paths);
    const bad = [
      '../escape.md', 'notes/../../escape.md', '/etc/passwd', path.join(ws.root, 'abs.md'), 'C:/x.md', 'notes\\x.md',
      '', 'notes//x.md', './MEMORY.md', 'notes/./x.md', 'nul\0.md', '.lock', '.cache/txn/forged/manifest.json',
      '.cache/txn-failed/x', 'notes/linked-dir/x.md', 'notes/linked-file.md', 'notes/a-folder.md',
    ];
    for (const p of bad) {
      await assert.rejects(commitFiles(paths, [{ path: 'MEMORY.md', content: 'changed\n' }, { path: p, content: 'x\n' }]),
        /Not a path inside the memory folder|bookkeeping|is a symbolic link|is not a file/, p);
    }
    await assert.rejects(commitFiles(paths, [{ path: 'MEMORY.md', content: '1' }, { path: 'MEMORY.md', content: '2' }]), /twice/);
    assertState(paths, before, 'after refused commits');
    assert.deepEqual(fs.readdirSync(outside), ['target.md']);
    assert.equal(fs.readFileSync(path.join(outside, 'target.md'), 'utf8'), 'outside\n');
    assert.equal(fs.existsSync(path.join(ws.root, 'escape.md')), false);
  });

  it('a damaged committed transaction is set aside and reported, never half-applied from bad bytes', async () => {
    await assert.rejects(commitFiles(paths, WRITES, crashAt('committed')));
    const [id] = pendingTransactions(paths);
    fs.writeFileSync(path.join(transactionsDir(paths), id, 'files', '0'), 'garbage');
    const recovery = await recoverTransactions(paths);
    assert.equal(recovery.problems.length, 1);
    assert.match(recovery.problems[0], /checksum/);
    assertState(paths, before, 'nothing applied');
    assert.deepEqual(pendingTransactions(paths), []);
    assert.ok(fs.existsSync(path.join(paths.cache, 'txn-failed', id)), 'kept for a person to look at');

    await freshMemory();
    fs.mkdirSync(path.join(transactionsDir(paths), 'forged'), { recursive: true });
    fs.writeFileSync(path.join(transactionsDir(paths), 'forged', 'manifest.json'),
      JSON.stringify({ version: 1, id: 'forged', files: [{ path: '../../escape', staged: '0', sha256: '0'.repeat(64) }] }));
    const forged = await recoverTransactions(paths);
    assert.match(forged.problems.join('\n'), /damaged manifest/);
    assertState(paths, before, 'forged manifest applied nothing');
  });

  describe('killed with SIGKILL mid-commit (real processes)', () => {
    const NOTES = 30;
    const ROUNDS = 10;

    /** Runs the worker until it has printed `killAfter` steps (or `paused`), then kills it. Returns what it printed. */
    function runAndKill(round: number, killAfter: number, pauseAt: number): Promise<string[]> {
      return new Promise((resolve, reject) => {
        const worker = path.join(__dirname, 'transactionWorker.js');
        const child = spawn(process.execPath, [worker, ws.root, String(round), String(NOTES), String(pauseAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        let steps = 0;
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          steps += (String(d).match(/^step$/gm) ?? []).length;
          if (steps >= killAfter || /^paused$/m.test(out)) child.kill('SIGKILL');
        });
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', (code, signal) =>
          signal === 'SIGKILL' ? resolve(out.split('\n').filter(Boolean)) : reject(new Error(`worker exited ${code}: ${err}`)));
      });
    }

    it(`${ROUNDS} rounds of ${NOTES + 2}-file commits killed at random points: every transaction is all-or-nothing`, async () => {
      const random = seeded(20250318);
      for (const file of Object.keys(BEFORE)) fs.rmSync(path.join(paths.root, file));
      await commitFiles(paths, markedFiles('0-0', NOTES, 0));
      let previous = '0-0';
      const seen = { committedPending: 0, uncommittedPending: 0 }; // in the paused rounds
      for (let round = 1; round <= ROUNDS; round++) {
        // Even rounds stop the worker on an exact step boundary; odd rounds let it run and kill it wherever it is.
        const stepsPerCommit = 2 * (NOTES + 2) + 6;
        const at = 1 + Math.floor(random() * stepsPerCommit * 3);
        const lines = await runAndKill(round, round % 2 ? at : Infinity, round % 2 ? -1 : at);
        fs.rmSync(paths.lockFile, { recursive: true, force: true }); // the dead worker's lock: we know it is gone

        for (const id of round % 2 ? [] : pendingTransactions(paths)) {
          if (fs.existsSync(path.join(transactionsDir(paths), id, 'manifest.json'))) seen.committedPending++;
          else seen.uncommittedPending++;
        }
        const { notes, problems } = await (await MemoryStore.open(ws.root)).load(); // recovers first
        assert.deepEqual(problems, [], `round ${round}: every file parses`);
        assert.equal(notes.length, NOTES);
        assert.deepEqual(pendingTransactions(paths), []);

        const markers = new Set(notes.map((n) => /marker: (\S+)/.exec(n.note.body)![1]));
        markers.add(/marker: (\S+)/.exec(fs.readFileSync(paths.digest, 'utf8'))![1]);
        markers.add(JSON.parse(fs.readFileSync(path.join(paths.cache, 'dream-state.json'), 'utf8')).marker);
        assert.equal(markers.size, 1, `round ${round}: one transaction's files, never a mix: ${[...markers].join(', ')}`);
        const [marker] = markers;

        // Durability: the last transaction known to have passed its commit point is there (or the one after it).
        const committed = lines.filter((l) => l.startsWith('committed ')).map((l) => l.slice('committed '.length));
        const last = committed.at(-1);
        const next = last ? `${round}-${Number(last.split('-')[1]) + 1}` : `${round}-1`;
        assert.ok(marker === (last ?? previous) || marker === next, `round ${round}: found ${marker}, last committed ${last ?? previous}`);
        for (const f of markedFiles(marker, NOTES, Number(marker.split('-')[1]))) {
          assert.equal(fs.readFileSync(path.join(paths.root, f.path), 'utf8'), f.content, `round ${round}: ${f.path} byte for byte`);
        }
        previous = marker;
      }
      // The paused rounds are deterministic (seeded step numbers): they hit both sides of the commit point.
      assert.ok(seen.committedPending > 0 && seen.uncommittedPending > 0, `kills landed on both sides: ${JSON.stringify(seen)}`);
    });
  });
});
