// Enforces the layering of DEVELOPERS.md: only src/vscode imports `vscode`; core imports no other layer;
// shared imports nothing but itself; there are no import cycles; no barrels; files stay small.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findImportProblems, scanSources } from '../support/importGraph';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const srcRoot = path.join(repoRoot, 'src');

describe('architecture', () => {
  const graph = scanSources(srcRoot);

  it('finds the source tree', () => {
    assert.ok(graph.size > 3, `expected several modules under ${srcRoot}, found ${graph.size}`);
  });

  it('keeps every layer line and has no import cycle', () => {
    assert.deepEqual(findImportProblems(graph), []);
  });

  it('keeps files small (about 300 lines at most)', () => {
    const big = [...graph.keys()]
      .map((f) => ({ f, lines: fs.readFileSync(path.join(srcRoot, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > 350)
      .map((x) => `${x.f}: ${x.lines} lines`);
    assert.deepEqual(big, []);
  });

  describe('the checker itself', () => {
    const fake = (entries: Record<string, string[]>) =>
      new Map(Object.entries(entries).map(([k, v]) => [k, { specifiers: v }]));

    it('flags vscode outside src/vscode', () => {
      const problems = findImportProblems(fake({ 'core/a.ts': ['vscode'] }));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /core\/a\.ts imports 'vscode'/);
    });

    it('flags core importing cli, vscode or webview', () => {
      const problems = findImportProblems(
        fake({ 'core/a.ts': ['../cli/main'], 'cli/main.ts': [], 'core/b.ts': ['../webview/x'], 'webview/x.ts': [] }),
      );
      assert.equal(problems.length, 2);
    });

    it('flags a lower core module importing a higher one (memory → dream, a dream stage → a later one)', () => {
      const problems = findImportProblems(fake({ 'core/memory/a.ts': ['../dream/b'], 'core/dream/b.ts': [], 'core/dream/read/c.ts': ['../plan/d'], 'core/dream/plan/d.ts': [] }));
      assert.equal(problems.length, 2);
      assert.match(problems.join('\n'), /core\/memory\/ may not import core\/dream\//);
      assert.match(problems.join('\n'), /core\/dream\/read\/ may not import core\/dream\/plan\//);
    });

    it('flags a cycle', () => {
      const problems = findImportProblems(fake({ 'core/a.ts': ['./b'], 'core/b.ts': ['./c'], 'core/c.ts': ['./a'] }));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /cycle: core\/a\.ts -> core\/b\.ts -> core\/c\.ts -> core\/a\.ts/);
    });

    it('flags barrels', () => {
      const problems = findImportProblems(fake({ 'core/index.ts': [] }));
      assert.match(problems.join('\n'), /barrel/);
    });

    it('accepts a clean graph', () => {
      assert.deepEqual(
        findImportProblems(fake({ 'vscode/ext.ts': ['vscode', '../core/a'], 'core/a.ts': ['fs', './b'], 'core/b.ts': [] })),
        [],
      );
    });
  });
});
