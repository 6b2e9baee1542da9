// Several real processes write to the same memory folder at once: nothing may be lost or corrupted.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { tempWorkspace } from './memoryTestKit';

const WORKERS = 5;
const NOTES_EACH = 8;
const BUMPS_EACH = 12;

function runWorker(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'concurrencyWorker.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('memoryStore with concurrent processes', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.cleanup());

  it(`${WORKERS} processes creating ${NOTES_EACH} notes and bumping shared counters ${BUMPS_EACH} times each lose nothing`, async () => {
    const store = await MemoryStore.open(ws.root);
    const agent = await store.create({ kind: 'fact', title: 'Shared agent note' });
    await store.create({ id: 'shared-human-note', kind: 'fact', title: 'placeholder' });
    const humanFile = path.join(store.paths.notes, 'shared-human-note.md');
    fs.writeFileSync(humanFile, '---\nid: shared-human-note\nkind: convention\ntitle: Written by a person\n---\nHands off.\n');
    const humanBytes = fs.readFileSync(humanFile);

    const startAt = String(Date.now() + 700);
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        runWorker([ws.root, String(w), String(NOTES_EACH), String(BUMPS_EACH), agent.note.id, 'shared-human-note', startAt]),
      ),
    );

    const created = results.flat();
    assert.equal(new Set(created).size, WORKERS * NOTES_EACH);
    const { notes, problems } = await (await MemoryStore.open(ws.root)).load();
    assert.deepEqual(problems, []);
    const ids = new Set(notes.map((n) => n.note.id));
    for (const id of created) assert.ok(ids.has(id), `note ${id} missing`);
    assert.equal(notes.length, WORKERS * NOTES_EACH + 2);
    assert.ok(notes.every((n) => n.note.id === 'shared-human-note' || !n.humanOwned), 'every machine-written note is intact');

    const agentNote = notes.find((n) => n.note.id === agent.note.id)!;
    assert.equal(agentNote.note.counters.recalled, WORKERS * BUMPS_EACH);
    const humanNote = notes.find((n) => n.note.id === 'shared-human-note')!;
    assert.equal(humanNote.note.counters.helpful, WORKERS * BUMPS_EACH);
    assert.ok(fs.readFileSync(humanFile).equals(humanBytes), "the person's file was not touched");

    const leftovers = fs.readdirSync(store.paths.notes).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
    assert.equal(fs.existsSync(store.paths.lockFile), false);
  });
});
