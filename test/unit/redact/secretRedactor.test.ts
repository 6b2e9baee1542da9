import { strict as assert } from 'assert';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { isSecretName } from '../../../src/core/redact/secretPatterns';
import { secretlintFindings } from '../../../src/core/redact/secretlintScan';
import { FAKE, KNOWN_SECRET, NEGATIVES, POSITIVES } from './secretCorpus';

const redactor = createRedactor({ knownSecrets: [KNOWN_SECRET] });

const plantedCount = new Set(POSITIVES.flatMap((s) => s.secrets.map((x) => x.value))).size;

describe('secret redaction', () => {
  it('has a corpus of at least 25 planted secrets and 15 clean samples', () => {
    assert.ok(plantedCount >= 25, `only ${plantedCount} planted secrets`);
    assert.ok(NEGATIVES.length >= 15, `only ${NEGATIVES.length} negatives`);
  });

  for (const mode of ['redact', 'redactSync'] as const) {
    describe(mode, () => {
      const run = async (text: string) => (mode === 'redact' ? redactor.redact(text) : redactor.redactSync(text));

      for (const sample of POSITIVES) {
        it(`redacts: ${sample.name}`, async () => {
          const out = await run(sample.text);
          for (const { value } of sample.secrets) {
            assert.ok(!out.includes(value), `a ${value.length}-char secret survived in:\n${out}`);
          }
          for (const kind of new Set(sample.secrets.map((s) => s.kind))) {
            assert.ok(out.includes(`[REDACTED:${kind}]`), `expected a [REDACTED:${kind}] marker in:\n${out}`);
          }
          for (const keep of sample.keep ?? []) {
            assert.ok(out.includes(keep), `expected ${JSON.stringify(keep)} to survive in:\n${out}`);
          }
        });
      }

      for (const sample of NEGATIVES) {
        it(`leaves alone: ${sample.name}`, async () => {
          assert.equal(await run(sample.text), sample.text);
        });
      }

      it('is idempotent', async () => {
        for (const sample of POSITIVES) {
          const once = await run(sample.text);
          assert.equal(await run(once), once, sample.name);
        }
      });
    });
  }

  it('no planted value survives in the whole corpus at once', async () => {
    const all = POSITIVES.map((s) => s.text).join('\n----\n');
    const out = await redactor.redact(all);
    for (const s of POSITIVES.flatMap((p) => p.secrets)) assert.ok(!out.includes(s.value), `${s.kind} survived`);
    for (const value of Object.values(FAKE)) {
      // every fake credential, including the raw halves (e.g. the password inside a base64 basic-auth pair)
      if (value.length >= 12 && !value.includes('\n')) assert.ok(!out.includes(value), `a fake value survived`);
    }
  });

  it('keeps the name of an assignment and the user and host of a URL', async () => {
    assert.equal(await redactor.redact('API_KEY=abc123def456ghi789'), 'API_KEY=[REDACTED:env-secret]');
    assert.equal(
      await redactor.redact('git clone https://ada:hunter2hunter2@git.example.com/x.git'),
      'git clone https://ada:[REDACTED:url-password]@git.example.com/x.git',
    );
    assert.equal(
      redactor.redactSync(`export ANTHROPIC_API_KEY="${FAKE.anthropic}"`),
      'export ANTHROPIC_API_KEY="[REDACTED:anthropic-key]"',
    );
  });

  it('redacts the known secret inside other words and URLs, literally', () => {
    const out = redactor.redactSync(`x${KNOWN_SECRET}y https://h/?q=${KNOWN_SECRET}`);
    assert.equal(out, 'x[REDACTED:known-secret]y https://h/?q=[REDACTED:known-secret]');
  });

  it('ignores known secrets too short to be meaningful', () => {
    const r = createRedactor({ knownSecrets: ['', 'ab'] });
    assert.equal(r.redactSync('ab cab about'), 'ab cab about');
  });

  it('redacts a private key block cut before its END line', () => {
    const cut = `-----BEGIN RSA PRIVATE KEY-----\n${FAKE.rsaBody.slice(0, 300)}`;
    const out = redactor.redactSync(`before\n${cut}`);
    assert.equal(out, 'before\n[REDACTED:private-key]');
  });

  it('findSecrets reports kinds and spans but never values', async () => {
    const text = `token ${FAKE.githubPat} and key ${FAKE.awsKeyId}`;
    const found = await redactor.findSecrets(text);
    assert.deepEqual(
      found.map((f) => [f.kind, text.slice(f.start, f.end)]),
      [
        ['github-token', FAKE.githubPat],
        ['aws-access-key-id', FAKE.awsKeyId],
      ],
    );
    assert.ok(!JSON.stringify(found).includes(FAKE.githubPat));
  });

  it('runs secretlint as a second opinion, with findings in the same kinds as the pattern set', async () => {
    const sendgrid = `SG.${'aB3dE5fG7hJ9kL1mN3pQ5r'}.${'sT7uV9wX1yZ3aB5cD7eF9gH1jK3lM5nP7qR9sT1uV3w'}`;
    const text = `sendgrid: ${sendgrid}`;
    const found = await secretlintFindings(text);
    assert.deepEqual(found.map((f) => [f.kind, text.slice(f.start, f.end)]), [['sendgrid-key', sendgrid]]);
    assert.equal(redactor.redactSync(text), 'sendgrid: [REDACTED:sendgrid-key]');
    assert.equal(await redactor.redact(text), 'sendgrid: [REDACTED:sendgrid-key]');
  });

  it('recognises secret-like names', () => {
    for (const n of ['API_KEY', 'apiKey', 'GITHUB_TOKEN', '_authToken', 'client_secret', 'DB_PASSWORD', 'PASSWD', 'SECRET_KEY_BASE', 'aws_secret_access_key', 'PGPASSWORD', 'MYSQL_PWD', 'AZURE_DEVOPS_PAT']) {
      assert.ok(isSecretName(n), n);
    }
    for (const n of ['KEY_COUNT', 'key', 'MAX_KEYS', 'max_tokens', 'primary_key', 'NODE_ENV', 'integrity', 'npm_config_cache', 'pass']) {
      assert.ok(!isSecretName(n), n);
    }
  });
});
