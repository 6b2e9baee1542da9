// The one way notes reach disk after a dream or a review: the notes to write (sealed, so Lucid knows them as its
// own), this machine's recall counts folded into the notes Lucid owns, and the digest rebuilt from the result; all
// as file writes for one crash-safe transaction. A file whose bytes would not change is left out by the commit.
import * as path from 'path';
import { counterOverlayPath, serializeCounterOverlay, type CounterDeltas } from '../../memory/counterOverlay';
import { buildDigest } from '../../memory/digest';
import type { MemoryPaths } from '../../memory/memoryLayout';
import type { FileWrite } from '../../memory/memoryTransaction';
import { sealNote, serializeNote } from '../../memory/noteFormat';
import type { LoadedNote, Note } from '../../memory/noteSchema';

export interface ApplyInput {
  paths: Pick<MemoryPaths, 'root' | 'cache'>;
  /** The notes as loaded (recall counts of this machine already added by the store). */
  notes: LoadedNote[];
  writes: Array<{ note: Note; file: string }>;
  /** This machine's recall counts; those of notes Lucid owns are folded in and cleared. Absent: leave them. */
  overlay?: CounterDeltas;
  budgetTokens: number;
}

export interface Applied {
  files: FileWrite[];
  notes: LoadedNote[];
  digest: ReturnType<typeof buildDigest>;
}

export function applyNotes(a: ApplyInput): Applied {
  const files: FileWrite[] = [];
  const final = new Map(a.notes.map((n) => [n.note.id, n]));
  const written = new Set<string>();
  for (const n of a.notes) {
    // A note git left with conflict markers, read as both sides merged: stored merged (a person's stays unsealed).
    if (!n.reconciled || a.writes.some((w) => w.note.id === n.note.id && !n.humanOwned)) continue;
    files.push({ path: `notes/${n.file}`, content: serializeNote(n.humanOwned ? n.note : sealNote(n.note)) });
    written.add(n.note.id);
  }
  for (const w of a.writes) {
    if (final.get(w.note.id)?.humanOwned) continue; // a person's note is never written over
    files.push({ path: `notes/${w.file}`, content: serializeNote(sealNote(w.note)) });
    final.set(w.note.id, { note: w.note, file: w.file, humanOwned: false });
    written.add(w.note.id);
  }
  if (a.overlay) {
    const overlay = { ...a.overlay };
    const folded = Object.keys(overlay).filter((id) => final.get(id) && !final.get(id)!.humanOwned);
    for (const id of folded) {
      const n = final.get(id)!;
      if (!written.has(id)) files.push({ path: `notes/${n.file}`, content: serializeNote(sealNote(n.note)) });
      delete overlay[id];
    }
    if (folded.length) {
      const rel = path.relative(a.paths.root, counterOverlayPath(a.paths.cache)).split(path.sep).join('/');
      files.push({ path: rel, content: serializeCounterOverlay(overlay) });
    }
  }
  const notes = [...final.values()];
  const digest = buildDigest(notes, { budgetTokens: a.budgetTokens });
  files.push({ path: 'MEMORY.md', content: digest.text });
  return { files, notes, digest };
}
