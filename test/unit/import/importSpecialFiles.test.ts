// Import never blocks on, nor opens, anything that is not a regular file: a FIFO or a folder named `*.jsonl` in the
// source folder, a FIFO given as `--from`, and a FIFO in `.agent-memory/sessions/`.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { importClaudeCode } from '../../../src/core/import/claudeCodeImport';
import { readClaudeCodeTranscript } from '../../../src/core/import/claudeCodeTranscript';
import { fastRedactor, requireData, SESSIONS, sourceFile, sourceLines, tempDir } from './claudeCodeData';

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe('lucid import claude-code: special files', function () {
  this.timeout(60_000);
  let from: string;
  let ws: string;
  before(requireData);
  beforeEach(() => {
    from = tempDir('lucid-import-src-');
    ws = tempDir('lucid-import-ws-');
    fs.copyFileSync(sourceFile(SESSIONS.small), path.join(from, `${SESSIONS.small}.jsonl`));
  });
  afterEach(() => {
    fs.rmSync(from, { recursive: true, force: true });
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('reports and skips a FIFO and a folder in the source folder, and imports the transcript', async () => {
    const fifo = path.join(from, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    fs.mkdirSync(path.join(from, 'folder.jsonl'));
    const r = await within(20_000, importClaudeCode({ from, workspaceRoot: ws, redactor: fastRedactor() }), 'the import');
    assert.equal(r.imported.length, 1);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(r.problems, [`${path.join(from, 'folder.jsonl')}: a directory, not a transcript file; skipped`, `${fifo}: a FIFO (named pipe), not a transcript file; skipped`]);
  });

  it('a FIFO given as the source is a clear error at once', async () => {
    const fifo = path.join(from, 'only.jsonl');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(within(5_000, importClaudeCode({ from: fifo, workspaceRoot: ws, redactor: fastRedactor() }), 'the import'), /only\.jsonl is a FIFO \(named pipe\), not a transcript file or a folder of them/);
    await assert.rejects(within(5_000, readClaudeCodeTranscript(fifo), 'reading'), /is a FIFO \(named pipe\), not a regular file/);
  });

  it('a FIFO with a session name in .agent-memory/sessions/ does not hang the import', async () => {
    const sessions = path.join(ws, '.agent-memory', 'sessions');
    fs.mkdirSync(sessions, { recursive: true });
    execFileSync('mkfifo', [path.join(sessions, '2025-01-01T000000-fifo0001.jsonl')]);
    const r = await within(20_000, importClaudeCode({ from, workspaceRoot: ws, redactor: fastRedactor() }), 'the import');
    assert.equal(r.imported.length, 1);
  });

  it('reads a transcript as a stream: the same records as the whole text, across chunk boundaries', async () => {
    // Lines far longer than the reader's 1 MB chunk, so lines span chunks.
    const lines = sourceLines(SESSIONS.small);
    const padded = lines.map((l, i) => (i === 1 ? l.replace(/^\{/, `{"pad":"${'x'.repeat(2_500_000)}",`) : l));
    const file = path.join(from, 'big.jsonl');
    fs.writeFileSync(file, `${padded.join('\n')}\n`);
    const t = await readClaudeCodeTranscript(file);
    const small = await readClaudeCodeTranscript(path.join(from, `${SESSIONS.small}.jsonl`));
    assert.deepEqual(t.problems, []);
    assert.deepEqual(t.events, small.events);
  });
});
