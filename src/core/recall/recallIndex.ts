// What makes just-in-time recall cheap at 10,000 notes: instead of searching a failure's output for every error
// trigger of every note, each trigger is filed under its rarest *inner* word (a word with a non-word character on
// both sides inside the trigger, so it is a whole word of any text that contains the trigger), and under its
// error-signature keys. A failure then checks only the triggers filed under the words its output has. Triggers
// without an inner word (a lone `ENOENT`) are checked every time. Exact: the same matches as checking them all.
import type { Note } from '../memory/noteSchema';

export interface TriggerEntry {
  note: Note;
  /** Position of the trigger in the note's `triggers.errors` (the first matching one is reported). */
  index: number;
  text: string;
  /** The form searched in the output (folded or normalised). */
  form: string;
}

export interface WordIndex {
  byWord: Map<string, TriggerEntry[]>;
  always: TriggerEntry[];
}

const WORD = /[a-z0-9_]+/g;

/** The whole words of a text (lower-case letters, digits, underscores). */
export function wordsOf(text: string): Set<string> {
  return new Set(text.match(WORD) ?? []);
}

/** Words of a trigger that any text containing it has whole: those not touching the trigger's ends. */
function innerWords(form: string): string[] {
  const out: string[] = [];
  for (const m of form.matchAll(WORD)) {
    const end = m.index + m[0].length;
    if (m.index > 0 && end < form.length) out.push(m[0]);
  }
  return out;
}

/** Files each (note, trigger form) under its rarest inner word across the whole set. */
export function buildWordIndex(entries: TriggerEntry[]): WordIndex {
  const words = entries.map((e) => (e.form.length >= 4 ? innerWords(e.form) : []));
  const df = new Map<string, number>();
  for (const ws of words) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  const index: WordIndex = { byWord: new Map(), always: [] };
  entries.forEach((e, i) => {
    if (e.form.length < 4) return; // too short to match at all
    let best: string | undefined;
    for (const w of words[i]) if (!best || df.get(w)! < df.get(best)! || (df.get(w) === df.get(best) && w.length > best.length)) best = w;
    if (!best) index.always.push(e);
    else index.byWord.set(best, [...(index.byWord.get(best) ?? []), e]);
  });
  return index;
}

/** The entries whose form occurs in `text` (whose words are `words`). */
export function findIn(index: WordIndex, text: string, words: Set<string>): TriggerEntry[] {
  const hits: TriggerEntry[] = [];
  for (const e of index.always) if (text.includes(e.form)) hits.push(e);
  for (const w of words) for (const e of index.byWord.get(w) ?? []) if (text.includes(e.form)) hits.push(e);
  return hits;
}
