// Duplicate notes, including near-duplicates teammates wrote on other machines, found so the dream can merge them.
//
// Two notes (active or stale; retired never) are duplicates when (features in similarityFeatures.ts):
// 1. they share a specific error trigger after normalizeErrorText, or one's contains the other's (triggers are
//    substrings of output) — score 1;
// 2. they share a command trigger and a kind, and their content tokens overlap with Jaccard >= COMMAND_JACCARD (0.3);
// 3. their content tokens overlap with Jaccard >= TEXT_JACCARD (0.5).
// No rule pairs notes with different subjects (differentSubjects: "npx vitest" vs "npx eslint", `npm run gen:api`
// vs `npm run build`; and "JavaScript heap out of memory" under webpack vs under vitest). Calibration (see the tests): reworded duplicates land at 0.35-0.7 and,
// when written from the same failure, share an error or a command; unrelated notes of one repository reach ~0.3
// only when they share a tool and a kind of fix, which the subject rule or the thresholds keep apart.
//
// Scale: never all pairs. Error keys are bucketed (exact keys; containment via the rarest word of the shorter key),
// and text pairs come from prefix filtering: each note's tokens are ordered rarest first, and two notes can only
// reach Jaccard t if the first |x| - ceil(t|x|) + 1 tokens of each share one, so only notes sharing a rare token are
// compared. Groups are built greedily from the strongest pairs (errors first), refusing a pair that would join notes
// about different subjects (a chain vitest ~ generic ~ eslint stays apart).
//
// Keeper: a human note (never merged away; two human notes in one group are reported in `humanConflicts` and not
// merged with each other), then an active over a stale one, more evidence sessions, older firstSeen, smaller id.
// The input order never matters: notes are sorted by id first, so every machine produces the same groups.
import type { Note } from '../memory/noteSchema';
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

export const TEXT_JACCARD = 0.5;
export const COMMAND_JACCARD = 0.3;
const MAX_EXACT_BUCKET = 100;
const MAX_ERROR_BUCKET = 25;
const MAX_COMMAND_BUCKET = 300;
const COMMON_DF = 200;
const COMMON_SHARE = 0.02;

interface Edge {
  a: number;
  b: number;
  score: number;
  reason: string;
  byError: boolean;
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
  const edges = withoutAmbiguous(feats, [...errorEdges(feats), ...textEdges(feats)]).sort(
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
    if (used.has(r)) membersOf.set(r, [...(membersOf.get(r) ?? []), f.note]);
  });
  const groups: DuplicateGroup[] = [];
  const humanConflicts: HumanConflict[] = [];
  for (const [root, es] of used) {
    const members = membersOf.get(root)!.sort((x, y) => keeperOrder(x, y, isHuman));
    const score = round(Math.min(...es.map((e) => e.score)));
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
  for (const e of edges) {
    partners.set(e.a, [...(partners.get(e.a) ?? []), e.b]);
    partners.set(e.b, [...(partners.get(e.b) ?? []), e.a]);
  }
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
    (x.evidence.firstSeen ?? '9999') .localeCompare(y.evidence.firstSeen ?? '9999') ||
    (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Pairs sharing an error key (buckets of at most MAX_EXACT_BUCKET notes), or whose keys contain one another (found
 * through the rarest word of the shorter key, in buckets of at most MAX_ERROR_BUCKET).
 */
function errorEdges(feats: NoteFeatures[]): Edge[] {
  const edges = new Map<string, Edge>();
  const add = (i: number, j: number, k: string) => {
    const [a, b] = i < j ? [i, j] : [j, i];
    if (a !== b && !edges.has(`${a}:${b}`)) edges.set(`${a}:${b}`, { a, b, score: 1, reason: `same error \`${k}\``, byError: true });
  };
  const byKey = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  const keyWords = (k: string) => [...new Set(k.replace(/<[a-z]+>/g, ' ').split(/[^a-z0-9_@-]+/).filter((w) => w.length >= 3))];
  const push = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  feats.forEach((f, i) => {
    for (const k of f.errorKeys) {
      push(byKey, k, i);
      for (const w of keyWords(k)) push(byWord, w, i);
    }
  });
  for (const [k, list] of byKey) {
    if (list.length <= MAX_EXACT_BUCKET) for (let x = 1; x < list.length; x++) add(list[0], list[x], k);
  }
  feats.forEach((f, i) => {
    for (const k of f.errorKeys) {
      const words = keyWords(k).sort((x, y) => byWord.get(x)!.length - byWord.get(y)!.length || (x < y ? -1 : 1));
      const bucket = byWord.get(words[0]) ?? [];
      if (bucket.length > MAX_ERROR_BUCKET) continue;
      for (const j of bucket) if (j !== i && feats[j].errorKeys.some((o) => o !== k && o.includes(k))) add(i, j, k);
    }
  });
  return [...edges.values()];
}

/**
 * Pairs over the text thresholds. Rule 3 through prefix filtering at TEXT_JACCARD on rarest-first token order (tokens
 * in more than COMMON_DF notes generate no candidates: a pair that similar always shares a rarer word); rule 2 within
 * each (kind, command) bucket of at most MAX_COMMAND_BUCKET notes.
 */
function textEdges(feats: NoteFeatures[]): Edge[] {
  const df = new Map<string, number>();
  for (const f of feats) for (const t of f.tokens) df.set(t, (df.get(t) ?? 0) + 1);
  const order = [...df.keys()].sort((x, y) => df.get(x)! - df.get(y)! || (x < y ? -1 : 1));
  const rank = new Map(order.map((t, i) => [t, i]));
  const dfOf = Int32Array.from(order.map((t) => df.get(t)!));
  const sets = feats.map((f) => Int32Array.from(f.tokens.map((t) => rank.get(t)!)).sort());
  const common = Math.max(COMMON_DF, Math.ceil(feats.length * COMMON_SHARE));
  const edges = new Map<number, Edge>();
  const consider = (a: number, b: number) => {
    const key = a * feats.length + b;
    if (edges.has(key)) return;
    const e = scorePair(feats, sets, a, b);
    if (e) edges.set(key, e);
  };
  // Two notes with Jaccard >= t share at least k tokens in prefixes of length |x| - ceil(t|x|) + k: count prefix
  // hits per pair and score only pairs with k of them (k = 2, or 1 for notes of one or two tokens).
  const postings = new Map<number, number[]>();
  const mark = new Int32Array(feats.length).fill(-1);
  const hits = new Int32Array(feats.length);
  const needOf = sets.map((x) => (Math.ceil(TEXT_JACCARD * x.length) >= 2 ? 2 : 1));
  sets.forEach((x, i) => {
    const prefix = Math.min(x.length, x.length - Math.ceil(TEXT_JACCARD * x.length) + needOf[i]);
    const touched: number[] = [];
    for (let p = 0; p < prefix && dfOf[x[p]] <= common; p++) {
      const list = postings.get(x[p]);
      if (!list) {
        postings.set(x[p], [i]);
        continue;
      }
      for (const j of list) {
        if (mark[j] !== i) {
          mark[j] = i;
          hits[j] = 0;
          touched.push(j);
        }
        hits[j]++;
      }
      list.push(i);
    }
    for (const j of touched) if (hits[j] >= Math.min(needOf[i], needOf[j])) consider(j, i);
  });
  const buckets = new Map<string, number[]>();
  feats.forEach((f, i) => {
    for (const c of f.commandKeys) {
      const k = `${f.note.kind} ${c}`;
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    }
  });
  for (const list of buckets.values()) {
    if (list.length > MAX_COMMAND_BUCKET) continue;
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) consider(list[x], list[y]);
  }
  return [...edges.values()];
}

function scorePair(feats: NoteFeatures[], sets: Int32Array[], a: number, b: number): Edge | undefined {
  const [x, y] = [sets[a], sets[b]];
  if (Math.min(x.length, y.length) < COMMAND_JACCARD * Math.max(x.length, y.length)) return undefined;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) (shared++, i++, j++);
    else if (x[i] < y[j]) i++;
    else j++;
  }
  const jac = shared / (x.length + y.length - shared || 1);
  if (jac < COMMAND_JACCARD) return undefined;
  const [fa, fb] = [feats[a], feats[b]];
  if (differentSubjects(fa.subjects, fb.subjects)) return undefined;
  const score = round(jac);
  if (jac >= TEXT_JACCARD) return { a, b, score, reason: `similar text (${score})`, byError: false };
  const cmd = fa.note.kind === fb.note.kind && fa.commandKeys.find((c) => fb.commandKeys.includes(c));
  return cmd ? { a, b, score, reason: `same command \`${cmd}\` and kind, similar text (${score})`, byError: false } : undefined;
}
