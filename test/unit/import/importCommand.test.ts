import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from '../../../src/cli/cliIo';
import { IMPORT_USAGE, importCommand } from '../../../src/cli/importCommand';
import { claudeCodeProjectDir } from '../../../src/core/import/claudeCodeImport';
import { requireData, SESSIONS, sourceFile, tempDir } from './claudeCodeData';

function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('lucid import claude-code (command)', function () {
  this.timeout(60_000);
  let ws: string;
  let home: string;
  before(requireData);
  beforeEach(() => {
    ws = tempDir('lucid-import-cli-');
    home = tempDir('lucid-import-home-');
  });
  afterEach(() => [ws, home].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('imports from the default folder under HOME, then reports it as already imported', async () => {
    const dir = claudeCodeProjectDir(ws, home);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(sourceFile(SESSIONS.small), path.join(dir, `${SESSIONS.small}.jsonl`));

    const first = fakeIo(ws, { HOME: home });
    assert.equal(await importCommand(['claude-code'], first.io), 0, first.stderr());
    assert.match(first.stdout(), /^From .*\n {2}imported f89f86a1-.* → \.agent-memory\/sessions\/2025-08-06T201147-f89f86a1\.jsonl \(5 events\)\n1 imported, 0 already imported\.\n$/);

    const again = fakeIo(ws, { HOME: home });
    assert.equal(await importCommand(['claude-code', '--json'], again.io), 0);
    const result = JSON.parse(again.stdout());
    assert.deepEqual(result.imported, []);
    assert.deepEqual(result.skipped.map((s: { reason: string }) => s.reason), ['already imported']);
  });

  it('--from FILE and --workspace DIR (relative to the working folder)', async () => {
    const { io, stdout } = fakeIo(path.dirname(ws), { HOME: home });
    const code = await importCommand(['claude-code', '--from', sourceFile(SESSIONS.small), '--workspace', path.basename(ws), '--json'], io);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout()).imported.length, 1);
    assert.equal(fs.readdirSync(path.join(ws, '.agent-memory', 'sessions')).length, 1);
  });

  it('a missing default folder is an error naming it; bad usage exits 2', async () => {
    const { io } = fakeIo(ws, { HOME: home });
    await assert.rejects(importCommand(['claude-code'], io), (e: Error & { code?: number }) => {
      assert.ok(e.message.includes(claudeCodeProjectDir(ws, home)), e.message);
      return e.code === 1;
    });
    await assert.rejects(importCommand(['cursor'], io), (e: Error & { code?: number }) => e.code === 2 && e.message.includes(IMPORT_USAGE));
    await assert.rejects(importCommand([], io), (e: Error & { code?: number }) => e.code === 2);
    await assert.rejects(importCommand(['claude-code', '--frm', 'x'], io), (e: Error & { code?: number }) => e.code === 2);
  });
});
