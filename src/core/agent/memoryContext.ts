// What of the memory goes into the system prompt at session start: the notes most relevant to the
// request, then the digest of the rest, together within the token budget.
import { digestOfRanked, estimateTokens, rankForDigest } from '../memory/digest';
import type { Digest } from '../memory/digest';
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

/** Notes as loaded and unchanged since (a frozen array, shared by every load that found no file changed): their
 * ranking and digests, so a later session start does not rank 10,000 notes again. */
const digests = new WeakMap<readonly LoadedNote[], { ranked: LoadedNote[]; byBudget: Map<number, Digest> }>();

function digestOf(notes: readonly LoadedNote[], budgetTokens: number): Digest {
  if (!Object.isFrozen(notes)) return digestOfRanked(rankForDigest(notes), { budgetTokens });
  let memo = digests.get(notes);
  if (!memo) digests.set(notes, (memo = { ranked: rankForDigest(notes), byBudget: new Map() }));
  let digest = memo.byBudget.get(budgetTokens);
  if (!digest) {
    if (memo.byBudget.size >= 16) memo.byBudget.clear();
    memo.byBudget.set(budgetTokens, (digest = digestOfRanked(memo.ranked, { budgetTokens })));
  }
  return digest;
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
  const digest = notes.length ? digestOf(notes, Math.max(0, budgetTokens - used)) : undefined;
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

/**
 * Does now what the next session start would do (load the notes, bring the search index up to date, rank the notes
 * for the digest), so that it finds them ready: the panel calls it once it is shown, while the user types.
 */
export async function warmMemoryContext(store: MemoryStore, budgetTokens: number): Promise<void> {
  const { notes } = await store.load();
  if (notes.length === 0) return;
  await store.search('warm');
  digestOf(notes, budgetTokens);
}
