// Which pairs of notes are duplicates, found without comparing all pairs (10,000 notes in about a second).
//
// Two notes (features in similarityFeatures.ts) are duplicates when:
// 1. they share a specific error key, or one's contains the other's (triggers are substrings of output) — score 1;
// 2. they share a command trigger and a kind, and their content tokens overlap with Jaccard >= COMMAND_JACCARD;
// 3. their content tokens overlap with Jaccard >= TEXT_JACCARD.
// No rule pairs notes with different subjects (differentSubjects: "npx vitest" vs "npx eslint", `npm run gen:api`
// vs `npm run build`, "JavaScript heap out of memory" under webpack vs under vitest).
//
// Calibration (the tests hold the examples): reworded duplicates score 0.3-0.8 (a terse rewording of a convention
// 0.32, a reworded "tests hang in watch mode" 0.30, a reworded lockfile note 0.79); different problems sharing a
// command and a kind score <= 0.10, and related notes about one service (migrations vs port clash, both Postgres
// under docker compose) 0.32 — apart because they share no command. Hence 0.3 with a shared command and kind, 0.5
// on text alone.
//
// Scale: error keys are bucketed (exact keys, buckets of at most MAX_EXACT_BUCKET; containment through the rarest
// word of the shorter key, buckets of at most MAX_ERROR_BUCKET). Rule 3 uses prefix filtering: tokens ordered rarest
// first, two notes with Jaccard >= t share at least k tokens among the first |x| - ceil(t|x|) + k of each, so only
// pairs with k such hits are scored; tokens in more than max(COMMON_DF, 2% of notes) notes generate no candidates
// (a pair that similar always shares rarer words). Rule 2 compares all pairs within a (kind, command) bucket of at
// most MAX_COMMAND_BUCKET notes; a larger bucket ("npm test" everywhere) falls back to rule 3.
import { differentSubjects, type NoteFeatures } from './similarityFeatures';

export const TEXT_JACCARD = 0.5;
export const COMMAND_JACCARD = 0.3;
const MAX_EXACT_BUCKET = 100;
const MAX_ERROR_BUCKET = 25;
const MAX_COMMAND_BUCKET = 300;
const COMMON_DF = 200;
const COMMON_SHARE = 0.02;
const PREFIX_HITS = 3;

/** A duplicate pair, by index into the features array (a < b). */
export interface Edge {
  a: number;
  b: number;
  score: number;
  reason: string;
  byError: boolean;
}

/** Every duplicate pair among `feats` (rules 1-3), in no particular order. */
export function duplicatePairs(feats: NoteFeatures[]): Edge[] {
  const edges = errorEdges(feats);
  const seen = new Set(edges.map((e) => e.a * feats.length + e.b));
  return [...edges, ...textEdges(feats).filter((e) => !seen.has(e.a * feats.length + e.b))];
}

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
    if (list.length > MAX_EXACT_BUCKET) continue;
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) add(list[x], list[y], k);
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
  // hits per pair and score only pairs with k of them (k = PREFIX_HITS, fewer for notes of a few tokens).
  const postings = new Map<number, number[]>();
  const mark = new Int32Array(feats.length).fill(-1);
  const hits = new Int32Array(feats.length);
  const needOf = sets.map((x) => Math.max(1, Math.min(PREFIX_HITS, Math.ceil(TEXT_JACCARD * x.length))));
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
