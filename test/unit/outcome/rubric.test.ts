// Rubrics read into criteria: lists, plain lines, `run:` checks; the team's rubrics folder; `--rubric` resolution.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defineOutcome, listRubrics, parseRubric, resolveRubricArg, RubricError } from '../../../src/core/outcome/rubric';

describe('rubrics', () => {
  const ROWS: Array<[string, string, Array<{ text: string; run?: string }>]> = [
    ['a Markdown list', '# Done when\n- tests pass\n- the README mentions the flag\n', [{ text: 'tests pass' }, { text: 'the README mentions the flag' }]],
    ['numbered items and checkboxes', '1. first\n2) second\n- [ ] third\n- [x] fourth', [{ text: 'first' }, { text: 'second' }, { text: 'third' }, { text: 'fourth' }]],
    ['a wrapped list item is one criterion', '- a long criterion that\n  goes on\n- next', [{ text: 'a long criterion that goes on' }, { text: 'next' }]],
    ['plain lines without a list; headings and fences are not criteria', '## Rubric\nit compiles\n\nit is documented\n```\n', [{ text: 'it compiles' }, { text: 'it is documented' }]],
    ['run: checks, with or without backticks', '- run: npm test\n- run: `npm run lint -- --max-warnings 0`\n- Run: make check', [
      { text: 'run: npm test', run: 'npm test' },
      { text: 'run: `npm run lint -- --max-warnings 0`', run: 'npm run lint -- --max-warnings 0' },
      { text: 'Run: make check', run: 'make check' },
    ]],
    ['front-matter is skipped', '---\nname: default\n---\n- one', [{ text: 'one' }]],
  ];
  for (const [name, text, want] of ROWS) it(name, () => assert.deepEqual(parseRubric(text), want));

  it('refuses a rubric with no criteria, an empty run:, and a bad iteration limit, with clear messages', () => {
    assert.throws(() => parseRubric('# Title only\n\n'), (e: Error) => e instanceof RubricError && /no criteria/.test(e.message));
    assert.throws(() => parseRubric('- run:   '), /names no command/);
    for (const n of [0, 21, 2.5]) assert.throws(() => defineOutcome({ description: 'x', rubric: 'x', maxIterations: n }), /from 1 to 20/);
    assert.equal(defineOutcome({ description: ' x ', rubric: 'y' }).maxIterations, 3);
  });

  it('lists the team rubrics with default.md first; resolves --rubric as a file, a rubric name, or the criteria', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-rubrics-'));
    try {
      const mem = path.join(root, '.agent-memory');
      fs.mkdirSync(path.join(mem, 'rubrics', 'nested.md'), { recursive: true });
      fs.writeFileSync(path.join(mem, 'rubrics', 'api.md'), '- the API is documented');
      fs.writeFileSync(path.join(mem, 'rubrics', 'default.md'), '- run: npm test');
      fs.writeFileSync(path.join(mem, 'rubrics', 'notes.txt'), 'not a rubric');
      fs.writeFileSync(path.join(root, 'mine.md'), '- mine');
      assert.deepEqual((await listRubrics(mem)).map((r) => r.name), ['default.md', 'api.md']);
      assert.deepEqual(await listRubrics(path.join(root, 'nowhere')), []);
      assert.deepEqual(await resolveRubricArg('mine.md', root, mem), { text: '- mine', name: 'mine.md' });
      assert.deepEqual(await resolveRubricArg('default', root, mem), { text: '- run: npm test', name: 'default.md' });
      assert.deepEqual(await resolveRubricArg('tests pass', root, mem), { text: 'tests pass' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
