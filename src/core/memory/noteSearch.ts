// Full-text search over notes (minisearch): title, triggers and body, title and triggers boosted.
//
// Relevance floor: BM25 always ranks *something* first, so a hit must also cover the query. Each query content
// term (stop-words removed) gets a weight from its rarity in the notes: idf / max idf, so a term no note contains
// weighs 1 and a term in every note weighs little. A hit's coverage = weight of the query terms it matched /
// weight of all query terms (capped at COVERAGE_CAP for long queries such as pasted error output); a term matched
// only through a prefix or a typo counts half. A hit needs
// coverage >= minCoverage (default 0.5), at least two matched terms when the query has two or more, and
// score >= minScore. An unrelated query ("kubernetes helm chart ingress") has mostly terms no note contains,
// so nothing reaches the floor and the result is empty.
//
// Cost: building the index takes about a second for 10,000 notes, so it is built once per notes folder and process
// (`sharedNoteIndex`) and brought up to date by content hash (`sync`): a note is re-indexed only when its file
// changed. A query is a few milliseconds.
import MiniSearch, { type Options } from 'minisearch';
import { prunedQuery, type PrunedResult } from './prunedQuery';
import type { LoadedNote, NoteStatus } from './noteSchema';
import { processTerm, queryTerms, tokenize } from './searchTerms';

export interface SearchOptions {
  /** At most this many hits (default 10). */
  limit?: number;
  /** Also return `stale` notes (never `retired`). Default: only `active`. */
  includeStale?: boolean;
  /** Share of the query's (weighted) content terms a hit must match, 0..1. Default 0.5. */
  minCoverage?: number;
  /** Minimum minisearch score: a safety net against weak fuzzy-only matches (coverage does the real work). Default 1. */
  minScore?: number;
  /** Score every note for every term (no pruning of common terms): for tests that compare the two. */
  exhaustive?: boolean;
}

export interface SearchHit {
  note: LoadedNote;
  score: number;
  /** Weighted share of the query's content terms this note matched. */
  coverage: number;
  /** The query terms that matched. */
  terms: string[];
}

const FIELDS = ['title', 'errors', 'commands', 'keywords', 'body'] as const;
const prefixOf = (term: string): boolean => term.length >= 5;
const fuzzyOf = (term: string): number | false => (term.length >= 12 ? 2 : term.length >= 6 ? 1 : false);
const BOOST = { title: 3, errors: 3, commands: 2.5, keywords: 2.5, body: 1 };
/** Long queries: coverage is measured against at most this much term weight (about four rare terms). */
const COVERAGE_CAP = 4;

/** A search index as it can be kept on disk (see searchIndexCache.ts). */
export interface NoteIndexSnapshot {
  /** minisearch's own serialization. */
  mini: unknown;
  docFreq: Array<[string, number]>;
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

  /** An empty index, or (`snapshot`) the one a snapshot was taken of; see `restore`. */
  constructor(snapshot?: NoteIndexSnapshot) {
    const options: Options<IndexedDoc> = {
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text: string) => this.tokenized.get(text) ?? tokenize(text),
      processTerm,
      searchOptions: { boost: BOOST, combineWith: 'OR', prefix: prefixOf, fuzzy: fuzzyOf },
    };
    this.mini = snapshot ? MiniSearch.loadJS<IndexedDoc>(snapshot.mini as Parameters<typeof MiniSearch.loadJS>[0], options) : new MiniSearch<IndexedDoc>(options);
    for (const [t, n] of snapshot?.docFreq ?? []) this.docFreq.set(t, n);
  }

  /**
   * The index a snapshot was taken of, for exactly these notes and content hashes (the caller checked that they are
   * the ones the snapshot was taken with: searchIndexCache.ts). Each note's document and terms are derived again from
   * the note when it is removed.
   */
  static restore(snapshot: NoteIndexSnapshot, notes: readonly LoadedNote[], hashes: ReadonlyMap<string, string>): NoteIndex {
    const index = new NoteIndex(snapshot);
    for (const n of notes) {
      index.hashes.set(n.note.id, hashes.get(n.note.id));
      if (n.note.status !== 'retired') index.notes.set(n.note.id, n);
    }
    if (index.notes.size !== index.mini.documentCount) throw new Error('the search index snapshot holds other notes');
    return index;
  }

  /** What `restore` needs (with the notes): minisearch's index and the terms' note counts. */
  snapshot(): NoteIndexSnapshot {
    return { mini: this.mini.toJSON(), docFreq: [...this.docFreq] };
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
    const qTerms = queryTerms(query);
    if (qTerms.length === 0 || this.notes.size === 0) return [];
    const weight = new Map(qTerms.map((t) => [t, this.termWeight(t)]));
    const total = Math.min(COVERAGE_CAP, [...weight.values()].reduce((a, b) => a + b, 0));
    const minCoverage = options.minCoverage ?? 0.5;
    const minScore = options.minScore ?? 1;
    const minTerms = Math.min(2, qTerms.length);
    const statuses: NoteStatus[] = options.includeStale ? ['active', 'stale'] : ['active'];
    const hits: SearchHit[] = [];
    for (const r of this.query(qTerms, weight, total, minCoverage, options.exhaustive === true)) {
      const note = this.notes.get(String(r.id));
      if (!note || !statuses.includes(note.note.status)) continue;
      const terms = [...new Set(r.queryTerms)].filter((t) => weight.has(t));
      // A term matched only through a prefix or a typo counts half.
      const exact = new Set(r.terms);
      const matched = terms.reduce((a, t) => a + (weight.get(t) ?? 0) * (exact.has(t) ? 1 : 0.5), 0);
      const coverage = Math.min(1, matched / total);
      if (terms.length < minTerms || coverage < minCoverage || r.score < minScore) continue;
      hits.push({ note, score: r.score, coverage, terms });
    }
    hits.sort((a, b) => b.score - a.score || a.note.note.id.localeCompare(b.note.note.id));
    return hits.slice(0, options.limit ?? 10);
  }

  /**
   * minisearch's OR query over the terms; when the commonest terms weigh less than `minCoverage` of the query, they
   * are scored only for the notes the other terms found (prunedQuery.ts: the same results, far less work).
   */
  private query(qTerms: string[], weight: ReadonlyMap<string, number>, total: number, minCoverage: number, exhaustive: boolean): PrunedResult[] {
    const joined = qTerms.join(' ');
    if (!exhaustive && minCoverage > 0) {
      // The query as minisearch reads the joined terms (a snake_case term yields its parts again).
      const terms = tokenize(joined).map(processTerm).filter((t): t is string => t !== null);
      const byFrequency = [...new Set(terms)].sort((a, b) => (this.docFreq.get(b) ?? 0) - (this.docFreq.get(a) ?? 0));
      const common = new Set<string>();
      let commonWeight = 0;
      for (const t of byFrequency) {
        if ((commonWeight + (weight.get(t) ?? 1)) / total >= minCoverage - 1e-9) break;
        commonWeight += weight.get(t) ?? 1;
        common.add(t);
      }
      if (common.size > 0) {
        const specs = terms.map((term) => ({ term, prefix: prefixOf(term), fuzzy: fuzzyOf(term) }));
        const pruned = prunedQuery(this.mini, specs, new Set(terms.flatMap((t, i) => (common.has(t) ? [i] : []))), { boost: BOOST, fields: FIELDS });
        if (pruned) return pruned;
      }
    }
    return this.mini.search(joined).map((r) => ({ id: String(r.id), score: r.score, terms: r.terms, queryTerms: r.queryTerms }));
  }

  /** idf normalised to 0..1: 1 for a term no note contains. */
  private termWeight(term: string): number {
    const n = this.notes.size;
    const df = this.docFreq.get(term) ?? 0;
    return Math.log(1 + n / (1 + df)) / Math.log(1 + n);
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
