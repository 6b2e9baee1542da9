// Merges duplicate notes into the one kept (see noteSimilarity.ts for which one): the keeper's title, body, kind,
// status and provenance stay (a model pass may reword later); triggers and scope are unions, evidence and counters
// add up, and `merged` records every id folded in. Deterministic: the others are taken in id order, whatever order
// they come in, so two machines merging the same notes write the same bytes.
import { normalizeCommand, normalizeErrorText } from '../../errors/errorSignature';
import type { Evidence, Note } from '../../memory/noteSchema';

export const MAX_ERRORS = 10;
export const MAX_COMMANDS = 10;
export const MAX_KEYWORDS = 16;
export const MAX_SCOPE = 16;

/** Values in order, deduplicated by `norm`, at most `cap` (the keeper's come first, so they survive the cap). */
function union(lists: string[][], norm: (s: string) => string, cap: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const v of list) {
      const k = norm(v);
      if (!k || seen.has(k)) continue;
      seen.add(k);
      if (out.length < cap) out.push(v);
    }
  }
  return out;
}

const minDay = (days: Array<string | undefined>) => days.filter((d): d is string => !!d).sort()[0];
const maxDay = (days: Array<string | undefined>) => days.filter((d): d is string => !!d).sort().pop();

/**
 * The two most recent distinct examples: notes seen last come first (the keeper first among equals, then id order),
 * a note's own examples in their order; an example repeating a session or a text already taken is skipped.
 */
function examples(notes: Note[]): Evidence['examples'] {
  const ranked = notes
    .map((n, i) => ({ n, i }))
    .sort((x, y) => (y.n.evidence.lastSeen ?? '').localeCompare(x.n.evidence.lastSeen ?? '') || x.i - y.i);
  const out: Evidence['examples'] = [];
  const sessions = new Set<string>();
  const texts = new Set<string>();
  for (const { n } of ranked) {
    for (const ex of n.evidence.examples) {
      const text = normalizeErrorText(ex.text);
      if (out.length >= 2 || sessions.has(ex.session) || texts.has(text)) continue;
      sessions.add(ex.session);
      texts.add(text);
      out.push({ ...ex });
    }
  }
  return out;
}

/** `keep` with `others` folded in (see the top of the file). */
export function mergeNotes(keep: Note, others: readonly Note[]): Note {
  const rest = others.filter((n) => n.id !== keep.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const all = [keep, ...rest];
  const sum = (f: (n: Note) => number) => all.reduce((acc, n) => acc + f(n), 0);
  const merged = [...new Set([...(keep.merged ?? []), ...rest.flatMap((n) => [n.id, ...(n.merged ?? [])])])]
    .filter((id) => id !== keep.id)
    .sort();
  const firstSeen = minDay(all.map((n) => n.evidence.firstSeen));
  const lastSeen = maxDay(all.map((n) => n.evidence.lastSeen));
  const note: Note = {
    ...keep,
    scope: union(all.map((n) => n.scope), (s) => s.trim().replace(/^\.\//, '').replace(/\/+$/, ''), MAX_SCOPE),
    triggers: {
      errors: union(all.map((n) => n.triggers.errors), normalizeErrorText, MAX_ERRORS),
      commands: union(all.map((n) => n.triggers.commands), normalizeCommand, MAX_COMMANDS),
      keywords: union(all.map((n) => n.triggers.keywords), (k) => k.trim().toLowerCase(), MAX_KEYWORDS),
    },
    evidence: {
      sessions: sum((n) => n.evidence.sessions),
      ...(firstSeen ? { firstSeen } : {}),
      ...(lastSeen ? { lastSeen } : {}),
      examples: examples(all),
    },
    counters: {
      recalled: sum((n) => n.counters.recalled),
      helpful: sum((n) => n.counters.helpful),
      harmful: sum((n) => n.counters.harmful),
    },
    merged,
    extra: { ...keep.extra },
  };
  return note;
}
