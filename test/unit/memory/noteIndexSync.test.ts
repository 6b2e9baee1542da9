import { strict as assert } from 'assert';
import { NoteIndex, sharedNoteIndex } from '../../../src/core/memory/noteSearch';
import type { LoadedNote } from '../../../src/core/memory/noteSchema';
import { corpus } from './noteSearch.test';

const hashesOf = (notes: LoadedNote[]) => new Map(notes.map((n) => [n.note.id, JSON.stringify(n.note)]));
const QUERIES = ['jest fails with a timeout', 'docker port already in use', 'pnpm lockfile refreshed', 'prisma cannot find module', 'zeppelin hangar'];
const ids = (index: NoteIndex, q: string) => index.search(q, { limit: 20 }).map((h) => h.note.note.id);

describe('NoteIndex.sync', () => {
  it('after edits, deletions, additions and retirements, a synced index answers as one built afresh', () => {
    const before = corpus(200, 1);
    const index = NoteIndex.build(before, hashesOf(before));
    const after = corpus(200, 1)
      .filter((_, i) => i % 17 !== 0) // deleted
      .map((n, i) => (i % 11 === 0 ? { ...n, note: { ...n.note, title: `${n.note.title} zeppelin hangar` } } : n)) // edited
      .map((n, i) => (i % 13 === 0 ? { ...n, note: { ...n.note, status: 'retired' as const } } : n)); // retired
    after.push(...corpus(20, 9).map((n) => ({ ...n, note: { ...n.note, id: `${n.note.id}-new` } }))); // added
    index.sync(after, hashesOf(after));
    const fresh = NoteIndex.build(after, hashesOf(after));
    assert.equal(index.size, fresh.size);
    for (const q of QUERIES) assert.deepEqual(ids(index, q), ids(fresh, q), q);
    assert.ok(ids(index, 'zeppelin hangar').length > 0, 'the edited notes are found by their new words');
  });

  it('an unchanged note is not re-indexed, but hits are the objects given last', () => {
    const notes = corpus(50, 2);
    const index = NoteIndex.build(notes, hashesOf(notes));
    const copies = notes.map((n) => ({ ...n, note: { ...n.note } }));
    index.sync(copies, hashesOf(copies));
    const hit = index.search('jest fails with a timeout')[0];
    assert.ok(hit && copies.includes(hit.note), 'the hit is one of the objects of the last sync');
  });

  it('a note whose hash is unknown is always re-indexed (a note changed in this process)', () => {
    const notes = corpus(30, 3);
    const index = NoteIndex.build(notes, hashesOf(notes));
    const edited = notes.map((n, i) => (i === 0 ? { ...n, note: { ...n.note, title: 'zeppelin hangar doors' } } : n));
    const hashes = hashesOf(notes); // stale: the edit is not reflected…
    hashes.delete(edited[0].note.id); // …so the store gives no hash for it
    index.sync(edited, hashes);
    assert.deepEqual(ids(index, 'zeppelin hangar'), [edited[0].note.id]);
  });

  it('sharedNoteIndex keeps one index per notes folder', () => {
    assert.equal(sharedNoteIndex('/tmp/a/notes'), sharedNoteIndex('/tmp/a/notes'));
    assert.notEqual(sharedNoteIndex('/tmp/a/notes'), sharedNoteIndex('/tmp/b/notes'));
  });
});
