// The memory tool's `view` of a file is read as a stream and capped: a 30 MB file gives ~100 KB with how to see
// the rest (not a 31 MB request to the model); small files read exactly as before (BOM, CRLF, lone CR, no final
// newline).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { runMemoryCommand } from '../../../src/core/memory/memoryTool';
import { numbered, splitLines, VIEW_CAP_CHARS } from '../../../src/core/memory/memoryToolOutput';
import { normalizeText } from '../../../src/core/memory/noteFormat';
import { tempWorkspace } from './memoryTestKit';

describe('memory tool: view of large files', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: MemoryStore;
  const view = (p: string, view_range?: number[]) => runMemoryCommand(store, { command: 'view', path: p, ...(view_range ? { view_range } : {}) });
  const put = (rel: string, data: string | Buffer) => fs.writeFileSync(path.join(store.paths.notes, rel), data);

  beforeEach(async () => {
    ws = tempWorkspace();
    store = await MemoryStore.open(path.join(ws.root, 'repo'));
    fs.mkdirSync(store.paths.notes, { recursive: true });
  });
  afterEach(() => ws.cleanup());

  it('a 30 MB file: capped at VIEW_CAP_CHARS, saying which lines are shown, of how many, and to use view_range', async () => {
    const line = `${'x'.repeat(99)}\n`; // 100 bytes a line
    const lines = 300_000;
    put('huge.md', Buffer.from(line.repeat(lines)));
    assert.equal(fs.statSync(path.join(store.paths.notes, 'huge.md')).size, 30_000_000);
    const out = await view('/memories/huge.md');
    assert.ok(out.length < VIEW_CAP_CHARS + 300, `${out.length} characters returned`);
    const rows = out.split('\n');
    assert.equal(rows[0], "Here's the content of /memories/huge.md with line numbers:");
    assert.equal(rows[1], `     1\t${'x'.repeat(99)}`);
    const shown = rows.length - 2;
    assert.equal(rows.at(-2), `${String(shown).padStart(6)}\t${'x'.repeat(99)}`);
    assert.equal(rows.at(-1), `[... truncated at ${VIEW_CAP_CHARS} characters: showing lines 1-${shown} of ${lines} (the file is 28.6M); use view_range to see more]`);
  });

  it('a range deep in a 30 MB file is read without the rest, and a range past the end names the line count', async () => {
    put('huge.md', Buffer.from(Array.from({ length: 300_000 }, (_, i) => `line ${i + 1} ${'y'.repeat(88)}`).join('\n')));
    const out = await view('/memories/huge.md', [299_999, -1]);
    assert.deepEqual(out.split('\n').slice(1), [`299999\tline 299999 ${'y'.repeat(88)}`, `300000\tline 300000 ${'y'.repeat(88)}`]);
    await assert.rejects(view('/memories/huge.md', [300_001, -1]), /Invalid view_range \[300001, -1\]: \/memories\/huge\.md has 300000 lines/);
  });

  it('a single 30 MB line shows its head, marked as cut', async () => {
    put('one-line.md', Buffer.alloc(30_000_000, 'z'));
    const out = await view('/memories/one-line.md');
    assert.ok(out.length < VIEW_CAP_CHARS + 300);
    assert.match(out, /\n\[\.\.\. truncated at 100000 characters: showing lines 1-1 \(line 1 cut\) of 1 \(the file is 28\.6M\); use view_range to see more\]$/);
  });

  it('a small file reads exactly as the whole text would (BOM, CRLF, lone CR, no final newline, multi-byte)', async () => {
    const text = '\uFEFFfirst\r\nsecond\rthird é😀\n\nlast';
    put('mixed.md', text);
    const out = await view('/memories/mixed.md');
    assert.equal(out, `Here's the content of /memories/mixed.md with line numbers:\n${numbered(splitLines(normalizeText(text)), 1)}`);
    assert.equal(await view('/memories/mixed.md', [2, 3]), `Here's the content of /memories/mixed.md with line numbers:\n     2\tsecond\n     3\tthird é😀`);
    put('cr.md', 'a\r');
    assert.equal(await view('/memories/cr.md'), "Here's the content of /memories/cr.md with line numbers:\n     1\ta");
    put('empty.md', '');
    assert.equal(await view('/memories/empty.md'), "Here's the content of /memories/empty.md with line numbers:\n");
  });
});
