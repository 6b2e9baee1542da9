// A person accepts a note the agent wrote (status `unverified`): it becomes active, so it joins MEMORY.md and
// recall. Used by the memory view's Accept and by `lucid memory accept`.
import type { MemoryStore } from './memoryStore';
import type { LoadedNote, NoteStatus } from './noteSchema';

export type AcceptResult = { accepted: true; note: LoadedNote } | { accepted: false; status: NoteStatus };

/** Throws NoteNotFoundError for an unknown id; a note that is not unverified is left as it is. */
export async function acceptNote(store: MemoryStore, id: string): Promise<AcceptResult> {
  let status: NoteStatus = 'unverified';
  const r = await store.update(id, (n) => {
    status = n.status;
    if (n.status === 'unverified') n.status = 'active';
  });
  return status === 'unverified' ? { accepted: true, note: r.note } : { accepted: false, status };
}
