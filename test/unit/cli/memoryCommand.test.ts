import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/cliIo';
import { MemoryStore } from '../../../src/core/memory/memoryStore';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('lucid memory', () => {
  let ws: string;
  let id: string;
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-cli-memory-'));
    const store = await MemoryStore.open(ws);
    id = (await store.create({ kind: 'workaround', title: 'Run vitest through npx', body: 'vitest is not on PATH: `npx vitest run <file>`.', triggers: { errors: ['sh: vitest: command not found'] } })).note.id;
    await store.create({ kind: 'fact', title: 'Migrations live in db/migrations', body: 'Apply them with make migrate.' });
    fs.writeFileSync(path.join(store.paths.notes, 'broken.md'), '---\nid: [unclosed\n---\nbody');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('lists notes, and reports a file it cannot parse without failing', async () => {
    const r = io(ws);
    assert.equal(await main(['memory', 'list', '--json'], r.io), 0);
    const list = JSON.parse(r.stdout());
    assert.deepEqual(list.map((n: any) => n.title).sort(), ['Migrations live in db/migrations', 'Run vitest through npx']);
    assert.match(r.stderr(), /skipped \.agent-memory\/notes\/broken\.md/);
    assert.ok(fs.existsSync(path.join(ws, '.agent-memory', 'notes', 'broken.md')), 'the broken file is left alone');
  });

  it('shows a note by id', async () => {
    const r = io(ws);
    assert.equal(await main(['memory', 'show', id], r.io), 0);
    assert.match(r.stdout(), /Run vitest through npx[\s\S]*npx vitest run/);
    const missing = io(ws);
    assert.equal(await main(['memory', 'show', 'no-such-note'], missing.io), 1);
    assert.match(missing.stderr(), /no note with id 'no-such-note'/);
  });

  it('searches with a relevance floor', async () => {
    const hit = io(ws);
    assert.equal(await main(['memory', 'search', 'sh: vitest: command not found', '--json'], hit.io), 0);
    assert.equal(JSON.parse(hit.stdout())[0].id, id);
    const none = io(ws);
    assert.equal(await main(['memory', 'search', 'kubernetes helm ingress'], none.io), 0);
    assert.match(none.stdout(), /No matching notes/);
  });

  it('explains usage errors with exit code 2', async () => {
    const r = io(ws);
    assert.equal(await main(['memory', 'frobnicate'], r.io), 2);
    assert.match(r.stderr(), /unknown memory command 'frobnicate'[\s\S]*Usage: lucid memory list/);
    const u = io(ws);
    assert.equal(await main(['nope'], u.io), 2);
    assert.match(u.stderr(), /unknown command 'nope'/);
  });
});
