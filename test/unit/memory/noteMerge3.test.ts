// The three-way note merge (git's merge driver) and the reconciliation of a note git left with conflict markers.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runDream } from '../../../src/core/dream/dreamRunner';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { hasConflictMarkers, mergeNotes, mergeNoteTexts, reconcileConflicts } from '../../../src/core/memory/noteMerge3';
import { parseNote, sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import type { Note } from '../../../src/core/memory/noteSchema';
import { sampleNote } from './memoryTestKit';
import { cleanup, makeTempDir } from '../tools/toolTestKit';

const base = sampleNote({ id: 'n', provenance: 'dream', status: 'active', evidence: { sessions: 2, firstSeen: '2026-03-01', lastSeen: '2026-03-02', examples: [] }, counters: { recalled: 4, helpful: 1, harmful: 0 }, triggers: { errors: ['E1'], commands: [], keywords: [] } });
const edit = (n: Note, f: (x: Note) => void): Note => {
  const c = structuredClone(n);
  f(c);
  return c;
};
const text = (n: Note) => serializeNote(sealNote(n));

describe('note merge', () => {
  it('adds each side\'s growth once, widens dates, unites lists, keeps one-sided wording', () => {
    const ours = edit(base, (n) => Object.assign(n.evidence, { sessions: 3, lastSeen: '2026-03-05' }) && (n.counters.recalled = 6));
    const theirs = edit(base, (n) => {
      Object.assign(n.evidence, { sessions: 4, firstSeen: '2026-02-20', lastSeen: '2026-03-04' });
      n.counters.helpful = 3;
      n.triggers.errors.push('E2');
      n.body = 'Reworded by their dream.';
    });
    const m = mergeNotes(ours, theirs, base);
    assert.equal(m.evidence.sessions, 5, '2 + 1 + 2');
    assert.deepEqual([m.evidence.firstSeen, m.evidence.lastSeen], ['2026-02-20', '2026-03-05']);
    assert.deepEqual(m.counters, { recalled: 6, helpful: 3, harmful: 0 });
    assert.deepEqual(m.triggers.errors, ['E1', 'E2']);
    assert.equal(m.body, 'Reworded by their dream.', 'only their side changed the wording');
  });

  it('a retirement wins; one side moving the status from the base wins over the unchanged side', () => {
    assert.equal(mergeNotes(edit(base, (n) => (n.status = 'retired')), edit(base, (n) => (n.status = 'stale')), base).status, 'retired');
    const staleBase = edit(base, (n) => (n.status = 'stale'));
    assert.equal(mergeNotes(edit(staleBase, (n) => (n.status = 'active')), staleBase, staleBase).status, 'active');
  });

  it('both added the file: no base, counts are not lost', () => {
    const a = edit(base, (n) => (n.evidence.sessions = 1));
    const b = edit(base, (n) => (n.evidence.sessions = 2));
    assert.equal(mergeNotes(a, b, undefined).evidence.sessions, 3);
  });

  it('sealed as Lucid\'s only when both sides were; a person\'s edit keeps it theirs', () => {
    const ours = text(edit(base, (n) => (n.evidence.sessions = 3)));
    const theirs = text(edit(base, (n) => (n.evidence.sessions = 4)));
    const lucid = mergeNoteTexts(ours, theirs, text(base))!;
    assert.equal((parseNote(lucid.text, 'x') as { humanOwned: boolean }).humanOwned, false);
    const byHand = theirs.replace('dev dependency', 'dev dependency (we checked)');
    assert.notEqual(byHand, theirs);
    const person = mergeNoteTexts(ours, byHand, text(base))!;
    assert.equal((parseNote(person.text, 'x') as { humanOwned: boolean }).humanOwned, true);
    assert.equal(mergeNoteTexts(ours, '---\nnot: [valid\n---\n', text(base)), undefined, 'an unreadable side: git keeps its conflict');
  });

  it('diff3-style markers carry the ancestor: each side\'s growth is added once', () => {
    const plain = serializeNote(base); // no fingerprint: only the sessions line differs between the versions
    const [pre, post] = plain.split('  sessions: 2\n');
    const file = `${pre}<<<<<<< ours\n  sessions: 3\n||||||| base\n  sessions: 2\n=======\n  sessions: 5\n>>>>>>> theirs\n${post}`;
    assert.equal(reconcileConflicts(file)!.note.evidence.sessions, 6, '2 + 1 + 3');
  });

  it('a note git left with conflict markers is read as both sides merged, and the next dream writes it back whole', async () => {
    const ws = makeTempDir('lucid-conflict-');
    try {
      const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.invalid', ...a], { cwd: ws, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const file = path.join(ws, '.agent-memory', 'notes', 'n.md');
      git('init', '-q', '-b', 'main');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text(base));
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      git('checkout', '-q', '-b', 'other');
      fs.writeFileSync(file, text(edit(base, (n) => Object.assign(n.evidence, { sessions: 5, lastSeen: '2026-03-09' }))));
      git('commit', '-q', '-am', 'theirs');
      git('checkout', '-q', 'main');
      fs.writeFileSync(file, text(edit(base, (n) => Object.assign(n.evidence, { sessions: 3, lastSeen: '2026-03-04' }))));
      git('commit', '-q', '-am', 'ours');
      assert.throws(() => git('merge', '-q', 'other'), 'git without the driver: a conflict');
      assert.ok(hasConflictMarkers(fs.readFileSync(file, 'utf8')));
      // git's default conflict style keeps no ancestor: the larger side's count, never a double count.
      assert.equal(reconcileConflicts(fs.readFileSync(file, 'utf8'))!.note.evidence.sessions, 5);

      const { notes, problems } = await (await MemoryStore.open(ws)).load();
      assert.deepEqual(problems, [], 'not reported as broken, not skipped');
      assert.equal(notes[0].note.evidence.sessions, 5);
      await runDream({ workspaceRoot: ws });
      const after = fs.readFileSync(file, 'utf8');
      assert.ok(!hasConflictMarkers(after));
      assert.equal((parseNote(after, 'n') as { note: Note }).note.evidence.sessions, 5);
    } finally {
      cleanup(ws);
    }
  });
});
