// Merging two teammates' versions of one note against their common ancestor, field by field, so a pull never
// conflicts on a note both of their dreams touched: git's merge driver (`lucid memory merge-note`) and the
// reconciliation of a file already holding conflict markers both come here.
//
// Counts are per machine, so each side's growth since the ancestor is added (never double counted): evidence
// sessions, verified sessions and usage counters. Dates widen, lists unite, examples keep the newer side.
// Wording (title, body, advice) changed on one side only is taken from it; changed on both, from the side that
// saw the problem last. Retired wins over everything (a deliberate act), then stale, then active. The result is
// sealed as Lucid's own only when both sides were; a person's edit on either side makes it a person's note.
import { parseNote, sealNote, serializeNote } from './noteFormat';
import type { Counters, Note, NoteStatus } from './noteSchema';

export interface MergeResult {
  text: string;
  note: Note;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const union = (a: readonly string[] = [], b: readonly string[] = []) => [...new Set([...a, ...b])];
const grown = (ours: number, theirs: number, base: number) => Math.max(0, ours + theirs - base);
const STANDING: NoteStatus[] = ['retired', 'stale', 'active', 'unverified'];

function counters(o: Counters, t: Counters, b: Counters): Counters {
  return { recalled: grown(o.recalled, t.recalled, b.recalled), helpful: grown(o.helpful, t.helpful, b.helpful), harmful: grown(o.harmful, t.harmful, b.harmful) };
}

/**
 * The three-way merge of parsed notes. Without `base`: `added` when both sides added the file (counts add up);
 * `unknown` when the ancestor is lost (conflict markers without it): counts take the larger side, never double.
 */
export function mergeNotes(ours: Note, theirs: Note, base: Note | undefined, baseless: 'added' | 'unknown' = 'added'): Note {
  const low = (a: number, b: number) => (baseless === 'unknown' ? Math.min(a, b) : 0);
  const b = base ?? {
    ...ours,
    evidence: { sessions: low(ours.evidence.sessions, theirs.evidence.sessions), verified: low(ours.evidence.verified ?? 0, theirs.evidence.verified ?? 0), examples: [] },
    counters: { recalled: low(ours.counters.recalled, theirs.counters.recalled), helpful: low(ours.counters.helpful, theirs.counters.helpful), harmful: low(ours.counters.harmful, theirs.counters.harmful) },
  };
  const oursNewer = (ours.evidence.lastSeen ?? '') >= (theirs.evidence.lastSeen ?? '');
  const pick = <K extends keyof Note>(key: K): Note[K] => {
    if (same(ours[key], theirs[key]) || (base && same(theirs[key], b[key]))) return ours[key];
    if (base && same(ours[key], b[key])) return theirs[key];
    return oursNewer ? ours[key] : theirs[key];
  };
  const status = base && ours.status === b.status ? theirs.status : base && theirs.status === b.status ? ours.status
    : STANDING.find((s) => s === ours.status || s === theirs.status) ?? ours.status;
  const statusFrom = ours.status === status ? ours : theirs;
  const [oe, te, be] = [ours.evidence, theirs.evidence, b.evidence];
  const note: Note = {
    ...ours,
    kind: pick('kind'), title: pick('title'), body: pick('body'), status,
    scope: union(ours.scope, theirs.scope),
    triggers: { errors: union(ours.triggers.errors, theirs.triggers.errors), commands: union(ours.triggers.commands, theirs.triggers.commands), keywords: union(ours.triggers.keywords, theirs.triggers.keywords) },
    evidence: {
      sessions: grown(oe.sessions, te.sessions, be.sessions),
      ...(oe.verified !== undefined || te.verified !== undefined ? { verified: grown(oe.verified ?? 0, te.verified ?? 0, be.verified ?? 0) } : {}),
      ...(oe.firstSeen || te.firstSeen ? { firstSeen: [oe.firstSeen, te.firstSeen].filter((x): x is string => !!x).sort()[0] } : {}),
      ...(oe.lastSeen || te.lastSeen ? { lastSeen: [oe.lastSeen, te.lastSeen].filter((x): x is string => !!x).sort().pop() } : {}),
      examples: oursNewer ? oe.examples : te.examples,
      ...(oe.paths || te.paths ? { paths: union(oe.paths, te.paths).sort() } : {}),
    },
    counters: counters(ours.counters, theirs.counters, b.counters),
    extra: { ...theirs.extra, ...ours.extra },
  };
  for (const key of ['fix', 'known', 'reason'] as const) {
    const value = key === 'reason' ? statusFrom.reason : pick(key);
    if (value === undefined) delete note[key];
    else (note as unknown as Record<string, unknown>)[key] = value;
  }
  const problems = union(ours.problems, theirs.problems).sort();
  if (problems.length) note.problems = problems;
  const merged = union(ours.merged, theirs.merged);
  if (merged.length) note.merged = merged;
  return note;
}

/**
 * Merges the texts of a note file. Undefined when a side cannot be read as a note (git then keeps its conflict,
 * and the file is reported, never dropped). `base` is undefined or '' when the file was added on both sides.
 */
export function mergeNoteTexts(oursText: string, theirsText: string, baseText: string | undefined, file = 'note', baseless: 'added' | 'unknown' = 'added'): MergeResult | undefined {
  const ours = parseNote(oursText, file);
  const theirs = parseNote(theirsText, file);
  if ('error' in ours || 'error' in theirs) return undefined;
  const base = baseText ? parseNote(baseText, file) : undefined;
  const baseNote = base && 'note' in base ? base.note : undefined;
  const note = mergeNotes(ours.note, theirs.note, baseNote, baseless);
  const lucidOwned = !ours.humanOwned && !theirs.humanOwned;
  const final = lucidOwned ? sealNote(note) : { ...note, fingerprint: undefined };
  return { text: serializeNote(final), note: final };
}

const CONFLICT = /^<{7}(?: .*)?\n([\s\S]*?)^(?:\|{7}(?: .*)?\n([\s\S]*?))?={7}\n([\s\S]*?)^>{7}(?: .*)?(?:\n|$)/m;

/** Whether a file holds git's conflict markers. */
export function hasConflictMarkers(text: string): boolean {
  return CONFLICT.test(text.replace(/\r\n?/g, '\n'));
}

/**
 * A note file git left with conflict markers (merge or diff3 style), reconciled: each side rebuilt from the
 * text around the hunks, then merged as above (without diff3's ancestor, counts take the larger side). Undefined
 * when the sides cannot be read as notes.
 */
export function reconcileConflicts(text: string, file = 'note'): MergeResult | undefined {
  let rest = text.replace(/\r\n?/g, '\n');
  let ours = '';
  let theirs = '';
  let base = '';
  let sawBase = false;
  for (let m = CONFLICT.exec(rest); m; m = CONFLICT.exec(rest)) {
    const before = rest.slice(0, m.index);
    ours += before + m[1];
    theirs += before + m[3];
    if (m[2] !== undefined) sawBase = true;
    base += before + (m[2] ?? '');
    rest = rest.slice(m.index + m[0].length);
  }
  return mergeNoteTexts(ours + rest, theirs + rest, sawBase ? base + rest : undefined, file, 'unknown');
}
