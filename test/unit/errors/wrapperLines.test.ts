// The wrapper's status lines (`[exit code 1]`, `Error: exit code 2`, `[timed out after 5s]`) leave an output: the
// same text as splitting it into lines, dropping those and joining the rest, on seeded random outputs made of wrapper
// lines, look-alikes, blank lines and carriage returns.
import { strict as assert } from 'assert';
import { withoutWrapperLines, WRAPPER_LINE } from '../../../src/core/errors/errorExtract';
import { seededRandom } from '../../support/seededRandom';

const byLines = (o: string) => o.split('\n').filter((l) => !WRAPPER_LINE.test(l)).join('\n');

const PIECES = [
  '', 'a', 'ok', '  ', '\r', '[exit code 0]', '[exit code 1]', ' [exit code 2] ', '[exit code 0]\r', 'Error: exit code 3', 'EXIT CODE 4',
  'exited with code 5', 'process exited with code 9.', '[timed out after 5s]', '[cancelled: by the user]', '\t[killed by signal 9]\t',
  '[background processes: 1]', 'x [y]', 'exit', 'hello exit code 1', '[exit code x]', 'Exit Code -1', 'error: [exit code 1] in text',
];

describe('withoutWrapperLines', () => {
  it('drops exactly the wrapper lines, as a line-by-line filter does', () => {
    const rand = seededRandom(7);
    let dropped = 0;
    for (let i = 0; i < 20_000; i++) {
      const lines = Array.from({ length: Math.floor(rand() * 7) }, () => PIECES[Math.floor(rand() * PIECES.length)]);
      const output = lines.join(rand() < 0.5 ? '\n' : '\n\n');
      const expected = byLines(output);
      assert.equal(withoutWrapperLines(output), expected, JSON.stringify(output));
      if (expected !== output) dropped++;
    }
    assert.ok(dropped > 5_000, `only ${dropped} outputs had a wrapper line`);
  });

  it('keeps an output without any wrapper line as it is, and empties one made only of them', () => {
    const text = 'export const x = 1;\nexport const y = [1, 2];\n';
    assert.equal(withoutWrapperLines(text), text);
    assert.equal(withoutWrapperLines('[exit code 0]'), '');
    assert.equal(withoutWrapperLines('done\n\n[exit code 0]'), 'done\n');
    assert.equal(withoutWrapperLines('[exit code 1]\nError: exit code 1\nreal error'), 'real error');
  });
});
