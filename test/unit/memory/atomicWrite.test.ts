import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic, writeIfChanged } from '../../../src/core/memory/atomicWrite';
import { tempWorkspace } from './memoryTestKit';

describe('atomicWrite', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.cleanup());

  it('writes a new file and replaces an existing one', async () => {
    const file = path.join(ws.root, 'a.md');
    await writeFileAtomic(file, 'one\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\n');
    await writeFileAtomic(file, Buffer.from('two\n'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'two\n');
    assert.deepEqual(fs.readdirSync(ws.root), ['a.md']);
  });

  it('a crash after the temp file is written but before the rename leaves the original intact', async () => {
    const file = path.join(ws.root, 'note.md');
    fs.writeFileSync(file, 'original\n');
    let tempSeen = '';
    await assert.rejects(
      writeFileAtomic(file, 'new content that must never be seen half-written\n', {
        beforeRename: (temp) => {
          tempSeen = temp;
          assert.equal(fs.readFileSync(temp, 'utf8'), 'new content that must never be seen half-written\n');
          throw new Error('simulated crash');
        },
      }),
      /simulated crash/,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'original\n');
    assert.equal(path.dirname(tempSeen), ws.root, 'temp file in the same directory (same file system: rename is atomic)');
    assert.match(path.basename(tempSeen), /^\.note\.md\..*\.tmp$/);
    assert.deepEqual(fs.readdirSync(ws.root), ['note.md'], 'temp file cleaned up');
  });

  it('keeps the mode of the file it replaces', async function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(ws.root, 'script.md');
    fs.writeFileSync(file, 'x');
    fs.chmodSync(file, 0o640);
    await writeFileAtomic(file, 'y');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it('exclusive mode refuses to replace an existing file', async () => {
    const file = path.join(ws.root, 'taken.md');
    fs.writeFileSync(file, 'mine');
    await assert.rejects(writeFileAtomic(file, 'theirs', { exclusive: true }), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
    assert.deepEqual(fs.readdirSync(ws.root), ['taken.md']);
    await writeFileAtomic(path.join(ws.root, 'free.md'), 'ok', { exclusive: true });
    assert.equal(fs.readFileSync(path.join(ws.root, 'free.md'), 'utf8'), 'ok');
    assert.deepEqual(fs.readdirSync(ws.root).sort(), ['free.md', 'taken.md']);
  });

  it('writeIfChanged does not touch a file whose bytes are unchanged (mtime kept)', async () => {
    const file = path.join(ws.root, 'digest.md');
    assert.equal(await writeIfChanged(file, 'same\n'), true);
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, old, old);
    const inode = fs.statSync(file).ino;
    assert.equal(await writeIfChanged(file, 'same\n'), false);
    assert.equal(fs.statSync(file).mtimeMs, old.getTime());
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(await writeIfChanged(file, 'different\n'), true);
    assert.equal(fs.readFileSync(file, 'utf8'), 'different\n');
  });
});
