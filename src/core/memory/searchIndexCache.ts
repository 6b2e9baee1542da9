// The search index kept on disk (`.cache/search-index.json`, local, gitignored), so that a new window or a CLI run
// does not build it again from every note: restoring it takes about a quarter of the time. It is a cache, never the
// truth: it is used only for exactly the notes it was built from (the same ids with the same content hashes, one
// signature over all of them), and anything else (another version, a damaged file, a note changed) builds the index
// afresh. A person's note that holds a secret keeps the whole index off the disk (its words are in the index).
import { createHash } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import { NoteIndex, type NoteIndexSnapshot } from './noteSearch';
import type { LoadedNote } from './noteSchema';
import { gateText } from '../redact/redactionGate';

export const SEARCH_INDEX_FILE = 'search-index.json';
/** Bump when what is indexed changes (noteSearch.ts fields, tokenizer, minisearch's format). */
const VERSION = 1;

interface CacheFile extends NoteIndexSnapshot {
  version: number;
  signature: string;
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

/** The index kept for exactly these notes, or undefined (none, another version or signature, unreadable). */
export async function readSearchIndex(cacheDir: string, signature: string, notes: readonly LoadedNote[], hashes: ReadonlyMap<string, string>): Promise<NoteIndex | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(path.join(cacheDir, SEARCH_INDEX_FILE), 'utf8')) as Partial<CacheFile> | null;
    if (data?.version !== VERSION || data.signature !== signature || !data.mini || !Array.isArray(data.docFreq)) return undefined;
    return NoteIndex.restore({ mini: data.mini, docFreq: data.docFreq }, notes, hashes);
  } catch {
    return undefined;
  }
}

/** Best effort (a cache): a temp file renamed into place. Not written when a person's note holds a secret. */
export async function writeSearchIndex(cacheDir: string, signature: string, index: NoteIndex, notes: readonly LoadedNote[]): Promise<void> {
  if (notes.some((n) => n.humanOwned && holdsSecret(n))) return;
  // Taken now, before any await: the index may change while the file is written.
  const text = JSON.stringify({ version: VERSION, signature, ...index.snapshot() } satisfies CacheFile);
  const target = path.join(cacheDir, SEARCH_INDEX_FILE);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    // Into .cache as it is (the parsed-note index made it): never recreating a memory folder removed meanwhile.
    await fs.writeFile(temp, text);
    await fs.rename(temp, target);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Lucid's own notes went through the gate when sealed; a person's may hold a secret in any field. */
function holdsSecret({ note }: LoadedNote): boolean {
  const text = JSON.stringify([note.title, note.body, note.triggers]);
  return gateText(text) !== text;
}
