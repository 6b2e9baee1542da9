// A query over the search index kept on disk (searchIndexFile.ts) without restoring it: the terms are looked up in a
// sorted list, prefixes by range and typos by a bounded edit distance over the terms of a close length, and only
// the postings of the terms found are decoded. It answers prunedQuery.ts as minisearch's own index does (the same
// terms, in the same order, with the same postings), so its hits and scores are those of the index it was kept from:
// a seeded test compares the two.
import { prunedQuery, type FieldPostings, type FieldTermData, type QueryIndex } from './prunedQuery';
import { lowerBound } from './lowerBound';
import type { NoteStatus } from './noteSchema';
import { readSearchIndexFile, type SearchIndexData } from './searchIndexFile';
import { BOOST, FIELDS, scoreQuery, type QuerySource, type ScoredHit, type SearchOptions } from './searchScoring';
import { editDistance } from './searchTerms';

class DamagedIndexError extends Error {}

/** A field's postings in the kept file: n pairs (short id, count) from `start`, by short id. */
class PostingView implements FieldPostings {
  constructor(private readonly a: Uint32Array, private readonly start: number, readonly size: number) {}

  has(doc: number): boolean {
    return this.indexOf(doc) >= 0;
  }

  get(doc: number): number | undefined {
    const i = this.indexOf(doc);
    return i < 0 ? undefined : this.a[this.start + 2 * i + 1];
  }

  *keys(): Iterable<number> {
    for (let i = 0; i < this.size; i++) yield this.a[this.start + 2 * i];
  }

  private indexOf(doc: number): number {
    const i = lowerBound(this.size, (k) => this.a[this.start + 2 * k] < doc);
    return i < this.size && this.a[this.start + 2 * i] === doc ? i : -1;
  }
}

/** Decoded postings kept per index (the terms of recent queries). */
const POSTINGS_KEPT = 512;

export class KeptSearchIndex {
  readonly signature: string;
  /** Each short id's place in the file's notes (-1: none). */
  private readonly position: Int32Array;
  private readonly statuses: Map<string, NoteStatus>;
  private readonly decoded = new Map<number, FieldTermData>();
  private readonly fieldCount: number;

  private readonly source: QuerySource;
  private readonly queryIndex: QueryIndex;

  constructor(private readonly data: SearchIndexData) {
    const { header } = data;
    this.signature = header.signature;
    this.position = new Int32Array(header.nextId).fill(-1);
    data.shortIds.forEach((shortId, pos) => (this.position[shortId] = pos));
    this.statuses = new Map(header.statuses);
    this.fieldCount = Object.keys(header.fieldIds).length;
    this.source = {
      size: header.documentCount,
      docFreq: (term) => this.docFreq(term),
      // Only ids of indexed notes are asked about (the query's results).
      status: (id) => this.statuses.get(id) ?? 'active',
      run: (_joined, specs, common) => prunedQuery(this.queryIndex, specs, common, { boost: BOOST, fields: FIELDS }) ?? [],
    };
    this.queryIndex = {
      _index: {
        get: (term) => this.postings(this.find(term)),
        atPrefix: (prefix) => this.withPrefix(prefix),
        fuzzyGet: (term, maxDistance) => this.fuzzy(term, maxDistance),
      },
      _fieldIds: header.fieldIds,
      _fieldLength: { get: (shortId) => this.fieldLengths(shortId) },
      _avgFieldLength: header.averageFieldLength,
      _documentCount: header.documentCount,
      _documentIds: { get: (shortId) => (this.position[shortId] >= 0 ? data.ids.piece(this.position[shortId]) : undefined) },
      dirtCount: 0,
    };
  }

  /** The hits, or undefined when the file turns out to be damaged where the query read it. */
  search(query: string, options: SearchOptions = {}): ScoredHit[] | undefined {
    try {
      return scoreQuery(this.source, query, options);
    } catch (err) {
      if (err instanceof DamagedIndexError) return undefined;
      throw err;
    }
  }

  /** Notes whose fields hold the term. */
  private docFreq(term: string): number {
    const p = this.find(term);
    return p < 0 ? 0 : this.data.docFreq[p];
  }

  /** The term's position, or -1. */
  private find(term: string): number {
    const i = this.lowerBound(term);
    return i < this.data.sorted.length && this.data.terms[this.data.sorted[i]] === term ? this.data.sorted[i] : -1;
  }

  /** The first place in sorted order whose term is not below `term`. */
  private lowerBound(term: string): number {
    const { sorted, terms } = this.data;
    return lowerBound(sorted.length, (i) => terms[sorted[i]] < term);
  }

  /** The terms starting with `prefix` (itself included), in minisearch's order (the order kept). */
  private withPrefix(prefix: string): Array<[string, FieldTermData]> {
    const { sorted, terms } = this.data;
    const found: number[] = [];
    for (let i = this.lowerBound(prefix); i < sorted.length && terms[sorted[i]].startsWith(prefix); i++) found.push(sorted[i]);
    return found.sort((a, b) => a - b).map((p) => [terms[p], this.postings(p)!]);
  }

  /** The terms within `maxDistance` edits of `term`, with their distance, in the order minisearch finds them. */
  private fuzzy(term: string, maxDistance: number): Map<string, [FieldTermData, number]> {
    const out = new Map<string, [FieldTermData, number]>();
    const { terms } = this.data;
    // minisearch's fuzzy search visits a node's children in insertion order; its iterator (the order kept, and of
    // prefix matches) visits them last first. Terms are the tree's leaves, so one order is the other reversed.
    for (let p = terms.length - 1; p >= 0; p--) {
      const d = editDistance(term, terms[p], maxDistance);
      if (d <= maxDistance) out.set(terms[p], [this.postings(p)!, d]);
    }
    return out;
  }

  /** A view of the term's postings (checked once: a damaged file throws, never misleads). */
  private postings(p: number): FieldTermData | undefined {
    if (p < 0) return undefined;
    let data = this.decoded.get(p);
    if (data) return data;
    const { postings, postingStart } = this.data;
    const fields = new Map<number, FieldPostings>();
    let at = postingStart[p];
    const end = postingStart[p + 1];
    const count = postings[at++];
    if (!(end <= postings.length && count <= this.fieldCount)) throw new DamagedIndexError();
    for (let f = 0; f < count; f++) {
      const fieldId = postings[at++];
      const n = postings[at++];
      if (!(fieldId < this.fieldCount && at + 2 * n <= end)) throw new DamagedIndexError();
      for (let k = 0; k < n; k++) {
        const doc = postings[at + 2 * k];
        if (!(this.position[doc] >= 0) || (k > 0 && postings[at + 2 * k - 2] >= doc)) throw new DamagedIndexError();
      }
      fields.set(fieldId, new PostingView(postings, at, n));
      at += 2 * n;
    }
    if (at !== end) throw new DamagedIndexError();
    data = fields;
    if (this.decoded.size >= POSTINGS_KEPT) this.decoded.clear();
    this.decoded.set(p, data);
    return data;
  }

  private fieldLengths(shortId: number): ArrayLike<number> | undefined {
    const pos = this.position[shortId];
    if (!(pos >= 0)) return undefined;
    return this.data.fieldLength.subarray(pos * this.fieldCount, (pos + 1) * this.fieldCount);
  }
}

/** The kept index this process read last, per cache folder (one per workspace in practice). */
const kept = new Map<string, KeptSearchIndex>();

/** The index kept in `cacheDir` if it was built from the notes with this signature (read once per process). */
export async function keptSearchIndex(cacheDir: string, signature: string): Promise<KeptSearchIndex | undefined> {
  const last = kept.get(cacheDir);
  if (last?.signature === signature) return last;
  const data = await readSearchIndexFile(cacheDir);
  if (data?.header.signature !== signature) return undefined;
  let index: KeptSearchIndex;
  try {
    index = new KeptSearchIndex(data);
  } catch {
    return undefined; // a header of the wrong shape: built afresh
  }
  kept.delete(cacheDir);
  kept.set(cacheDir, index);
  while (kept.size > 4) kept.delete(kept.keys().next().value!);
  return index;
}

/** Forgets the kept indexes read: the next search reads the file again, as a new process would. */
export function forgetKeptSearchIndexes(): void {
  kept.clear();
}
