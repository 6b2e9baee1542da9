// An answer key for a corpus of sessions: the lessons a careful reviewer found (with the fix that worked) and the
// noise that must never become a note, each with a matcher over a note's text. Keys live in bench/dream-keys/.
import * as fs from 'fs';
import type { Note } from '../../src/core/memory/noteSchema';

/**
 * - `lesson`: recurs, with a verified fix: the dream must find it, with that fix;
 * - `known`: recurs with no fix, or fails before any change: a known-problem note (or a note with a fix) finds it;
 * - `single`: one session, a tool-contract error fixed by a minimal change: welcome, not required;
 * - `subtle`: a reviewer wants it, but no failure in the transcript shows it (or each session fixed it differently).
 */
export type Tier = 'lesson' | 'known' | 'single' | 'subtle';

export interface KeyLesson {
  id: string;
  tier: Tier;
  summary: string;
  /** Sessions that show it (file-name prefixes), for the record. */
  sessions?: string[];
  match: {
    /** The problem: over the note's title, body and error triggers (case-insensitive). */
    error: string;
    /** Each must match the note's advice (its fix text and commands). */
    fix?: string[];
    /** Must not match the commands the note advises (wrong advice). */
    notFix?: string;
  };
}

export interface KeyNoise {
  id: string;
  summary: string;
  /** Over the note's title, body and triggers (case-insensitive). */
  match: string;
}

export interface AnswerKey {
  corpus: string;
  source: string;
  lessons: KeyLesson[];
  noise: KeyNoise[];
}

export function readKey(file: string): AnswerKey {
  const k = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AnswerKey>;
  return { corpus: k.corpus ?? file, source: k.source ?? '', lessons: k.lessons ?? [], noise: k.noise ?? [] };
}

const re = (s: string) => new RegExp(s, 'i');
const problemText = (n: Note) => [n.title, n.body, ...n.triggers.errors, ...(n.problems ?? [])].join('\n');
const adviceText = (n: Note) => [n.fix?.text ?? '', ...(n.fix?.commands ?? [])].join('\n');

/** Whether a note is this lesson with its fix (a known problem counts for `known` lessons without a fix too). */
export function noteMatchesLesson(n: Note, l: KeyLesson): boolean {
  if (!re(l.match.error).test(problemText(n))) return false;
  if (l.match.notFix && (n.fix?.commands ?? []).some((c) => re(l.match.notFix!).test(c))) return false;
  if (l.tier === 'known' && n.known) return true;
  return !!n.fix && (l.match.fix ?? []).every((f) => re(f).test(adviceText(n)));
}

/** Whether a note is about this lesson's problem at all (right or wrong advice). */
export function noteAboutLesson(n: Note, l: KeyLesson): boolean {
  return re(l.match.error).test(problemText(n));
}

export function noteMatchesNoise(n: Note, x: KeyNoise): boolean {
  return re(x.match).test([n.title, n.body, ...n.triggers.errors].join('\n'));
}

export interface KeyScore {
  found: Array<{ lesson: KeyLesson; notes: string[] }>;
  missed: Array<{ lesson: KeyLesson; wrong: string[] }>;
  noise: Array<{ noise: KeyNoise; notes: string[] }>;
  /** Active notes that match no lesson and no noise. */
  review: string[];
}

export function scoreNotes(notes: Note[], key: AnswerKey): KeyScore {
  const active = notes.filter((n) => n.status === 'active');
  const score: KeyScore = { found: [], missed: [], noise: [], review: [] };
  const claimed = new Set<string>();
  for (const lesson of key.lessons) {
    const hits = active.filter((n) => noteMatchesLesson(n, lesson));
    hits.forEach((n) => claimed.add(n.id));
    if (hits.length) score.found.push({ lesson, notes: hits.map((n) => n.id) });
    else score.missed.push({ lesson, wrong: active.filter((n) => noteAboutLesson(n, lesson)).map((n) => n.id) });
  }
  for (const noise of key.noise) {
    const hits = active.filter((n) => !claimed.has(n.id) && noteMatchesNoise(n, noise));
    hits.forEach((n) => claimed.add(n.id));
    if (hits.length) score.noise.push({ noise, notes: hits.map((n) => n.id) });
  }
  score.review = active.filter((n) => !claimed.has(n.id) && !key.lessons.some((l) => noteAboutLesson(n, l))).map((n) => n.id);
  return score;
}
