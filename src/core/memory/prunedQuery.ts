// minisearch's OR query, with the work on the commonest query terms limited to the notes that can still be a hit.
//
// A hit must cover at least `minCoverage` of the query's term weight (noteSearch.ts). When the commonest terms
// together weigh less than that, a note matching only them can never be a hit: every hit matches one of the other
// terms. So those are scored as minisearch scores them, over every note; the common terms only for the notes the
// others found. In a large memory a term like `npm` is in most notes and was most of a query's cost.
//
// The scores are minisearch's to the last bit: the same BM25 formula and parameters, the same sums in the same order
// (per term: the exact term's fields, then its prefix matches, then its fuzzy matches; then the terms in query
// order), times the number of matched query terms. It reads minisearch 7's internals (pinned in package.json), and
// falls back to minisearch's own search when the index holds discarded documents; a test compares both on random
// memories, so an upgrade that changes them fails loudly.

/** A term's postings: field id → note's short id → the term's count in that field (minisearch's Maps, or a view of
 * the kept file's arrays: keptSearchIndex.ts). */
export interface FieldTermData {
  get(fieldId: number): FieldPostings | undefined;
}
export interface FieldPostings {
  readonly size: number;
  has(docId: number): boolean;
  get(docId: number): number | undefined;
  keys(): Iterable<number>;
}

/** The parts of minisearch 7's index a query reads (its internals; searchIndexFile.ts reads a kept index the same way). */
export interface QueryIndex {
  _index: {
    get(term: string): FieldTermData | undefined;
    atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  };
  _fieldIds: Record<string, number>;
  _fieldLength: Pick<ReadonlyMap<number, ArrayLike<number>>, 'get'>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Pick<ReadonlyMap<number, string>, 'get'>;
  dirtCount: number;
}

export interface QuerySpec {
  term: string;
  prefix: boolean;
  /** Maximum edit distance, or false. */
  fuzzy: number | false;
}

export interface QueryOptions {
  boost: Record<string, number>;
  fields: readonly string[];
}

export interface PrunedResult {
  id: string;
  score: number;
  /** Note terms matched (exact, prefix or fuzzy). */
  terms: string[];
  /** Query terms matched. */
  queryTerms: string[];
}

interface Raw {
  score: number;
  terms: string[];
  match: Set<string>;
}

// minisearch 7's defaults (defaultSearchOptions): BM25+ parameters and the weights of prefix and fuzzy matches.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;

/**
 * The query `specs` OR-combined; the specs whose index is in `common` are scored only for the documents another
 * spec matched. Undefined when the index cannot be read this way (the caller uses minisearch's search).
 */
export function prunedQuery(m: QueryIndex, specs: readonly QuerySpec[], common: ReadonlySet<number>, o: QueryOptions): PrunedResult[] | undefined {
  if (m.dirtCount !== 0 || typeof m._index?.get !== 'function' || !m._fieldLength || !m._avgFieldLength) return undefined;
  const perSpec: Array<Map<number, Raw> | undefined> = new Array(specs.length);
  const candidates = new Set<number>();
  specs.forEach((spec, i) => {
    if (common.has(i)) return;
    perSpec[i] = specResults(m, spec, o);
    for (const id of perSpec[i]!.keys()) candidates.add(id);
  });
  specs.forEach((spec, i) => {
    if (common.has(i)) perSpec[i] = specResults(m, spec, o, candidates);
  });
  // minisearch's OR combinator, folded in query order.
  const combined = perSpec[0] ?? new Map<number, Raw>();
  for (const next of perSpec.slice(1)) {
    for (const [docId, r] of next!) {
      const existing = combined.get(docId);
      if (!existing) combined.set(docId, r);
      else {
        existing.score = existing.score + r.score;
        for (const t of r.match) existing.match.add(t);
        for (const t of r.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
      }
    }
  }
  return [...combined].map(([docId, r]) => ({ id: m._documentIds.get(docId)!, score: r.score * (r.terms.length || 1), terms: [...r.match], queryTerms: r.terms }));
}

/** minisearch's executeQuerySpec: the exact term, then its prefix matches, then its fuzzy matches. */
function specResults(m: QueryIndex, spec: QuerySpec, o: QueryOptions, only?: ReadonlySet<number>): Map<number, Raw> {
  const results = new Map<number, Raw>();
  termResults(m, spec.term, spec.term, 1, m._index.get(spec.term), o, only, results);
  const fuzzyMatches = spec.fuzzy ? m._index.fuzzyGet(spec.term, spec.fuzzy) : undefined;
  if (spec.prefix) {
    for (const [term, data] of m._index.atPrefix(spec.term)) {
      const distance = term.length - spec.term.length;
      if (!distance) continue;
      fuzzyMatches?.delete(term);
      termResults(m, spec.term, term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance), data, o, only, results);
    }
  }
  if (fuzzyMatches) {
    for (const term of fuzzyMatches.keys()) {
      const [data, distance] = fuzzyMatches.get(term)!;
      if (!distance) continue;
      termResults(m, spec.term, term, (FUZZY_WEIGHT * term.length) / (term.length + distance), data, o, only, results);
    }
  }
  return results;
}

/** minisearch's termResults (no document boost, term boost 1), over `only` when given. */
function termResults(m: QueryIndex, sourceTerm: string, derivedTerm: string, termWeight: number, data: FieldTermData | undefined,
  o: QueryOptions, only: ReadonlySet<number> | undefined, results: Map<number, Raw>): void {
  if (!data) return;
  for (const field of o.fields) {
    const fieldBoost = o.boost[field] || 1;
    const fieldId = m._fieldIds[field];
    const freqs = data.get(fieldId);
    if (!freqs) continue;
    const matching = freqs.size;
    const avgFieldLength = m._avgFieldLength[fieldId];
    const docs = only && only.size < freqs.size ? [...only].filter((d) => freqs.has(d)) : freqs.keys();
    for (const docId of docs) {
      if (only && !only.has(docId)) continue;
      const termFreq = freqs.get(docId)!;
      const fieldLength = m._fieldLength.get(docId)![fieldId];
      const invDocFreq = Math.log(1 + (m._documentCount - matching + 0.5) / (matching + 0.5));
      const rawScore = invDocFreq * (BM25.d + (termFreq * (BM25.k + 1)) / (termFreq + BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / avgFieldLength)));
      const weightedScore = termWeight * 1 * fieldBoost * 1 * rawScore;
      const r = results.get(docId);
      if (r) {
        r.score += weightedScore;
        if (!r.terms.includes(sourceTerm)) r.terms.push(sourceTerm);
        r.match.add(derivedTerm);
      } else results.set(docId, { score: weightedScore, terms: [sourceTerm], match: new Set([derivedTerm]) });
    }
  }
}
