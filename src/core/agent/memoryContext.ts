// What of the memory goes into the system prompt at session start: the notes most relevant to the
// request, then the digest of the rest, together within the token budget.
//
// A new process reads it from the session-start snapshot when the notes are as it was taken (startSnapshot.ts:
// every file stat-ed, a few kilobytes read); otherwise it loads every note, and takes the snapshot for the next one.
import { digestOfLines, estimateTokens, rankedLines, rankForDigest, type Digest, type RankedLines } from '../memory/digest';
import type { MemoryStore } from '../memory/memoryStore';
import type { LoadedNote, NoteProblem } from '../memory/noteSchema';
import type { SearchHit } from '../memory/noteSearch';
import type { MemoryContext, PromptNote } from './systemPrompt';

/** At most this many relevant notes, taking at most this share of the budget. */
const MAX_RELEVANT = 5;
const RELEVANT_SHARE = 0.5;

export interface LoadedMemoryContext extends MemoryContext {
  /** Ids of the notes whose full text was included. */
  relevantIds: string[];
  /** The notes the digest lists, in its order. */
  digestNotes: Array<{ id: string; title: string }>;
  /** Every note, when they were loaded (for just-in-time recall); undefined when the snapshot sufficed. */
  allNotes?: LoadedNote[];
  /** What follows the session start while its first request is under way, and every note once it is done: when the
   * snapshot sufficed, the load of every note (every file checked); then, either way, the snapshot taken again if the
   * notes changed, so the next session start sees them. Never rejects: undefined when the load failed. */
  loading: Promise<LoadedNote[] | undefined>;
  problems: string[];
}

/** What a session start reads the memory through: every note loaded, or the snapshot. */
interface ContextSource {
  count: number;
  problems: readonly NoteProblem[];
  search(request: string): Promise<SearchHit[] | undefined>;
  digest(budgetTokens: number): Digest | undefined;
  title(id: string): string | undefined;
  allNotes?: LoadedNote[];
}

/** Notes as loaded and unchanged since (a frozen array, shared by every load that found no file changed): their
 * ranking and digests, so a later session start does not rank 10,000 notes again. */
const digests = new WeakMap<readonly LoadedNote[], { ranked: LoadedNote[]; lines: RankedLines; byBudget: Map<number, Digest> }>();

function rankedOf(notes: readonly LoadedNote[]): { ranked: LoadedNote[]; lines: RankedLines; byBudget: Map<number, Digest> } {
  let memo = digests.get(notes);
  if (!memo) {
    const ranked = rankForDigest(notes);
    memo = { ranked, lines: rankedLines(ranked), byBudget: new Map() };
    if (Object.isFrozen(notes)) digests.set(notes, memo);
  }
  return memo;
}

function digestOf(notes: readonly LoadedNote[], budgetTokens: number): Digest {
  const memo = rankedOf(notes);
  let digest = memo.byBudget.get(budgetTokens);
  if (!digest) {
    if (memo.byBudget.size >= 16) memo.byBudget.clear();
    memo.byBudget.set(budgetTokens, (digest = digestOfLines(memo.lines, { budgetTokens })));
  }
  return digest;
}

export async function loadMemoryContext(store: MemoryStore, request: string, budgetTokens: number): Promise<LoadedMemoryContext> {
  const view = await store.startView();
  if (view) {
    const context = await contextFrom({
      count: view.notes, problems: view.problems, search: (q) => view.search(q, { limit: MAX_RELEVANT }), digest: (b) => view.digest(b), title: (id) => view.title(id),
    }, request, budgetTokens);
    if (context) return { ...context, loading: keepSnapshot(store) };
  }
  const { notes, problems } = await store.load();
  let titles: Map<string, string> | undefined;
  const context = (await contextFrom({
    count: notes.length, problems, allNotes: notes, search: (q) => store.search(q, { limit: MAX_RELEVANT }), digest: (b) => digestOf(notes, b),
    title: (id) => (titles ??= new Map(notes.map((n) => [n.note.id, n.note.title]))).get(id),
  }, request, budgetTokens))!;
  return { ...context, loading: keepSnapshot(store, notes) };
}

/** The snapshot kept up to date with the notes (loaded first when the start did not): for the next session start. */
async function keepSnapshot(store: MemoryStore, loaded?: LoadedNote[]): Promise<LoadedNote[] | undefined> {
  try {
    const notes = loaded ?? (await store.load()).notes;
    if (notes.length) await store.keepStartSnapshot(rankedOf(notes).ranked);
    return notes;
  } catch {
    return undefined; // the recall loads them again when it needs them, and reports what is wrong then
  }
}

/** The context from either source; undefined when the source fails (a damaged snapshot: load the notes instead). */
async function contextFrom(src: ContextSource, request: string, budgetTokens: number): Promise<Omit<LoadedMemoryContext, 'loading'> | undefined> {
  const relevant: PromptNote[] = [];
  let used = 0;
  if (request.trim() && src.count) {
    const hits = await src.search(request);
    if (!hits) return undefined;
    for (const hit of hits) {
      const { note, file } = hit.note;
      const pn: PromptNote = { id: note.id, file, kind: note.kind, title: note.title, body: note.body };
      const cost = estimateTokens(`### ${pn.title}\n${pn.body}`) + 12;
      if (used + cost > budgetTokens * RELEVANT_SHARE) continue;
      relevant.push(pn);
      used += cost;
    }
  }
  const digest = src.count ? src.digest(Math.max(0, budgetTokens - used)) : undefined;
  if (src.count && !digest) return undefined;
  return {
    digest: digest?.text ?? '',
    notes: relevant,
    tokens: used + (digest?.tokens ?? 0),
    relevantIds: relevant.map((n) => n.id),
    digestNotes: (digest?.included ?? []).map((id) => ({ id, title: src.title(id) ?? id })),
    ...(src.allNotes ? { allNotes: src.allNotes } : {}),
    problems: src.problems.map((p) => `notes/${p.file}: ${p.message}`),
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
  await store.keepStartSnapshot(rankedOf(notes).ranked);
}
