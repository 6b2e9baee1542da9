// Just-in-time recall after a session start from the snapshot: the notes the start loads afterwards serve the first
// failure (no second load); when that load failed, the recall loads them itself.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createFailureRecaller } from '../../../src/core/agent/failureRecall';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import type { LoadedNote } from '../../../src/core/memory/noteSchema';
import { sampleNote, tempWorkspace } from '../memory/memoryTestKit';

const FAILURE = { command: 'npm test', output: '> vitest run\nsh: vitest: command not found\n' };

describe('just-in-time recall with the notes loaded after the session start', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.cleanup());

  it('uses the notes of the load under way, not a load of its own', async () => {
    const note: LoadedNote = { note: sampleNote({ id: 'from-the-pending-load' }), file: 'from-the-pending-load.md', humanOwned: false };
    const warnings: string[] = [];
    // The folder holds no note: only the pending load's notes can match.
    const recaller = createFailureRecaller(await MemoryStore.open(ws.root), Promise.resolve([note]), (m) => warnings.push(m));
    const recall = await recaller.recall(FAILURE);
    assert.deepEqual(recall?.notes.map((n) => n.id), ['from-the-pending-load']);
    assert.match(recall!.text, /Run `npx vitest` from `packages\/web`/);
    assert.equal(warnings.length, 1, 'its count could not be kept: the note is not on disk');
  });

  it('loads the notes itself when the load under way failed', async () => {
    fs.mkdirSync(memoryPaths(ws.root).notes, { recursive: true });
    fs.writeFileSync(path.join(memoryPaths(ws.root).notes, 'on-disk.md'), serializeNote(sealNote(sampleNote({ id: 'on-disk' }))));
    const recaller = createFailureRecaller(await MemoryStore.open(ws.root), Promise.resolve(undefined));
    assert.deepEqual((await recaller.recall(FAILURE))?.notes.map((n) => n.id), ['on-disk']);
  });
});
