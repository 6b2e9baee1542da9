// How a query is scored against a search index, whichever holds it (the index built in memory, noteSearch.ts, or the
// one kept on disk, searchIndexFile.ts): minisearch's BM25 over the fields, then the relevance floor.
//
// Relevance floor: BM25 always ranks *something* first, so a hit must also cover the query. Each query content
// term (stop-words removed) gets a weight from its rarity in the notes: idf / max idf, so a term no note contains
// weighs 1 and a term in every note weighs little. A hit's coverage = weight of the query terms it matched /
// weight of all query terms (capped at COVERAGE_CAP for long queries such as pasted error output); a term matched
// only through a prefix or a typo counts half. A hit needs coverage >= minCoverage (default 0.5), at least two
// matched terms when the query has two or more, and score >= minScore. An unrelated query ("kubernetes helm chart
// ingress") has mostly terms no note contains, so nothing reaches the floor and the result is empty.
import type { NoteStatus } from './noteSchema';
import type { PrunedResult, QuerySpec } from './prunedQuery';
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

export const FIELDS = ['title', 'errors', 'commands', 'keywords', 'body'] as const;
export const BOOST = { title: 3, errors: 3, commands: 2.5, keywords: 2.5, body: 1 };
export const prefixOf = (term: string): boolean => term.length >= 5;
export const fuzzyOf = (term: string): number | false => (term.length >= 12 ? 2 : term.length >= 6 ? 1 : false);
/** Long queries: coverage is measured against at most this much term weight (about four rare terms). */
const COVERAGE_CAP = 4;

/** A search index as the scoring reads it. */
export interface QuerySource {
  /** Notes indexed (retired ones never are). */
  readonly size: number;
  /** Notes whose fields hold this term. */
  docFreq(term: string): number;
  /** The status of an indexed note. */
  status(id: string): NoteStatus | undefined;
  /** minisearch's OR query over `specs` (the terms of `joined`); the specs in `common` may be scored only for the
   * notes another spec matched (prunedQuery.ts: the same results). */
  run(joined: string, specs: readonly QuerySpec[], common: ReadonlySet<number>): PrunedResult[];
}

export interface ScoredHit {
  id: string;
  score: number;
  /** Weighted share of the query's content terms this note matched. */
  coverage: number;
  /** The query terms that matched. */
  terms: string[];
}

/** The hits for `query`, best first (ties by id), at most `limit`. */
export function scoreQuery(src: QuerySource, query: string, options: SearchOptions = {}): ScoredHit[] {
  const qTerms = queryTerms(query);
  if (qTerms.length === 0 || src.size === 0) return [];
  const weight = new Map(qTerms.map((t) => [t, termWeight(src, t)]));
  const total = Math.min(COVERAGE_CAP, [...weight.values()].reduce((a, b) => a + b, 0));
  const minCoverage = options.minCoverage ?? 0.5;
  const minScore = options.minScore ?? 1;
  const minTerms = Math.min(2, qTerms.length);
  const statuses: NoteStatus[] = options.includeStale ? ['active', 'stale'] : ['active'];
  const hits: ScoredHit[] = [];
  for (const r of run(src, qTerms, weight, total, options.exhaustive === true ? 0 : minCoverage)) {
    const status = src.status(r.id);
    if (!status || !statuses.includes(status)) continue;
    const terms = [...new Set(r.queryTerms)].filter((t) => weight.has(t));
    // A term matched only through a prefix or a typo counts half.
    const exact = new Set(r.terms);
    const matched = terms.reduce((a, t) => a + (weight.get(t) ?? 0) * (exact.has(t) ? 1 : 0.5), 0);
    const coverage = Math.min(1, matched / total);
    if (terms.length < minTerms || coverage < minCoverage || r.score < minScore) continue;
    hits.push({ id: r.id, score: r.score, coverage, terms });
  }
  hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return hits.slice(0, options.limit ?? 10);
}

/**
 * The OR query over the terms; when the commonest terms weigh less than `pruneBelow` of the query, they are scored
 * only for the notes the other terms found (prunedQuery.ts: the same results, far less work). 0: no pruning.
 */
function run(src: QuerySource, qTerms: string[], weight: ReadonlyMap<string, number>, total: number, pruneBelow: number): PrunedResult[] {
  const joined = qTerms.join(' ');
  // The query as minisearch reads the joined terms (a snake_case term yields its parts again).
  const terms = tokenize(joined).map(processTerm).filter((t): t is string => t !== null);
  const specs = terms.map((term) => ({ term, prefix: prefixOf(term), fuzzy: fuzzyOf(term) }));
  const common = new Set<string>();
  if (pruneBelow > 0) {
    const byFrequency = [...new Set(terms)].sort((a, b) => src.docFreq(b) - src.docFreq(a));
    let commonWeight = 0;
    for (const t of byFrequency) {
      if ((commonWeight + (weight.get(t) ?? 1)) / total >= pruneBelow - 1e-9) break;
      commonWeight += weight.get(t) ?? 1;
      common.add(t);
    }
  }
  return src.run(joined, specs, new Set(terms.flatMap((t, i) => (common.has(t) ? [i] : []))));
}

/** idf normalised to 0..1: 1 for a term no note contains. */
function termWeight(src: QuerySource, term: string): number {
  const n = src.size;
  return Math.log(1 + n / (1 + src.docFreq(term))) / Math.log(1 + n);
}
