// StreamGate: text that arrives in pieces is redacted as if it had arrived whole, wherever it is cut.
import { strict as assert } from 'assert';
import { gateText } from '../../../src/core/redact/redactionGate';
import { StreamGate } from '../../../src/core/redact/streamGate';
import { SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';
import { seeded } from '../memory/memoryTestKit';

/** The text fed in pieces cut at the given offsets, and what the gate released. */
function through(text: string, cuts: number[]): { released: string[]; shown: string } {
  const gate = new StreamGate();
  const released: string[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    released.push(gate.push(text.slice(at, cut)));
    at = cut;
  }
  released.push(gate.flush());
  return { released, shown: released.join('') };
}

describe('StreamGate', () => {
  it('every format of the corpus, cut at every offset of its value, shows as the whole text gated', () => {
    for (const f of SECRET_FORMATS) {
      const text = `before\n${f.text}\nafter\n`;
      const start = text.indexOf(f.value);
      const whole = gateText(text);
      for (let i = start + 1; i < start + f.value.length; i += Math.max(1, Math.floor(f.value.length / 7))) {
        const { shown } = through(text, [i]);
        assert.equal(shown, whole, `${f.name} cut at ${i - start}`);
      }
    }
  });

  it('random cuts into many pieces give the same as the whole, and nothing is lost or repeated', () => {
    const rnd = seeded(7);
    const text = SECRET_FORMATS.map((f) => f.text).join('\nsome ordinary output line\n');
    for (let round = 0; round < 50; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * text.length)).sort((a, b) => a - b);
      assert.equal(through(text, cuts).shown, gateText(text));
    }
  });

  it('releases complete lines as they come, holds an unfinished line, and a private key until its END line', () => {
    const gate = new StreamGate();
    assert.equal(gate.push('npm test\nrunning'), 'npm test\n');
    assert.equal(gate.push(' 3 suites\n'), 'running 3 suites\n');
    assert.equal(gate.push('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234abcd\n'), '', 'a key without its END line is held');
    const rest = gate.push('-----END RSA PRIVATE KEY-----\nok\n');
    assert.equal(rest, '[REDACTED:private-key]\nok\n');
    assert.equal(gate.flush(), '');
  });

  it('never holds more than 64 KB: a long line without a newline is released (gated)', () => {
    const gate = new StreamGate();
    assert.equal(gate.push('x'.repeat(1000)), '');
    const out = gate.push('y'.repeat(64 * 1024));
    assert.equal(out.length, 1000 + 64 * 1024);
    assert.equal(gate.flush(), '');
  });
});
