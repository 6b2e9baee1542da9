// Full-text search over notes (minisearch): title, triggers and body, title and triggers boosted; how a query is
// scored (and the relevance floor) is searchScoring.ts.
//
// Cost: building the index takes about a second for 10,000 notes, so it is built once per notes folder and process
// (`sharedNoteIndex`) and brought up to date by content hash (`sync`): a note is re-indexed only when its file
// changed. A new process reads the one kept on disk instead while the notes are those it was built from
// (searchIndexFile.ts). A query is a few milliseconds.
import MiniSearch, { type Options } from 'minisearch';
import { prunedQuery, type PrunedResult, type QueryIndex } from './prunedQuery';
import type { LoadedNote, NoteStatus } from './noteSchema';
import { BOOST, FIELDS, fuzzyOf, prefixOf, scoreQuery, type QuerySource, type SearchOptions } from './searchScoring';
import { processTerm, tokenize } from './searchTerms';


export interface SearchHit {
  note: LoadedNote;
  score: number;
  /** Weighted share of the query's content terms this note matched. */
  coverage: number;
  /** The query terms that matched. */
  terms: string[];
}

/** What the index holds, as searchIndexFile.ts writes it: minisearch 7's internals (see prunedQuery.ts). */
export interface IndexContents {
  index: QueryIndex;
  nextId: number;
  /** Ids of the notes indexed whose status is not `active`, with it. */
  statuses: Map<string, NoteStatus>;
  /** How many notes hold a term (in any field). */
  docFreq(term: string): number;
}

interface IndexedDoc {
  id: string;
  title: string;
  errors: string;
  commands: string;
  keywords: string;
  body: string;
}

export class NoteIndex {
  /** The tokens `track` computed for the field texts about to be added: minisearch tokenizes them again otherwise. */
  private readonly tokenized = new Map<string, string[]>();
  private readonly mini: MiniSearch<IndexedDoc>;
  private readonly notes = new Map<string, LoadedNote>();
  private readonly terms = new Map<string, Set<string>>();
  /** Each note's document as indexed (what `remove` takes out again). */
  private readonly docs = new Map<string, IndexedDoc>();
  private readonly docFreq = new Map<string, number>();
  /** The content hash of every note given (retired ones too) as last indexed; undefined when not known. */
  private readonly hashes = new Map<string, string | undefined>();
  /** What the last `sync` was given, when it cannot change (a frozen array; the hashes map is never mutated). */
  private synced: { notes: readonly LoadedNote[]; hashes: ReadonlyMap<string, string> } | undefined;

  constructor() {
    const options: Options<IndexedDoc> = {
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text: string) => this.tokenized.get(text) ?? tokenize(text),
      processTerm,
      searchOptions: { boost: BOOST, combineWith: 'OR', prefix: prefixOf, fuzzy: fuzzyOf },
    };
    this.mini = new MiniSearch<IndexedDoc>(options);
  }

  /** What searchIndexFile.ts keeps on disk. */
  contents(): IndexContents {
    const statuses = new Map<string, NoteStatus>();
    for (const [id, n] of this.notes) if (n.note.status !== 'active') statuses.set(id, n.note.status);
    return {
      index: this.mini as unknown as QueryIndex, nextId: (this.mini as unknown as { _nextId: number })._nextId, statuses,
      docFreq: (term) => this.docFreq.get(term) ?? 0,
    };
  }

  static build(notes: readonly LoadedNote[], hashes?: ReadonlyMap<string, string>): NoteIndex {
    const index = new NoteIndex();
    const docs: IndexedDoc[] = [];
    for (const n of notes) {
      index.hashes.set(n.note.id, hashes?.get(n.note.id));
      if (index.track(n)) docs.push(index.docs.get(n.note.id)!);
    }
    index.mini.addAll(docs);
    index.tokenized.clear();
    return index;
  }

  /**
   * Brings the index to exactly `notes`: a note whose content hash differs from the one indexed (or is unknown) is
   * re-indexed, a note no longer given is removed, and the others only point at the given objects (cheap).
   */
  sync(notes: readonly LoadedNote[], hashes: ReadonlyMap<string, string>): number {
    // The same (read-only) notes and hashes as the last sync: nothing to do, without walking 10,000 notes.
    if (notes === this.synced?.notes && hashes === this.synced.hashes) return 0;
    let changed = 0;
    const given = new Set<string>();
    for (const n of notes) {
      const id = n.note.id;
      given.add(id);
      const hash = hashes.get(id);
      if (hash !== undefined && this.hashes.get(id) === hash) {
        if (this.notes.has(id)) this.notes.set(id, n);
      } else {
        this.upsert(n, hash);
        changed++;
      }
    }
    for (const id of [...this.hashes.keys()]) {
      if (given.has(id)) continue;
      this.remove(id);
      changed++;
    }
    this.synced = Object.isFrozen(notes) ? { notes, hashes } : undefined;
    return changed;
  }

  get size(): number {
    return this.notes.size;
  }

  /** Adds or replaces a note (retired notes are removed: they are never searched). `hash`: its file's content hash. */
  upsert(loaded: LoadedNote, hash?: string): void {
    this.synced = undefined;
    this.remove(loaded.note.id);
    this.hashes.set(loaded.note.id, hash);
    if (this.track(loaded)) this.mini.add(this.docs.get(loaded.note.id)!);
    this.tokenized.clear();
  }

  remove(id: string): void {
    this.synced = undefined;
    this.hashes.delete(id);
    if (!this.notes.has(id)) return;
    // `remove` with the document as indexed, not `discard`: a discarded document still counts in the term statistics
    // until a vacuum, so scores would drift from those of an index built afresh.
    // A restored index has no documents or terms of its own: the note it holds is the one indexed (same content hash).
    const doc = this.docs.get(id) ?? toDoc(this.notes.get(id)!);
    this.mini.remove(doc);
    this.docs.delete(id);
    this.notes.delete(id);
    for (const t of this.terms.get(id) ?? docTerms(doc)) {
      const n = (this.docFreq.get(t) ?? 1) - 1;
      if (n > 0) this.docFreq.set(t, n);
      else this.docFreq.delete(t);
    }
    this.terms.delete(id);
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return scoreQuery(this.querySource(), query, options).map((h) => ({ ...h, note: this.notes.get(h.id)! }));
  }

  private querySource(): QuerySource {
    const mini = this.mini;
    return {
      size: this.notes.size,
      docFreq: (term) => this.docFreq.get(term) ?? 0,
      status: (id) => this.notes.get(id)?.note.status,
      run: (joined, specs, common) => {
        const pruned = common.size > 0 ? prunedQuery(mini as unknown as QueryIndex, specs, common, { boost: BOOST, fields: FIELDS }) : undefined;
        return pruned ?? mini.search(joined).map((r): PrunedResult => ({ id: String(r.id), score: r.score, terms: r.terms, queryTerms: r.queryTerms }));
      },
    };
  }

  private track(loaded: LoadedNote): boolean {
    if (loaded.note.status === 'retired') return false;
    const id = loaded.note.id;
    this.notes.set(id, loaded);
    const doc = toDoc(loaded);
    this.docs.set(id, doc);
    const terms = docTerms(doc, this.tokenized);
    this.terms.set(id, terms);
    for (const t of terms) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
    return true;
  }
}

const shared = new Map<string, NoteIndex>();
/** Notes folders whose index is kept (the most recently used): one per workspace in practice. */
const SHARED_MAX = 4;

/**
 * The index of a notes folder, kept for the life of the process so that every session start does not rebuild it:
 * call `sync` with the notes as loaded before searching. Created empty on first use.
 */
/** Forgets the indexes this process keeps: the next search starts as a new process would. */
export function forgetSharedNoteIndexes(): void {
  shared.clear();
}

/** The index of a notes folder this process keeps, if any (without creating one). */
export function peekSharedNoteIndex(notesDir: string): NoteIndex | undefined {
  return shared.get(notesDir);
}

export function sharedNoteIndex(notesDir: string, make: () => NoteIndex = () => new NoteIndex()): NoteIndex {
  let index = shared.get(notesDir);
  if (index) shared.delete(notesDir);
  else index = make();
  shared.set(notesDir, index); // most recently used last
  while (shared.size > SHARED_MAX) shared.delete(shared.keys().next().value!);
  return index;
}

/** The distinct terms of a document's fields; each field's tokens are kept in `tokenized` when given. */
function docTerms(doc: IndexedDoc, tokenized?: Map<string, string[]>): Set<string> {
  const terms = new Set<string>();
  for (const f of FIELDS) {
    const tokens = tokenize(doc[f]);
    tokenized?.set(doc[f], tokens);
    for (const t of tokens) {
      const p = processTerm(t);
      if (p) terms.add(p);
    }
  }
  return terms;
}

function toDoc({ note }: LoadedNote): IndexedDoc {
  return {
    id: note.id,
    title: note.title,
    errors: note.triggers.errors.join('\n'),
    commands: note.triggers.commands.join('\n'),
    keywords: note.triggers.keywords.join('\n'),
    body: note.body,
  };
}
