import { strict as assert } from 'assert';
import {
  fingerprintOf,
  humanReason,
  parseNote,
  sealNote,
  serializeNote,
  validateNote,
} from '../../../src/core/memory/noteFormat';
import type { Note } from '../../../src/core/memory/noteSchema';
import { sampleNote, seeded } from './memoryTestKit';

function parsed(text: string, file = 'notes/x.md'): Note {
  const r = parseNote(text, file);
  if ('error' in r) throw new Error(r.error);
  return r.note;
}

function parseError(text: string, file = 'notes/x.md'): string {
  const r = parseNote(text, file);
  assert.ok('error' in r, `expected an error for ${JSON.stringify(text)}`);
  return r.error;
}

const EXPECTED = `---
id: vitest-not-on-path-3f2a
kind: build-error
title: "vitest: command not found"
status: active
provenance: agent
scope:
  - packages/web
triggers:
  errors:
    - "sh: vitest: command not found"
  commands:
    - npm test
  keywords:
    - vitest
evidence:
  sessions: 3
  firstSeen: 2025-03-02
  lastSeen: 2025-03-18
  examples:
    - session: s-1
      text: |-
        npm test
        > vitest run
        sh: vitest: command not found
counters:
  recalled: 5
  helpful: 4
  harmful: 0
fingerprint: FP
---

vitest is a dev dependency of \`packages/web\` only.

Run \`npx vitest\` from \`packages/web\`.
`;

describe('noteFormat', () => {
  describe('serializeNote', () => {
    it('writes the canonical layout: key order, quoting, blank line, LF and a trailing newline', () => {
      const note = sealNote(sampleNote());
      assert.equal(serializeNote(note), EXPECTED.replace('FP', note.fingerprint!));
    });

    it('leaves out empty optional collections and keeps the body verbatim', () => {
      const text = serializeNote(sampleNote({ scope: [], triggers: { errors: [], commands: [], keywords: [] }, evidence: { sessions: 0, examples: [] }, body: '' }));
      assert.doesNotMatch(text, /scope|triggers|examples|firstSeen/);
      assert.match(text, /evidence:\n {2}sessions: 0\n/);
      assert.ok(text.endsWith('---\n'));
    });

    it('never folds long strings', () => {
      const title = 'word '.repeat(35).trim();
      const text = serializeNote(sampleNote({ title }));
      assert.ok(text.includes(`title: ${title}\n`));
    });

    it('writes the same bytes whatever order the keys came in', () => {
      const a = sampleNote({ extra: { owner: 'team-web', ticket: 42 } });
      const shuffled = Object.fromEntries(Object.entries(a).reverse()) as unknown as Note;
      shuffled.triggers = { keywords: a.triggers.keywords, commands: a.triggers.commands, errors: a.triggers.errors };
      shuffled.counters = { harmful: 0, helpful: 4, recalled: 5 };
      assert.equal(serializeNote(shuffled), serializeNote(a));
      const fromFile = parsed(`---\ncounters: { harmful: 0, recalled: 5, helpful: 4 }\ntitle: "vitest: command not found"\nkind: build-error\nid: x-1\n---\n`);
      assert.match(serializeNote(fromFile), /^---\nid: x-1\nkind: build-error\ntitle: "vitest: command not found"\nstatus: active\nprovenance: human\nevidence:\n {2}sessions: 0\ncounters:\n {2}recalled: 5\n {2}helpful: 4\n {2}harmful: 0\n---\n$/);
    });
  });

  describe('round trips', () => {
    it('parse(serialize(n)) equals n', () => {
      for (const note of [sampleNote(), sealNote(sampleNote()), sampleNote({ body: '', scope: [], reason: 'superseded', merged: [] })]) {
        assert.deepEqual(parsed(serializeNote(note)), note);
      }
    });

    it('serialize(parse(text)) is byte-identical for text Lucid wrote', () => {
      const text = serializeNote(sealNote(sampleNote({ extra: { owner: 'web', links: ['a', 'b'] } })));
      assert.equal(serializeNote(parsed(text)), text);
      assert.equal(serializeNote(parsed(serializeNote(parsed(text)))), text);
    });

    it('keeps unknown front-matter keys, in their order, before the fingerprint', () => {
      const text = '---\nid: a-1\nzeta: 1\nkind: fact\nalpha: { nested: [x, "y: z"] }\ntitle: T\nprovenance: agent\n---\nbody\n';
      const note = parsed(text);
      assert.deepEqual(Object.keys(note.extra), ['zeta', 'alpha']);
      const out = serializeNote(sealNote(note));
      assert.match(out, /counters:[\s\S]*zeta: 1\nalpha:\n {2}nested:\n {4}- x\n {4}- "y: z"\nfingerprint: [0-9a-f]{12}\n---\n/);
      assert.deepEqual(parsed(out).extra, { zeta: 1, alpha: { nested: ['x', 'y: z'] } });
    });

    it('round-trips awkward strings byte-stably (seeded random cases)', () => {
      const rand = seeded(7);
      const pieces = ['a', 'Z', ' ', '  ', ':', ': ', '#', ' #', '-', '- ', '---', '"', "'", '\\', '\n', '\n\n', '\t', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', 'é', '漢', '🙂', 'true', 'null', '123', '0x1F', '2025-01-01', '~', '=', '?', '\r', '\u0085', '\u2028'];
      const str = (min: number) => {
        let s = '';
        const n = min + Math.floor(rand() * 12);
        for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
        return s;
      };
      const nonEmpty = () => str(1).replace(/^$/, 'x');
      for (let i = 0; i < 300; i++) {
        const title = nonEmpty().slice(0, 200);
        const note = sealNote(sampleNote({
          title: title.trim() === '' ? 'x' : title,
          scope: [nonEmpty()],
          triggers: { errors: [nonEmpty(), nonEmpty()], commands: [nonEmpty()], keywords: [] },
          evidence: { sessions: i, examples: [{ session: nonEmpty(), text: nonEmpty() }] },
          reason: rand() < 0.5 ? str(0) : undefined,
          body: str(0).replace(/\r/g, ''),
          extra: rand() < 0.5 ? { [`k${i}`]: nonEmpty() } : {},
        }));
        if (note.reason === undefined) delete note.reason;
        const text = serializeNote(note);
        const back = parsed(text);
        assert.deepEqual(back, { ...note, body: note.body }, `case ${i}: ${JSON.stringify(text)}`);
        assert.equal(serializeNote(back), text, `case ${i}`);
        assert.equal(parseNote(text, 'x') && (parseNote(text, 'x') as { humanOwned: boolean }).humanOwned, false, `case ${i}`);
      }
    });

    it('reads CRLF files and a BOM (a Windows checkout) as the same note', () => {
      const text = serializeNote(sealNote(sampleNote()));
      const windows = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
      const r = parseNote(windows, 'notes/x.md');
      assert.ok('note' in r);
      assert.equal(r.humanOwned, false);
      assert.equal(serializeNote(r.note), text);
    });
  });

  describe('fingerprint and ownership', () => {
    it('is 12 hex digits of the serialization without the fingerprint', () => {
      const note = sampleNote();
      assert.match(fingerprintOf(note), /^[0-9a-f]{12}$/);
      assert.equal(fingerprintOf(note), fingerprintOf(sealNote(note)));
      assert.notEqual(fingerprintOf(note), fingerprintOf({ ...note, body: `${note.body}!` }));
    });

    it('a sealed agent note is Lucid-owned', () => {
      const text = serializeNote(sealNote(sampleNote()));
      assert.equal(humanReason(parsed(text), text), undefined);
    });

    it('a body edit, a value edit, a reformat, no fingerprint or provenance human make it human-owned', () => {
      const text = serializeNote(sealNote(sampleNote()));
      const cases: Array<[string, RegExp]> = [
        [text.replace('Run `npx vitest`', 'Run `pnpm vitest`'), /fingerprint mismatch/],
        [text.replace('recalled: 5', 'recalled: 6'), /fingerprint mismatch/],
        [text.replace('status: active\n', 'status: active # checked by Ann\n'), /fingerprint mismatch/],
        [text.replace(/fingerprint: .*\n/, ''), /no fingerprint/],
        [serializeNote(sealNote(sampleNote({ provenance: 'human' }))), /provenance is human/],
      ];
      for (const [edited, reason] of cases) {
        const r = parseNote(edited, 'notes/x.md');
        assert.ok('note' in r && r.humanOwned, edited);
        assert.match(humanReason(r.note, edited) ?? '', reason);
      }
    });
  });

  describe('errors name the file and the problem', () => {
    it('bad YAML, with the line in the file', () => {
      assert.match(parseError('---\nid: a\ntitle: [unclosed\nkind: fact\n---\n'), /^notes\/x\.md: bad YAML at line \d+, column \d+: /);
      assert.match(parseError('---\nid: a\nid: b\n---\n'), /^notes\/x\.md: bad YAML at line 3, column 1: Map keys must be unique/);
    });

    it('missing or unclosed front-matter, empty file, binary content', () => {
      assert.match(parseError('# Just markdown\n'), /^notes\/x\.md: missing front-matter: the first line must be `---`/);
      assert.match(parseError('---\nid: a\nkind: fact\n'), /front-matter is not closed/);
      assert.match(parseError(''), /^notes\/x\.md: empty file/);
      assert.match(parseError('\u0000\u0001\u0002PNG'), /not a text file/);
      assert.match(parseError('---\n- a\n- b\n---\n'), /must be a mapping/);
    });

    it('schema errors give the key path and what was expected', () => {
      assert.equal(
        parseError('---\nid: a-1\nkind: recipe\ntitle: T\n---\n'),
        'notes/x.md: kind: expected one of build-error, workaround, convention, command, pitfall, fact (got "recipe")',
      );
      assert.match(parseError('---\nid: a-1\nkind: fact\n---\n'), /^notes\/x\.md: title: missing \(required\)$/);
      assert.match(parseError('---\nid: Bad Id\nkind: fact\ntitle: T\n---\n'), /^notes\/x\.md: id: expected lowercase letters/);
      assert.match(parseError('---\nid: a-1\nkind: fact\ntitle: T\ntriggers:\n  errors: [ok, 3]\n---\n'), /triggers\.errors\[1\]: expected string \(got 3\)/);
      assert.match(parseError('---\nid: a-1\nkind: fact\ntitle: T\nevidence: { lastSeen: yesterday }\n---\n'), /evidence\.lastSeen: expected a date as YYYY-MM-DD/);
    });

    it('validateNote checks a note before it is written', () => {
      assert.equal(validateNote(sampleNote()), undefined);
      assert.match(validateNote(sampleNote({ title: '' })) ?? '', /title: must not be empty/);
      assert.match(validateNote(sampleNote({ kind: 'nope' as Note['kind'] })) ?? '', /kind: expected one of/);
    });
  });
});
