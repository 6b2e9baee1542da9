// What of the memory goes into the system prompt at session start: the notes most relevant to the
// request, then the digest of the rest, together within the token budget.
import { buildDigest, estimateTokens } from '../memory/digest';
import type { MemoryStore } from '../memory/memoryStore';
import type { LoadedNote } from '../memory/noteSchema';
import type { MemoryContext, PromptNote } from './systemPrompt';

/** At most this many relevant notes, taking at most this share of the budget. */
const MAX_RELEVANT = 5;
const RELEVANT_SHARE = 0.5;

export interface LoadedMemoryContext extends MemoryContext {
  /** Ids of the notes whose full text was included. */
  relevantIds: string[];
  /** Ids of the notes the digest lists. */
  digestIds: string[];
  /** Every note loaded, for just-in-time recall. */
  allNotes: LoadedNote[];
  problems: string[];
}

export async function loadMemoryContext(store: MemoryStore, request: string, budgetTokens: number): Promise<LoadedMemoryContext> {
  const { notes, problems } = await store.load();
  const relevant: PromptNote[] = [];
  let used = 0;
  if (request.trim() && notes.length) {
    for (const hit of await store.search(request, { limit: MAX_RELEVANT })) {
      const { note, file } = hit.note;
      const pn: PromptNote = { id: note.id, file, kind: note.kind, title: note.title, body: note.body };
      const cost = estimateTokens(`### ${pn.title}\n${pn.body}`) + 12;
      if (used + cost > budgetTokens * RELEVANT_SHARE) continue;
      relevant.push(pn);
      used += cost;
    }
  }
  const digest = notes.length ? buildDigest(notes, { budgetTokens: Math.max(0, budgetTokens - used) }) : undefined;
  return {
    digest: digest?.text ?? '',
    notes: relevant,
    tokens: used + (digest?.tokens ?? 0),
    relevantIds: relevant.map((n) => n.id),
    digestIds: digest?.included ?? [],
    allNotes: notes,
    problems: problems.map((p) => `notes/${p.file}: ${p.message}`),
  };
}
