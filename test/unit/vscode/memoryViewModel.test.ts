import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { instructionFiles } from '../../../src/vscode/instructionFiles';
import { buildMemoryView } from '../../../src/vscode/memoryViewModel';

describe('buildMemoryView', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-memview-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates nothing in a workspace without memory', async () => {
    const view = await buildMemoryView(root, 1500);
    assert.deepEqual(view, { notes: [], digestTokens: 0, budget: 1500, proposals: [], problems: [], instructions: { files: [], maxChars: 24_000 } });
    assert.equal(fs.existsSync(path.join(root, '.agent-memory')), false);
  });

  it('summarises notes by kind, with evidence, status and digest membership; reads the newest report', async () => {
    const store = await MemoryStore.open(root);
    await store.create({ kind: 'fact', title: 'A fact', evidence: { sessions: 2, examples: [{ session: 's', text: 'seen here' }] } });
    await store.create({ kind: 'build-error', title: 'A build error' });
    await store.create({ kind: 'build-error', title: 'Old error', status: 'retired', reason: 'fixed upstream' });
    const dreams = path.join(root, '.agent-memory', '.cache', 'dreams');
    fs.mkdirSync(dreams, { recursive: true });
    fs.writeFileSync(path.join(dreams, '2025-01-01T00-00-00-000Z.md'), '# old');
    fs.writeFileSync(path.join(dreams, '2025-02-01T00-00-00-000Z.md'), '# new');
    const view = await buildMemoryView(root, 2000);
    assert.deepEqual(view.notes.map((n) => [n.kind, n.title, n.status, n.inDigest]), [
      ['build-error', 'A build error', 'active', true],
      ['build-error', 'Old error', 'retired', false],
      ['fact', 'A fact', 'active', true],
    ]);
    assert.deepEqual(view.notes[2].evidence.examples, ['seen here']);
    assert.equal(view.notes[1].reason, 'fixed upstream');
    assert.ok(view.digestTokens > 0);
    assert.equal(view.lastReport, '# new');
    assert.deepEqual(view.proposals, []);
  });

  it('lists the project\'s instruction files the agent reads, with their size and what the cap cut', async () => {
    fs.writeFileSync(path.join(root, 'CLAUDE.md'), 'c'.repeat(30));
    fs.mkdirSync(path.join(root, '.claude'));
    fs.writeFileSync(path.join(root, '.claude', 'CLAUDE.md'), '   \n'); // empty: not read
    fs.writeFileSync(path.join(root, 'AGENTS.md'), `${'a'.repeat(20)}\n<!-- lucid:memory:start -->\ndigest\n<!-- lucid:memory:end -->\n`);
    const view = await buildMemoryView(root, 2000);
    assert.deepEqual(view.instructions, { maxChars: 24_000, files: [{ file: 'CLAUDE.md', chars: 30, cut: 0 }, { file: 'AGENTS.md', chars: 20, cut: 0 }] });
    assert.deepEqual(await instructionFiles(root, 40), { maxChars: 40, files: [{ file: 'CLAUDE.md', chars: 30, cut: 0 }, { file: 'AGENTS.md', chars: 20, cut: 10 }] });
    assert.deepEqual((await instructionFiles(root, 25)).files.map((f) => f.cut), [5, 20], 'a file past the cap is left out whole');
  });
});
