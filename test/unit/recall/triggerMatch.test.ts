// Just-in-time recall with the word index gives exactly what checking every trigger of every note gives: a
// seeded comparison against the plain reference below, plus the cases the index could get wrong.
import { strict as assert } from 'assert';
import { extractErrorSignatures } from '../../../src/core/errors/errorExtract';
import { normalizeCommand, normalizeErrorText } from '../../../src/core/errors/errorSignature';
import type { Note } from '../../../src/core/memory/noteSchema';
import { matchFailure, type FailureContext, type TriggerMatch } from '../../../src/core/recall/triggerMatch';
import { seededRandom } from '../../support/seededRandom';
import { sampleNote } from '../memory/memoryTestKit';

const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** The plain reference: every trigger of every note, strongest kind per note, best kind overall. */
function reference(notes: Note[], f: FailureContext, limit = 3): TriggerMatch[] {
  const raw = fold(f.output);
  const output = normalizeErrorText(f.output);
  const keys = new Set(extractErrorSignatures(f.output, f.command).map((s) => s.key));
  const segments = normalizeCommand(f.command).split(/\s*(?:&&|\|\||;|\|)\s*/);
  const out: TriggerMatch[] = [];
  for (const note of notes.filter((n) => n.status === 'active')) {
    const errs = note.triggers.errors;
    const v = errs.find((e) => fold(e).length >= 4 && raw.includes(fold(e)));
    const k = v ? undefined : errs.find((e) => extractErrorSignatures(e).some((s) => keys.has(s.key)));
    const n = v || k ? undefined : errs.find((e) => normalizeErrorText(e).length >= 4 && output.includes(normalizeErrorText(e)));
    const hit = v ?? k ?? n;
    if (hit) out.push({ note, strength: v ? 4 : k ? 3 : 2, matched: hit });
    else if (!errs.length) {
      const c = note.triggers.commands.find((t) => { const x = normalizeCommand(t); return !!x && segments.some((s) => s === x || s.startsWith(`${x} `)); });
      if (c) out.push({ note, strength: 1, matched: c });
    }
  }
  const best = Math.max(0, ...out.map((m) => m.strength));
  return out.filter((m) => m.strength === best).sort((a, b) => b.note.evidence.sessions - a.note.evidence.sessions || a.note.id.localeCompare(b.note.id)).slice(0, limit);
}

const WORDS = ['cannot', 'find', 'module', 'vitest', 'command', 'not', 'found', 'ENOENT', 'Error:', 'TypeError:', "'axios'", 'npm', 'ERR!', 'x', 'is', 'a', '/tmp/a.js', 'line', '42', 'no', 'such', 'file'];
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];
const phrase = (r: () => number, n: number) => Array.from({ length: n }, () => pick(r, WORDS)).join(pick(r, [' ', ' ', ': ', '-']));
const summary = (ms: TriggerMatch[]) => ms.map((m) => `${m.note.id}:${m.strength}:${m.matched}`);

describe('just-in-time recall', () => {
  it('matches exactly what checking every trigger gives (seeded: 300 failures over 400 notes)', () => {
    const r = seededRandom(7);
    const notes = Array.from({ length: 400 }, (_, i) => sampleNote({
      id: `n-${i}`, status: r() < 0.9 ? 'active' : 'stale',
      triggers: { errors: r() < 0.2 ? [] : Array.from({ length: 1 + Math.floor(r() * 3) }, () => phrase(r, 1 + Math.floor(r() * 4))), commands: r() < 0.5 ? [pick(r, ['npm test', 'npx vitest', 'make'])] : [], keywords: [] },
      evidence: { sessions: Math.floor(r() * 5), examples: [] },
    }));
    let matched = 0;
    for (let i = 0; i < 300; i++) {
      const f = { command: pick(r, ['npm test', 'npx vitest run a.ts', 'make all', 'node x.js']), output: `${phrase(r, 6)}\n${phrase(r, 5)}` };
      const got = summary(matchFailure(notes, f));
      assert.deepEqual(got, summary(reference(notes, f)), JSON.stringify(f));
      const skip = (n: Note) => Number(n.id.slice(2)) % 3 === 0; // already recalled in this session
      assert.deepEqual(summary(matchFailure(notes, f, 3, skip)), summary(reference(notes.filter((n) => !skip(n)), f)));
      if (got.length) matched++;
    }
    assert.ok(matched > 100, `the comparison exercised matches (${matched})`);
  });

  it('a trigger found only across word edges, a lone word; changed notes come as a new array', () => {
    let notes = [
      sampleNote({ id: 'edge', triggers: { errors: ['ound modul'], commands: [], keywords: [] } }),
      sampleNote({ id: 'lone', triggers: { errors: ['ENOENT'], commands: [], keywords: [] } }),
    ];
    assert.deepEqual(summary(matchFailure(notes, { command: 'x', output: 'not found module' })), ['edge:4:ound modul']);
    assert.deepEqual(summary(matchFailure(notes, { command: 'x', output: 'spawn ENOENT' })), ['lone:4:ENOENT']);
    notes = [notes[0], { ...notes[1], triggers: { ...notes[1].triggers, errors: ['EACCES'] } }];
    assert.deepEqual(summary(matchFailure(notes, { command: 'x', output: 'spawn ENOENT' })), []);
    assert.deepEqual(summary(matchFailure(notes, { command: 'x', output: 'spawn EACCES' })), ['lone:4:EACCES']);
    notes = [notes[0], { ...notes[1], status: 'stale' }];
    assert.deepEqual(summary(matchFailure(notes, { command: 'x', output: 'spawn EACCES' })), []);
  });
});
