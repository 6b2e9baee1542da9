// The dream lock: a dream killed outright (SIGKILL) does not block the next one for the 30 s staleness, because
// the lock names its owner's pid and host; a live owner, or an owner on another host, still blocks.
import { strict as assert } from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DreamBusyError, ownerFileOf, readDreamLockOwner, withDreamLock } from '../../../src/core/dream/dreamLock';
import { memoryPaths, type MemoryPaths } from '../../../src/core/memory/memoryLayout';

const LOCK_MODULE = path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'dream', 'dreamLock.js');
const LAYOUT_MODULE = path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'memory', 'memoryLayout.js');

/** A process that takes the dream lock and holds it until killed; resolves once it holds it. */
function holder(root: string): Promise<ChildProcess> {
  const script = `
    const { withDreamLock } = require(${JSON.stringify(LOCK_MODULE)});
    const { memoryPaths } = require(${JSON.stringify(LAYOUT_MODULE)});
    withDreamLock(memoryPaths(${JSON.stringify(root)}), () => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); return new Promise(() => {}); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('dream lock', () => {
  let root: string;
  let paths: MemoryPaths;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-dream-lock-'));
    paths = memoryPaths(root);
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('records its owner in the lock while held, and removes the lock when done', async () => {
    const lockDir = path.join(paths.cache, 'dream.lock');
    const owner = await withDreamLock(paths, () => readDreamLockOwner(lockDir));
    assert.equal(owner?.pid, process.pid);
    assert.equal(owner?.hostname, os.hostname());
    assert.equal(fs.existsSync(lockDir), false);
  });

  it('a dream holding the lock past proper-lockfile\'s refresh keeps it (the owner record does not touch the lock)', async function () {
    this.timeout(20_000);
    const lockDir = path.join(paths.cache, 'dream.lock');
    const held = await withDreamLock(paths, async () => {
      await new Promise((r) => setTimeout(r, 6_500)); // past the 5 s refresh, where a changed mtime is "compromised"
      return readDreamLockOwner(lockDir);
    });
    assert.equal(held?.pid, process.pid);
    assert.equal(fs.existsSync(ownerFileOf(lockDir)), false, 'the record goes with the lock');
  });

  it('a live holder blocks the next dream at once', async function () {
    this.timeout(20_000);
    child = await holder(root);
    await assert.rejects(withDreamLock(paths, async () => 'ran'), DreamBusyError);
  });

  it('a dream killed with SIGKILL does not block the next one: its dead pid is taken over at once', async function () {
    this.timeout(20_000);
    child = await holder(root);
    const dead = child.pid;
    child.kill('SIGKILL');
    await exited(child);
    const lockDir = path.join(paths.cache, 'dream.lock');
    assert.equal((await readDreamLockOwner(lockDir))?.pid, dead, 'the killed dream left its lock behind');
    const started = Date.now();
    assert.equal(await withDreamLock(paths, async () => 'ran'), 'ran');
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms (the staleness is 30 s)`);
    assert.equal(fs.existsSync(lockDir), false);
    assert.deepEqual(fs.readdirSync(paths.cache).filter((n) => n.startsWith('dream.lock')), [], 'nothing left aside');
  });

  it('a fresh lock of another host, or without an owner record, is not taken over before it goes stale', async () => {
    const lockDir = path.join(paths.cache, 'dream.lock');
    fs.mkdirSync(lockDir, { recursive: true });
    fs.writeFileSync(ownerFileOf(lockDir), JSON.stringify({ pid: 999_999_999, hostname: `${os.hostname()}-elsewhere`, since: new Date().toISOString() }));
    await assert.rejects(withDreamLock(paths, async () => 'ran'), DreamBusyError);
    fs.rmSync(ownerFileOf(lockDir));
    await assert.rejects(withDreamLock(paths, async () => 'ran'), DreamBusyError);
    assert.ok(fs.existsSync(lockDir));
  });
});
