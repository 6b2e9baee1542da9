// The search index kept on disk (`.cache/search-index.bin`, local, gitignored), so that a new window or a CLI run
// does not build it again from every note (about a second at 10,000 notes). It is read in part, not restored:
// a query decodes only the postings of its own terms (keptSearchIndex.ts), so a session start in a new process
// costs milliseconds. It is a cache, never the truth: it is used only for exactly the notes it was built from (the
// same ids with the same content hashes, one signature over all of them); anything else (another version, a
// damaged file, a note changed) builds the index afresh. A person's note that holds a secret keeps the whole index
// off the disk (its words are in the index).
// The layout is sectionFile.ts's.
import { createHash } from 'crypto';
import { writeFileAtomic } from './atomicWrite';
import * as fs from 'fs/promises';
import * as path from 'path';
import type { IndexContents } from './noteSearch';
import type { LoadedNote, NoteStatus } from './noteSchema';
import { decodeSections, encodeSections, type TextSection } from './sectionFile';
import { gateText } from '../redact/redactionGate';

export const SEARCH_INDEX_FILE = 'search-index.bin';
const MAGIC = 'LUCIDSX\n';
/** Bump when what is indexed changes (noteSearch.ts fields, tokenizer, minisearch's internals) or the layout. */
const VERSION = 2;

export interface SearchIndexHeader {
  version: number;
  signature: string;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** Notes indexed whose status is not `active`. */
  statuses: Array<[string, NoteStatus]>;
}

/** A decoded file: its header and its sections. */
export interface SearchIndexData {
  header: SearchIndexHeader;
  /** Terms in minisearch's own order (the order its prefix lookups visit them). */
  terms: string[];
  /** Term positions sorted by term. */
  sorted: Uint32Array;
  /** How many notes hold each term (in any field). */
  docFreq: Uint32Array;
  /** Where each term's postings start in `postings` (one more entry: the end). */
  postingStart: Uint32Array;
  /** Per term: the number of fields, then per field: its id, n, and n pairs (note short id, count) by short id. */
  postings: Uint32Array;
  /** Each note's id (decoded when asked for). */
  ids: TextSection;
  shortIds: Uint32Array;
  /** Each note's field lengths, `fieldIds` entries per note, in `ids` order. */
  fieldLength: Uint32Array;
}

/** One hash over every note's id and content hash; undefined when a note has no hash (it cannot be checked). */
export function indexSignature(notes: readonly LoadedNote[], hashes: ReadonlyMap<string, string>): string | undefined {
  const parts: string[] = [];
  for (const n of notes) {
    const hash = hashes.get(n.note.id);
    if (!hash) return undefined;
    parts.push(`${n.note.id}\0${hash}`);
  }
  return createHash('sha256').update(parts.sort().join('\n')).digest('hex');
}

/** `indexSignature` of notes as loaded (a frozen array: computed once). */
const signatures = new WeakMap<readonly LoadedNote[], string | undefined>();
export function signatureOf(notes: readonly LoadedNote[], hashes: ReadonlyMap<string, string>): string | undefined {
  if (!signatures.has(notes)) signatures.set(notes, indexSignature(notes, hashes));
  return signatures.get(notes);
}

/** The kept file's contents, or undefined (none, another version, damaged). The caller checks the signature. */
export async function readSearchIndexFile(cacheDir: string): Promise<SearchIndexData | undefined> {
  try {
    return decode(await fs.readFile(path.join(cacheDir, SEARCH_INDEX_FILE)));
  } catch {
    return undefined;
  }
}

/** Best effort (a cache), written atomically. Not written when a person's note holds a secret. */
export async function writeSearchIndexFile(cacheDir: string, signature: string, contents: IndexContents, notes: readonly LoadedNote[]): Promise<void> {
  if (notes.some((n) => n.humanOwned && holdsSecret(n))) return;
  // Taken now, before any await: the index may change while the file is written.
  const bytes = encode(signature, contents);
  if (!bytes) return;
  // Into .cache as it is (the parsed-note index made it): never recreating a memory folder removed meanwhile.
  if (await writeFileAtomic(path.join(cacheDir, SEARCH_INDEX_FILE), bytes).then(() => true, () => false)) {
    await fs.rm(path.join(cacheDir, 'search-index.json'), { force: true }).catch(() => undefined); // the whole-index form kept before
  }
}

/** The file's bytes; undefined when the index cannot be kept this way (discarded documents, odd values). */
export function encode(signature: string, { index: m, nextId, statuses, docFreq }: IndexContents): Buffer | undefined {
  if (m.dirtCount !== 0) return undefined;
  const terms: string[] = [];
  const postings: number[] = [];
  const postingStart: number[] = [0];
  for (const [term, data] of m._index as unknown as Iterable<[string, Map<number, Map<number, number>>]>) {
    terms.push(term);
    postings.push(data.size);
    for (const [fieldId, freqs] of data) {
      postings.push(fieldId, freqs.size);
      // By short id: a reader finds a note by binary search (the order of a field's notes changes no score).
      for (const doc of [...freqs.keys()].sort((a, b) => a - b)) postings.push(doc, freqs.get(doc)!);
    }
    postingStart.push(postings.length);
  }
  const ids: string[] = [];
  const shortIds: number[] = [];
  const fieldLength: number[] = [];
  const fieldCount = Object.keys(m._fieldIds).length;
  for (const [shortId, id] of m._documentIds as unknown as Iterable<[number, string]>) {
    const lengths = m._fieldLength.get(shortId);
    if (!lengths || lengths.length !== fieldCount) return undefined;
    ids.push(id);
    shortIds.push(shortId);
    for (let f = 0; f < fieldCount; f++) fieldLength.push(lengths[f]);
  }
  const freqs = terms.map(docFreq);
  if (![postings, fieldLength, shortIds, freqs].every(u32s)) return undefined;
  const sorted = terms.map((_, i) => i).sort((a, b) => (terms[a] < terms[b] ? -1 : 1));
  const header: SearchIndexHeader = {
    version: VERSION, signature, documentCount: m._documentCount, nextId, fieldIds: m._fieldIds,
    averageFieldLength: m._avgFieldLength, statuses: [...statuses],
  };
  return encodeSections(MAGIC, header, {
    terms: { pieces: terms }, sorted: Uint32Array.from(sorted), docFreq: Uint32Array.from(freqs), postingStart: Uint32Array.from(postingStart),
    postings: Uint32Array.from(postings), ids: { pieces: ids }, shortIds: Uint32Array.from(shortIds), fieldLength: Uint32Array.from(fieldLength),
  });
}

/** The contents of a kept file's bytes, or undefined (not one, another version, inconsistent). */
export function decode(bytes: Buffer): SearchIndexData | undefined {
  const file = decodeSections<SearchIndexHeader>(MAGIC, bytes);
  const header = file?.header;
  if (!file || header?.version !== VERSION || typeof header.signature !== 'string') return undefined;
  const data: SearchIndexData = {
    header, terms: file.text('terms').all(), sorted: file.u32('sorted'), docFreq: file.u32('docFreq'), postingStart: file.u32('postingStart'),
    postings: file.u32('postings'), ids: file.text('ids'), shortIds: file.u32('shortIds'), fieldLength: file.u32('fieldLength'),
  };
  const fields = Object.keys(header.fieldIds ?? {}).length;
  const n = data.terms.length;
  const consistent = data.sorted.length === n && data.docFreq.length === n && data.postingStart.length === n + 1 &&
    data.postingStart[n] === data.postings.length && data.shortIds.length === data.ids.count && data.fieldLength.length === data.ids.count * fields &&
    // Short ids index an array: a file whose ids run far past its notes (or a damaged count) is not read.
    Number.isInteger(header.nextId) && header.nextId <= 8 * data.ids.count + 65_536 && data.shortIds.every((id) => id < header.nextId) &&
    Array.isArray(header.averageFieldLength) && header.averageFieldLength.length === fields && Array.isArray(header.statuses);
  return consistent && sortedTerms(data) ? data : undefined;
}

/** `sorted` orders every term, strictly (so it is a permutation): a lookup by binary search finds each term. */
function sortedTerms({ terms, sorted }: SearchIndexData): boolean {
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i] >= terms.length || (i > 0 && !(terms[sorted[i - 1]] < terms[sorted[i]]))) return false;
  }
  return true;
}

function u32s(xs: number[]): boolean {
  return xs.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff);
}

/** Lucid's own notes went through the gate when sealed; a person's may hold a secret in any field. */
function holdsSecret({ note }: LoadedNote): boolean {
  const text = JSON.stringify([note.title, note.body, note.triggers]);
  return gateText(text) !== text;
}
