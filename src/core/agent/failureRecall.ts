// Just-in-time recall: when a command fails, the notes whose triggers match the failure are attached to
// that command's result, so a known workaround arrives exactly when the error does.
import type { MemoryStore } from '../memory/memoryStore';
import type { LoadedNote, Note } from '../memory/noteSchema';
import { matchFailure, type FailureContext } from '../recall/triggerMatch';
import type { RecalledNote } from './agentEvents';

export interface Recall {
  notes: RecalledNote[];
  /** The text block appended to the tool result. */
  text: string;
}

export interface FailureRecaller {
  recall(failure: FailureContext): Promise<Recall | undefined>;
  /** The notes changed (the model wrote one): reload before the next recall. */
  invalidate(): void;
}

/** Each note is recalled at most once per session: it stays in the conversation after that. */
/** `initial`: the notes as the session start loaded them, or their load under way (undefined: loaded at the first
 * failure). */
export function createFailureRecaller(store: MemoryStore, initial: LoadedNote[] | Promise<LoadedNote[] | undefined> | undefined,
  onWarn?: (message: string) => void): FailureRecaller {
  let pending = initial instanceof Promise ? initial : undefined;
  let notes: LoadedNote[] | undefined = initial instanceof Promise ? undefined : initial;
  let plain: Note[] | undefined; // one array per load, so the recall index is built once, not per failure
  const recalled = new Set<string>();
  return {
    invalidate: () => (notes = plain = pending = undefined),
    async recall(failure) {
      notes ??= (await pending) ?? (await store.load()).notes;
      plain ??= notes.map((n) => n.note);
      const matches = matchFailure(plain, failure, 3, (n) => recalled.has(n.id));
      if (!matches.length) return undefined;
      const files = new Map(notes.map((n) => [n.note.id, n.file]));
      const parts = ['<lucid-memory-recall>', 'Lucid recalled notes from this repository\'s memory that match this failure:'];
      for (const { note } of matches) {
        recalled.add(note.id);
        parts.push('', `### ${note.title} (/memories/${files.get(note.id)})`, note.body.trim());
        await store.bumpCounter(note.id, 'recalled').catch((err: Error) => onWarn?.(`Could not count the recall of ${note.id}: ${err.message}`));
      }
      parts.push('</lucid-memory-recall>');
      return { notes: matches.map(({ note }) => ({ id: note.id, title: note.title })), text: parts.join('\n') };
    },
  };
}
