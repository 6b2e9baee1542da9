// Duplicate notes, including near-duplicates teammates wrote on other machines, found so the dream can merge them.
//
// Which pairs are duplicates (shared specific error, shared command + kind + Jaccard >= 0.3, Jaccard >= 0.5, never
// across different subjects) and how they are found without comparing all pairs: duplicatePairs.ts. The features
// compared (content tokens, error keys, subjects): similarityFeatures.ts. Merging: noteMerge.ts.
//
// Groups are built greedily from the strongest pairs (errors first), refusing a pair that would join notes about
// different subjects; a note naming no subject whose partners are about different subjects joins none of them (a
// generic "JavaScript heap out of memory" note matching both the webpack and the vitest one belongs to neither).
//
// Keeper: a human note (never merged away; two human notes in one group are reported in `humanConflicts` and not
// merged with each other), then an active over a stale one, more evidence sessions, older firstSeen, smaller id.
// Only active and stale notes take part, never retired ones. The input order never matters: notes are sorted by
// id first, so every machine dreaming over the same notes produces the same groups.
import type { Note } from '../../memory/noteSchema';
import { duplicatePairs, type Edge } from './duplicatePairs';
import { differentSubjects, noteFeatures, toolVocabulary, type NoteFeatures, type Subjects } from './similarityFeatures';

export { mergeNotes } from './noteMerge';

export interface DuplicateGroup {
  keep: string;
  merge: string[];
  /** The weakest pair score that joined the group, 0..1 (1: a shared error). */
  score: number;
  reason: string;
}

export interface HumanConflict {
  ids: string[];
  score: number;
  reason: string;
}

export interface DuplicateOptions {
  /** Whether a person owns the note (default: provenance `human`). Pass LoadedNote.humanOwned for edited files. */
  isHuman?: (note: Note) => boolean;
}

/** Groups of duplicate notes, each with the note to keep and the notes to merge into it. */
export function findDuplicateGroups(notes: readonly Note[], options: DuplicateOptions = {}): DuplicateGroup[] {
  return findDuplicates(notes, options).groups;
}

export function findDuplicates(notes: readonly Note[], options: DuplicateOptions = {}): { groups: DuplicateGroup[]; humanConflicts: HumanConflict[] } {
  const isHuman = options.isHuman ?? ((n: Note) => n.provenance === 'human');
  const eligible = notes
    .filter((n) => n.status !== 'retired')
    .sort((x, y) => cmp(x.id, y.id) || cmp(x.title, y.title) || cmp(x.body, y.body));
  const vocab = toolVocabulary(eligible);
  const feats = eligible.map((n) => noteFeatures(n, vocab));
  const edges = withoutAmbiguous(feats, duplicatePairs(feats)).sort(
    (x, y) => Number(y.byError) - Number(x.byError) || y.score - x.score || x.a - y.a || x.b - y.b,
  );
  // Greedy union: parent pointers, plus each component's subjects (union of its members') and edges.
  const parent = feats.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const subjects: Subjects[] = feats.map((f) => ({ tools: new Set(f.subjects.tools), scripts: new Set(f.subjects.scripts) }));
  const used = new Map<number, Edge[]>();
  for (const e of edges) {
    const [ra, rb] = [find(e.a), find(e.b)];
    if (ra === rb || differentSubjects(subjects[ra], subjects[rb])) continue;
    const [root, other] = ra < rb ? [ra, rb] : [rb, ra];
    parent[other] = root;
    for (const t of subjects[other].tools) subjects[root].tools.add(t);
    for (const x of subjects[other].scripts) subjects[root].scripts.add(x);
    const es = used.get(root) ?? [];
    for (const oe of used.get(other) ?? []) es.push(oe);
    es.push(e);
    used.set(root, es);
    used.delete(other);
  }
  const membersOf = new Map<number, Note[]>();
  feats.forEach((f, i) => {
    const r = find(i);
    if (!used.has(r)) return;
    const list = membersOf.get(r);
    if (list) list.push(f.note);
    else membersOf.set(r, [f.note]);
  });
  const groups: DuplicateGroup[] = [];
  const humanConflicts: HumanConflict[] = [];
  for (const [root, es] of used) {
    const members = membersOf.get(root)!.sort((x, y) => keeperOrder(x, y, isHuman));
    const score = Math.min(...es.map((e) => e.score));
    const reasons = [...new Set(es.map((e) => e.reason))].slice(0, 3).join('; ');
    const humans = members.filter(isHuman);
    if (humans.length > 1) humanConflicts.push({ ids: humans.map((n) => n.id).sort(), score, reason: reasons });
    const merge = members.slice(1).filter((n) => !isHuman(n)).map((n) => n.id).sort();
    if (merge.length > 0) groups.push({ keep: members[0].id, merge, score, reason: reasons });
  }
  groups.sort((x, y) => (x.keep < y.keep ? -1 : 1));
  humanConflicts.sort((x, y) => (x.ids[0] < y.ids[0] ? -1 : 1));
  return { groups, humanConflicts };
}

/**
 * Drops the pairs of a note that names no subject when its partners are about different subjects: a generic
 * "JavaScript heap out of memory" note matching both the webpack and the vitest one belongs to neither.
 */
function withoutAmbiguous(feats: NoteFeatures[], edges: Edge[]): Edge[] {
  const partners = new Map<number, number[]>();
  const link = (i: number, j: number) => {
    const list = partners.get(i);
    if (list) list.push(j);
    else partners.set(i, [j]);
  };
  for (const e of edges) (link(e.a, e.b), link(e.b, e.a));
  const ambiguous = new Set<number>();
  for (const [i, ps] of partners) {
    const s = feats[i].subjects;
    if (ps.length < 2 || s.tools.size > 0 || s.scripts.size > 0) continue;
    const clash = ps.length > 50 || ps.some((p, k) => ps.slice(k + 1).some((q) => differentSubjects(feats[p].subjects, feats[q].subjects)));
    if (clash) ambiguous.add(i);
  }
  return ambiguous.size === 0 ? edges : edges.filter((e) => !ambiguous.has(e.a) && !ambiguous.has(e.b));
}

/** Keeper order: human, active, more sessions, older firstSeen, smaller id. */
function keeperOrder(x: Note, y: Note, isHuman: (n: Note) => boolean): number {
  return (
    Number(isHuman(y)) - Number(isHuman(x)) ||
    Number(y.status === 'active') - Number(x.status === 'active') ||
    y.evidence.sessions - x.evidence.sessions ||
    cmp(x.evidence.firstSeen ?? '9999', y.evidence.firstSeen ?? '9999') ||
    cmp(x.id, y.id)
  );
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
