import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSearchTool } from '../../../src/core/tools/searchTool';
import { globMatcher } from '../../../src/core/tools/nodeSearch';
import { cleanup, makeContext, makeTempDir } from './toolTestKit';

function findRg(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'rg'))) return path.join(dir, 'rg');
  }
  return undefined;
}

describe('tools/searchTool', () => {
  let root: string;
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  beforeEach(() => {
    root = makeTempDir();
    write('src/a.ts', 'import x from "y";\nexport function alpha() {\n  return 1; // TODO later\n}\n');
    write('src/b.ts', 'const todo = 1;\n// TODO: b\n');
    write('src/c.js', '// TODO js\n');
    write('README.md', 'Nothing to see.\r\nTODO: readme\r\n');
    write('node_modules/pkg/index.js', '// TODO in a dependency\n');
    write('dist/out.js', '// TODO in build output\n');
    write('.git/HEAD', 'TODO in git\n');
    write('ignored/log.txt', 'TODO ignored\n');
    write('.gitignore', 'ignored/\ndist/\n');
    write('bin.dat', Buffer.concat([Buffer.from('TODO'), Buffer.from([0, 1, 2])]));
  });
  afterEach(() => cleanup(root));

  const rg = findRg();
  const variants: Array<[string, ReturnType<typeof createSearchTool> | undefined]> = [
    ['Node fallback', createSearchTool({ ripgrep: false })],
    ['ripgrep', rg ? createSearchTool({ ripgrep: rg }) : undefined],
  ];

  for (const [label, search] of variants) {
    describe(label, () => {
      before(() => {
        // scripts/test-unit.js installs Debian's ripgrep when it is missing: nothing is skipped.
        assert.ok(search, 'ripgrep (rg) is on PATH');
      });

      it('finds matches as path:line: text, skipping ignored, hidden, dependency and binary files', async () => {
        const ctx = makeContext(root);
        const r = await search!.run({ pattern: 'TODO' }, ctx);
        assert.equal(r.isError, false, r.content);
        assert.equal(
          r.content,
          ['README.md:2: TODO: readme', 'src/a.ts:3:   return 1; // TODO later', 'src/b.ts:2: // TODO: b', 'src/c.js:1: // TODO js'].join('\n'),
        );
        assert.deepEqual(r.meta, { kind: 'search' });
        assert.equal(ctx.requests.length, 0, 'read-only: no approval');
      });

      it('respects max_results and says there are more', async () => {
        const r = await search!.run({ pattern: 'TODO', max_results: 2 }, makeContext(root));
        const lines = r.content.split('\n');
        assert.equal(lines.length, 3);
        assert.deepEqual(lines.slice(0, 2), ['README.md:2: TODO: readme', 'src/a.ts:3:   return 1; // TODO later']);
        assert.match(lines[2], /showing the first 2 matches; there are more/);
      });

      it('filters by glob and ignores case on request', async () => {
        const r1 = await search!.run({ pattern: 'todo', glob: '*.ts' }, makeContext(root));
        assert.equal(r1.content, 'src/b.ts:1: const todo = 1;');
        const r2 = await search!.run({ pattern: 'todo', glob: '*.ts', ignore_case: true }, makeContext(root));
        assert.equal(r2.content.split('\n').length, 3);
        const r3 = await search!.run({ pattern: 'TODO', glob: '!*.ts' }, makeContext(root));
        assert.equal(r3.content, 'README.md:2: TODO: readme\nsrc/c.js:1: // TODO js');
      });

      it('says when nothing matches, and reports a bad pattern as an error', async () => {
        const r1 = await search!.run({ pattern: 'no-such-thing-here' }, makeContext(root));
        assert.deepEqual([r1.isError, r1.content], [false, 'No matches for /no-such-thing-here/.']);
        const r2 = await search!.run({ pattern: '(unclosed' }, makeContext(root));
        assert.equal(r2.isError, true);
        assert.match(r2.content, /^The search failed/);
      });

      it('treats a pattern starting with - as a pattern', async () => {
        write('flags.txt', 'use --force here\n');
        const r = await search!.run({ pattern: '--force' }, makeContext(root));
        assert.equal(r.content, 'flags.txt:1: use --force here');
      });
    });
  }

  it('has a JSON-schema definition', () => {
    const def = createSearchTool().definition as { name: string; input_schema: { required: string[] } };
    assert.equal(def.name, 'search_workspace');
    assert.deepEqual(def.input_schema.required, ['pattern']);
  });

  it('rejects invalid input', async () => {
    const r = await createSearchTool({ ripgrep: false }).run({ pattern: '' }, makeContext(root));
    assert.equal(r.isError, true);
    assert.match(r.content, /Invalid input for search_workspace/);
  });

  it('globMatcher follows rg: names at any depth, paths from the root, braces and negation', () => {
    assert.equal(globMatcher('*.ts')('src/deep/a.ts'), true);
    assert.equal(globMatcher('*.ts')('src/a.tsx'), false);
    assert.equal(globMatcher('src/**/*.test.ts')('src/a/b/c.test.ts'), true);
    assert.equal(globMatcher('src/**/*.test.ts')('src/c.test.ts'), true);
    assert.equal(globMatcher('src/*.ts')('src/a/b.ts'), false);
    assert.equal(globMatcher('*.{ts,js}')('x/y.js'), true);
    assert.equal(globMatcher('!*.md')('README.md'), false);
    assert.equal(globMatcher('file[0-9].txt')('file3.txt'), true);
  });
});
