// When a lesson is worth a note. A lesson is what recurs: the same problem in two or more sessions with a fix
// that got past it at least once; or several distinct failures in one session each got past by the same fix;
// or a tool-contract error (an unknown flag, a command not found, code the shell cannot take) fixed by a minimal
// change of the same call, which may count once. A problem that recurs with no verified fix is a known problem.
// Everything else is not (yet) a note, with the reason.
import type { ProblemClass } from '../read/episodeTypes';
import { fixDiscards, fixParts, type FixTally, type Lesson } from './lessonBook';

export type LessonVerdict =
  | { kind: 'lesson'; rule: string; fixes: FixTally[] }
  | { kind: 'known'; rule: string }
  | { kind: 'none'; rule: string };

const CONTRACT: ReadonlySet<ProblemClass> = new Set(['missing-program', 'usage']);
const MINIMAL = new Set(['program', 'wrapper', 'flags', 'form', 'env']);
const KNOWABLE: ReadonlySet<ProblemClass> = new Set(['missing-program', 'missing-module', 'usage', 'refused', 'tool']);

/**
 * The verified fixes, best first. A fix is supported by every fix of the lesson that contains all its parts (the
 * same change, the same steps, maybe more): the smallest fix the sessions agree on comes first, so a step one
 * session happened to run as well (a rebuild, a useless install) does not become advice. A fix that forces past a
 * safety check (`git checkout -f`) comes after any that does not.
 */
export function verifiedFixes(l: Lesson): FixTally[] {
  const fixes = l.fixes.filter((f) => f.key !== 'retry');
  const parts = new Map(fixes.map((f) => [f, new Set(fixParts(f.fix))]));
  const support = (f: FixTally) => {
    const mine = [...parts.get(f)!];
    const backing = fixes.filter((g) => mine.every((p) => parts.get(g)!.has(p)));
    return { sessions: new Set(backing.flatMap((g) => [...g.sessions])).size, episodes: backing.reduce((n, g) => n + g.episodes, 0) };
  };
  const s = new Map(fixes.map((f) => [f, support(f)]));
  const risky = new Map(fixes.map((f) => [f, fixDiscards(f.fix) ? 1 : 0]));
  return [...fixes].sort((a, b) => risky.get(a)! - risky.get(b)! || s.get(b)!.sessions - s.get(a)!.sessions || s.get(b)!.episodes - s.get(a)!.episodes || parts.get(a)!.size - parts.get(b)!.size || b.lastDay.localeCompare(a.lastDay) || a.key.localeCompare(b.key));
}

/** Sessions whose fix contains all the parts of this one. */
function supportedSessions(l: Lesson, f: FixTally): number {
  const mine = fixParts(f.fix);
  return new Set(l.fixes.filter((g) => mine.every((p) => fixParts(g.fix).includes(p))).flatMap((g) => [...g.sessions])).size;
}

type Rule = [string, (l: Lesson, fixes: FixTally[]) => boolean];

const LESSON_RULES: Rule[] = [
  ['a fix got past it in two or more sessions', (l, fixes) => fixes.some((f) => f.sessions.size >= 2) || (fixes.length > 0 && supportedSessions(l, fixes[0]) >= 2)],
  // An error the program raised needs a fix that is more than "something else ran before it passed".
  ['it recurred in two or more sessions and a fix got past it', (l, fixes) => l.sessions.size >= 2 && fixes.length > 0 && (l.problem.class !== 'runtime' || !fixes[0].fix.weak)],
  // Not for errors the program raised (`runtime`): those repeat in one session as the same task bug hit again.
  ['several failures in one session each got past by the same fix', (l, fixes) => l.problem.class !== 'runtime' && fixes.some((f) => f.calls.size >= 2 && f.episodes >= 2)],
  [
    'a tool-contract error fixed by a minimal change of the same call',
    (l, fixes) => CONTRACT.has(l.problem.class) && fixes.some((f) => !f.fix.steps.length && f.fix.change !== undefined && MINIMAL.has(f.fix.change.kind) && f.key.split(' + ').every((p) => !p.startsWith('operands:'))),
  ],
];

export function judgeLesson(l: Lesson): LessonVerdict {
  // A session whose outcome the grader did not accept proves little: its "fixes" may be part of work that failed.
  if (l.sessions.size && [...l.sessions].every((s) => l.unsatisfied.has(s))) return { kind: 'none', rule: 'seen only in sessions whose outcome was not satisfied: held back' };
  const fixes = verifiedFixes(l);
  for (const [rule, test] of LESSON_RULES) {
    if (fixes.length && test(l, fixes)) return { kind: 'lesson', rule, fixes };
  }
  if (l.preExisting.size >= 2) return { kind: 'known', rule: 'it fails the same way with the changes undone, in two or more sessions' };
  // A tool's error is a known problem of this repository only about a file of it, not in general (a fetch that failed).
  const aboutRepo = l.problem.class !== 'tool' || l.problem.subjects.length > 0;
  if (l.sessions.size >= 2 && KNOWABLE.has(l.problem.class) && aboutRepo && !fixes.length) return { kind: 'known', rule: 'it recurred in two or more sessions and nothing got past it' };
  if (!fixes.length) return { kind: 'none', rule: l.sessions.size < 2 ? 'seen in one session, with no fix' : 'recurring, but not a problem of the setup or the tools' };
  return { kind: 'none', rule: 'seen once: a lesson needs a second session, or a minimal fix of a tool-contract error' };
}
