// `@` in the chat input: the fuzzy ranking of workspace paths, the `.gitignore` excludes, what a picked file or
// folder sends (capped content, a listing), and the messages the webview may send for it.
import { strict as assert } from 'assert';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { Attachments } from '../../../src/vscode/attachments';
import { fuzzyScore, gitignoreGlobs, rankPaths } from '../../../src/vscode/fuzzyPath';
import { capContent, folderListing, MAX_LISTING, MAX_MENTION_CHARS, MAX_MENTION_LINES, withFolders } from '../../../src/vscode/mentionContent';

const rank = (q: string, paths: string[], limit = 10) => rankPaths(q, paths.map((path) => ({ path })), limit).map((c) => c.path);

describe('@ mentions: fuzzy ranking of workspace paths', () => {
  const paths = ['src/index.ts', 'src/generated/api.ts', 'test/index.test.ts', 'docs/indexing-notes.md', 'src/vscode/chatController.ts', 'src/vscode/chatLog.ts', 'README.md', 'src/webview/index.html'];

  const rows: Array<{ query: string; best: string; why: string }> = [
    { query: 'index.ts', best: 'src/index.ts', why: 'the whole name matches, shortest path' },
    { query: 'indx', best: 'src/index.ts', why: 'a subsequence of the name' },
    { query: 'chatlog', best: 'src/vscode/chatLog.ts', why: 'consecutive letters in the name beat letters spread over the path' },
    { query: 'cc', best: 'src/vscode/chatController.ts', why: 'camelCase humps are word starts' },
    { query: 'readme', best: 'README.md', why: 'case-insensitive' },
    { query: 'gen api', best: 'src/generated/api.ts', why: 'spaces are ignored; folder letters count too' },
    { query: 'wvidx', best: 'src/webview/index.html', why: 'letters across the folder and the name' },
  ];
  for (const r of rows) {
    it(`"${r.query}" → ${r.best} (${r.why})`, () => assert.equal(rank(r.query, paths)[0], r.best));
  }

  it('leaves out paths without every letter in order; an empty query lists the shortest first', () => {
    assert.equal(fuzzyScore('xyz', 'src/index.ts'), undefined);
    assert.equal(fuzzyScore('stx', 'src/index.ts'), undefined, 'order matters (t, then x: no x after the t of .ts)');
    assert.deepEqual(rank('zz', paths), []);
    assert.deepEqual(rank('', paths, 2), ['README.md', 'src/index.ts']);
  });

  it('scores a match in the file name above the same letters in a folder name', () => {
    assert.ok(fuzzyScore('api', 'src/generated/api.ts')! > fuzzyScore('api', 'api/generated/src.ts')!);
    assert.ok(fuzzyScore('index', 'src/index.ts')! > fuzzyScore('index', 'docs/indexing-notes.md')!);
  });

  it('turns a .gitignore into exclude globs (folders with their content; negations and braces left out)', () => {
    assert.deepEqual(gitignoreGlobs('# build\ndist/\n/out\n*.log\n!keep.log\nsrc/gen\n{a,b}\n\n'), ['**/dist', '**/dist/**', 'out', 'out/**', '**/*.log', '**/*.log/**', 'src/gen', 'src/gen/**']);
  });
});

describe('@ mentions: what a picked file or folder sends', () => {
  it('lists the folders above the files, folders first', () => {
    assert.deepEqual(withFolders(['src/a/b.ts', 'README.md', 'src/c.ts']), [
      { path: 'src', folder: true },
      { path: 'src/a', folder: true },
      { path: 'README.md', folder: false },
      { path: 'src/a/b.ts', folder: false },
      { path: 'src/c.ts', folder: false },
    ]);
  });

  it('sends a file whole up to the caps, then its first lines with a note; a binary file as a note only', () => {
    assert.deepEqual(capContent(Buffer.from('one\ntwo\n')), { text: 'one\ntwo\n' });
    const long = Array.from({ length: MAX_MENTION_LINES + 500 }, (_, i) => `line ${i + 1}`).join('\n');
    const capped = capContent(Buffer.from(long));
    assert.equal(capped.text.split('\n').length, MAX_MENTION_LINES);
    assert.equal(capped.note, `first ${MAX_MENTION_LINES} of ${MAX_MENTION_LINES + 500} lines`);
    const wide = capContent(Buffer.from(`${'x'.repeat(MAX_MENTION_CHARS - 10)}\n${'y'.repeat(100)}\nz`));
    assert.ok(wide.text.length <= MAX_MENTION_CHARS);
    assert.equal(wide.note, 'first 1 of 3 lines');
    assert.deepEqual(capContent(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), { text: '', note: 'binary, 7 bytes: content not included' });
  });

  it('sends a folder as the listing of what is under it', () => {
    const options = withFolders(['src/a/b.ts', 'src/c.ts', 'srcx/d.ts']);
    assert.deepEqual(folderListing('src', options), { kind: 'folder', path: 'src', text: 'a/\na/b.ts\nc.ts' });
    const many = withFolders(Array.from({ length: MAX_LISTING + 3 }, (_, i) => `big/f${String(i).padStart(4, '0')}.txt`));
    const listing = folderListing('big', many);
    assert.equal(listing.text.split('\n').length, MAX_LISTING);
    assert.equal(listing.note, `first ${MAX_LISTING} of ${MAX_LISTING + 3} entries`);
  });

  it('goes with the next request as a block headed with the path; the same file picked again is sent once', () => {
    const a = new Attachments();
    a.add({ kind: 'file', path: 'src/index.ts', text: 'old' });
    a.add({ kind: 'folder', path: 'src', text: 'index.ts' });
    a.add({ kind: 'file', path: 'src/index.ts', text: 'export {};\n', note: 'first 1 of 9 lines' });
    assert.deepEqual(a.views.map((v) => [v.kind, v.path]), [['folder', 'src'], ['file', 'src/index.ts']]);
    const r = a.take('What is here?');
    assert.equal(r.prompt, '```src/\nindex.ts\n```\n\n```src/index.ts (first 1 of 9 lines)\nexport {};\n```\n\nWhat is here?');
    assert.equal(r.display, 'What is here?\n\n📎 src/\n📎 src/index.ts');
  });

  it('validates the webview\'s @ messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'mentionQuery', query: 'ind', seq: 3 }), { type: 'mentionQuery', query: 'ind', seq: 3 });
    assert.equal(parseWebviewMessage({ type: 'mentionQuery', query: 'ind', seq: -1 }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'attachMention', path: 'src', folder: true }), { type: 'attachMention', path: 'src', folder: true });
    assert.equal(parseWebviewMessage({ type: 'attachMention', path: '', folder: false }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'setThinking', on: true }), { type: 'setThinking', on: true });
  });
});
