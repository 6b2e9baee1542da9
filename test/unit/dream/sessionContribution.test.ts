// What a session read again changes in the notes' verdicts: only the difference from what it said before.
import { strict as assert } from 'assert';
import { addFeedbackDelta } from '../../../src/core/dream/read/sessionContribution';
import type { NoteVerdicts } from '../../../src/core/dream/read/episodeTypes';

describe('addFeedbackDelta', () => {
  it('adds the change of counts, so a session read again counts once', () => {
    const into = new Map<string, NoteVerdicts>();
    addFeedbackDelta(into, { a: { helpful: 1, harmful: 0 } }, { a: { helpful: 1, harmful: 1 }, b: { helpful: 2, harmful: 0 } });
    assert.deepEqual(Object.fromEntries(into), { a: { helpful: 0, harmful: 1 }, b: { helpful: 2, harmful: 0 } });
  });

  it('a refutation is news once: the same session read again does not refute the note again', () => {
    const why = '`npm run lint -- --no-eslintrc` failed with "Invalid option" and `npm run lint` worked';
    const first = new Map<string, NoteVerdicts>();
    addFeedbackDelta(first, undefined, { a: { helpful: 0, harmful: 1, refuted: why } });
    assert.equal(first.get('a')?.refuted, why);
    const again = new Map<string, NoteVerdicts>();
    addFeedbackDelta(again, { a: { helpful: 0, harmful: 1, refuted: why } }, { a: { helpful: 0, harmful: 1, refuted: why } });
    assert.deepEqual(again.get('a'), { helpful: 0, harmful: 0 });
  });
});
