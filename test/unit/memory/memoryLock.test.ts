import { strict as assert } from 'assert';
import * as fs from 'fs';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryLockTimeoutError, holdsMemoryLock, withMemoryLock } from '../../../src/core/memory/memoryLock';
import { tempWorkspace } from './memoryTestKit';

describe('memoryLock', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.cleanup());

  it('serialises callers in one process and removes the lock afterwards', async () => {
    const paths = memoryPaths(ws.root);
    let inside = 0;
    let maxInside = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        withMemoryLock(paths, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          assert.ok(fs.existsSync(paths.lockFile));
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          inside--;
        }),
      ),
    );
    assert.equal(maxInside, 1);
    assert.equal(order.length, 5);
    assert.equal(fs.existsSync(paths.lockFile), false);
  });

  it('is re-entrant within one async flow', async () => {
    const paths = memoryPaths(ws.root);
    const result = await withMemoryLock(paths, async () => {
      assert.equal(holdsMemoryLock(paths), true);
      return withMemoryLock(paths, async () => 'nested ok');
    });
    assert.equal(result, 'nested ok');
    assert.equal(holdsMemoryLock(paths), false);
  });

  it('releases the lock when the function throws', async () => {
    const paths = memoryPaths(ws.root);
    await assert.rejects(withMemoryLock(paths, async () => { throw new Error('boom'); }), /boom/);
    assert.equal(fs.existsSync(paths.lockFile), false);
    assert.equal(await withMemoryLock(paths, async () => 1), 1);
  });

  it('takes over a stale lock left by a crashed process', async () => {
    const paths = memoryPaths(ws.root);
    fs.mkdirSync(paths.lockFile, { recursive: true }); // what proper-lockfile leaves behind
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(paths.lockFile, old, old);
    const started = Date.now();
    assert.equal(await withMemoryLock(paths, async () => 'got it', { staleMs: 2000 }), 'got it');
    assert.ok(Date.now() - started < 2000);
  });

  it('times out with a clear message while a live lock is held', async () => {
    const paths = memoryPaths(ws.root);
    fs.mkdirSync(paths.lockFile, { recursive: true }); // fresh mtime: someone is holding it
    await assert.rejects(withMemoryLock(paths, async () => 'never', { staleMs: 5000, timeoutMs: 300 }), (err: Error) => {
      assert.ok(err instanceof MemoryLockTimeoutError);
      assert.match(err.message, /another Lucid process is writing/);
      return true;
    });
  });
});
