import { strict as assert } from 'assert';
import { makeReport, renderReport } from '../../../src/core/dream/apply/dreamReport';
import { buildDigest } from '../../../src/core/memory/digest';
import { humanReason, parseNote, sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import type { Note } from '../../../src/core/memory/noteSchema';
import { addKnownSecrets, gateDeep, gateError, gateText } from '../../../src/core/redact/redactionGate';
import { gateFindings } from '../../../src/core/redact/secretlintGate';
import { NON_SECRETS, SECRET_FORMATS } from '../../fixtures/secrets/secretFormats';
import { performance } from 'perf_hooks';
import { secretlintFindings } from '../../../src/core/redact/secretlintScan';

const fmt = (name: string) => SECRET_FORMATS.find((f) => f.name === name)!.value;
const PAT = fmt('GitHub classic PAT');
const VAULT = fmt('HashiCorp Vault service token');

function note(overrides: Partial<Note> = {}): Note {
  return {
    id: 'deploy-token-1a2b', kind: 'fact', title: `Deploy uses ${PAT}`, status: 'active', provenance: 'dream', scope: [],
    triggers: { errors: [`401 for ${VAULT}`], commands: [`vault login ${VAULT}`], keywords: [] },
    evidence: { sessions: 1, firstSeen: '2026-03-01', lastSeen: '2026-03-01', examples: [{ session: '2026-03-01T10-00-00Z-ab12.jsonl', text: `token ${PAT}` }] },
    counters: { recalled: 0, helpful: 0, harmful: 0 }, body: `Run \`vault login ${VAULT}\` first.`, extra: {},
    ...overrides,
  } as Note;
}

describe('redaction gate', () => {
  it('gates text, and is idempotent', () => {
    const once = gateText(`export GH=${PAT}`);
    assert.equal(once, 'export GH=[REDACTED:github-token]');
    assert.equal(gateText(once), once);
  });

  it('gates every string of a value but the kept keys, and returns the same object when nothing changed', () => {
    const clean = { id: 'a', list: ['x', { y: 'z' }], n: 3 };
    assert.equal(gateDeep(clean), clean);
    const dirty = { id: PAT, list: ['x', { y: `t ${PAT}` }], n: 3 };
    assert.deepEqual(gateDeep(dirty, new Set(['id'])), { id: PAT, list: ['x', { y: 't [REDACTED:github-token]' }], n: 3 });
  });

  it('a value gated whole gives what gating each string alone gives (one scan of the joined strings decides)', () => {
    // Each format's text between strings that end and start with name characters, in nested arrays and objects,
    // and split at every whitespace (a string that ends with a key's name, the next with its value).
    const each = (v: unknown): unknown =>
      typeof v === 'string' ? gateText(v) : Array.isArray(v) ? v.map(each) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, each(x)])) : v;
    const texts = [...SECRET_FORMATS.map((f) => f.text), ...NON_SECRETS.map((n) => n.text)];
    for (const text of texts) {
      const cut = text.search(/\s/);
      const values = [
        { a: 'token', b: [text, 'password'], c: { d: 'key', e: 3 } },
        ['export API_KEY', text, 'x'],
        cut > 0 ? [text.slice(0, cut), text.slice(cut + 1)] : [text, text],
        { before: `${text}=`, after: `=${text}` },
      ];
      for (const v of values) assert.deepEqual(gateDeep(v), each(v), JSON.stringify(v).slice(0, 120));
    }
  });

  it('secretlint leaves no performance marks or measures behind (its profiler would keep every one)', async () => {
    const marks = () => performance.getEntriesByType('mark').length + performance.getEntriesByType('measure').length;
    const before = marks();
    for (let i = 0; i < 20; i++) await secretlintFindings(`scan ${i}: ${PAT}`);
    await new Promise((r) => setImmediate(r));
    assert.equal(marks(), before);
    assert.equal((await secretlintFindings(`again ${PAT}`)).length, 1, 'and it still finds the token');
  });

  it('sealing a note gates every field that says something, keeps ids and names, and the fingerprint matches', () => {
    const sealed = sealNote(note());
    const text = serializeNote(sealed);
    assert.ok(!text.includes(PAT) && !text.includes(VAULT), text);
    assert.equal(sealed.id, 'deploy-token-1a2b');
    assert.equal(sealed.evidence.examples[0].session, '2026-03-01T10-00-00Z-ab12.jsonl');
    assert.equal(sealed.title, 'Deploy uses [REDACTED:github-token]');
    const parsed = parseNote(text, 'notes/x.md');
    assert.ok('note' in parsed, JSON.stringify(parsed));
    assert.equal(humanReason(parsed.note, text), undefined, 'still Lucid-owned: the fingerprint covers the redacted text');
    assert.equal(serializeNote(sealNote(sealed)), text, 'sealing again changes nothing');
  });

  it('a marker longer than the secret it replaces never pushes the title past its limit', () => {
    const title = `${'t'.repeat(180)} password=abcdefgh1`;
    assert.ok(sealNote(note({ title })).title.length <= 200);
  });

  it('the digest and the dream report go through the gate', () => {
    const digest = buildDigest([{ note: note(), file: 'deploy.md', humanOwned: true }], { budgetTokens: 2000 });
    assert.match(digest.text, /Deploy uses \[REDACTED:github-token\]/);
    const report = makeReport({
      startedAt: '2026-03-01T00:00:00.000Z', finishedAt: '2026-03-01T00:00:01.000Z', sessions: 0, eventsRead: 0,
      episodes: { failures: 0, resolved: 0, noise: 0, corrections: 0 } as never, ops: [], review: false,
      model: { asked: false, cached: 0 } as never, digestTokens: 1,
      problems: [`notes/broken.md: bad YAML at line 3, column 1: unexpected "${VAULT}`], notes: [],
    });
    assert.ok(!JSON.stringify(report).includes(VAULT));
    assert.ok(!renderReport(report).includes(VAULT));
  });

  it('errors are gated, and known secrets are redacted wherever they appear', async () => {
    assert.equal(gateError(new Error(`login failed for ${PAT}`)), 'login failed for [REDACTED:github-token]');
    const mine = 'lucid-user-configured-value-77';
    assert.equal(gateText(`x${mine}y`), `x${mine}y`);
    addKnownSecrets([mine]);
    assert.equal(gateText(`x${mine}y`), 'x[REDACTED:known-secret]y');
    assert.deepEqual((await gateFindings(`a ${mine}`)).map((f) => f.kind), ['known-secret']);
  });
});
