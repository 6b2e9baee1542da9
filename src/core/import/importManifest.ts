// `.agent-memory/.cache/imports.json`: which source transcripts were imported, at which size and mtime, to
// which session file. Only a fast path: a source whose size and mtime are unchanged is skipped without being
// read. Losing the file costs time, never correctness (the importer then compares the bytes it would write
// with the session file already there). Local to the machine (the .cache folder is gitignored).
import { promises as fsp } from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../memory/atomicWrite';

export interface ManifestEntry {
  size: number;
  mtimeMs: number;
  sessionId: string;
  /** The session file name in `sessions/`; null for a transcript with nothing to import. */
  file: string | null;
  /** What was done with sub-agent records (an import with the other choice reads the source again). */
  sidechains?: 'keep' | 'skip';
  importedAt: string;
}

export interface ImportManifest {
  v: 1;
  /** Keyed by the absolute path of the source transcript. */
  sources: Record<string, ManifestEntry>;
}

const isEntry = (e: unknown): e is ManifestEntry => {
  const x = e as Partial<ManifestEntry> | null;
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof x.size === 'number' &&
    typeof x.mtimeMs === 'number' &&
    typeof x.sessionId === 'string' &&
    (typeof x.file === 'string' || x.file === null)
  );
};

/** The manifest, or an empty one when it is missing or unreadable (the problem says which). */
export async function loadManifest(file: string): Promise<{ manifest: ImportManifest; problem?: string }> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: { v: 1, sources: {} } };
    throw e;
  }
  try {
    const raw = JSON.parse(text) as { v?: unknown; sources?: Record<string, unknown> };
    if (raw.v !== 1 || raw.sources === null || typeof raw.sources !== 'object') throw new Error('unknown shape');
    const sources = Object.fromEntries(Object.entries(raw.sources).filter(([, e]) => isEntry(e))) as Record<string, ManifestEntry>;
    return { manifest: { v: 1, sources } };
  } catch {
    return { manifest: { v: 1, sources: {} }, problem: `${file}: unreadable, ignored (sources are compared with the sessions instead)` };
  }
}

export async function saveManifest(file: string, manifest: ImportManifest): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
