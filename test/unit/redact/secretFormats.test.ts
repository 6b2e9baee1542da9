import { strict as assert } from 'assert';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { NON_SECRETS, SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';

const redactor = createRedactor();

describe('secret formats corpus', () => {
  it('has at least 70 formats and 10 texts without secrets', () => {
    assert.ok(SECRET_FORMATS.length >= 70, `only ${SECRET_FORMATS.length} formats`);
    assert.equal(new Set(SECRET_FORMATS.map((f) => f.name)).size, SECRET_FORMATS.length, 'format names are unique');
    assert.ok(NON_SECRETS.length >= 10);
  });

  for (const mode of ['redact', 'redactSync'] as const) {
    const run = (t: string) => (mode === 'redact' ? redactor.redact(t) : Promise.resolve(redactor.redactSync(t)));
    describe(mode, () => {
      it('redacts every format in its context', async () => {
        const missed: string[] = [];
        for (const f of SECRET_FORMATS) {
          const out = await run(f.text);
          if (out.includes(f.value) || !out.includes('[REDACTED:')) missed.push(`${f.name}: ${out}`);
        }
        assert.deepEqual(missed, []);
      });

      it('leaves every text without a secret alone', async () => {
        for (const n of NON_SECRETS) assert.equal(await run(n.text), n.text, n.name);
      });

      it('is idempotent', async () => {
        for (const f of SECRET_FORMATS) {
          const once = await run(f.text);
          assert.equal(await run(once), once, f.name);
        }
      });
    });
  }

  it('redacts all formats at once in one text', () => {
    const all = SECRET_FORMATS.map((f) => f.text).join('\n');
    const out = redactor.redactSync(all);
    for (const f of SECRET_FORMATS) assert.ok(!out.includes(f.value), f.name);
  });

  it('keeps the context around a secret', () => {
    const mysql = SECRET_FORMATS.find((f) => f.name === 'mysql -p')!;
    assert.match(redactor.redactSync(mysql.text), /^\$ mysql -h db\.internal -u root -p\[REDACTED:cli-secret\] app < dump\.sql$/);
    const sas = SECRET_FORMATS.find((f) => f.name === 'Azure storage SAS')!;
    assert.match(redactor.redactSync(sas.text), /\?sv=2022-11-02&.*&sig=\[REDACTED:azure-sas\]$/);
  });

  it('redacts a 1 MB line quickly (no catastrophic backtracking)', () => {
    const filler = 'aaaa-bbbb_cccc.dddd=eeee:ffff/gggg+hhhh key=token password: sk-x glc_ ';
    const line = filler.repeat(Math.ceil(1_000_000 / filler.length)).slice(0, 1_000_000);
    const started = process.hrtime.bigint();
    redactor.redactSync(line);
    redactor.redactSync('A'.repeat(1_000_000));
    redactor.redactSync('x='.repeat(500_000));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 20_000, `took ${ms} ms`);
  });
});
