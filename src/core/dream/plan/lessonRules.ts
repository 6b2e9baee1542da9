// When a lesson is worth a note. A lesson is what recurs: the same problem in two or more sessions with a fix
// that got past it at least once; or several distinct failures in one session each got past by the same fix;
// or a tool-contract error (an unknown flag, a command not found, code the shell cannot take) fixed by a minimal
// change of the same call, which may count once. A problem that recurs with no verified fix is a known problem.
// Everything else is not (yet) a note, with the reason.
import type { ProblemClass } from '../read/episodeTypes';
import { fixParts, type FixTally, type Lesson } from './lessonBook';

export type LessonVerdict =
  | { kind: 'lesson'; rule: string; fixes: FixTally[] }
  | { kind: 'known'; rule: string }
  | { kind: 'none'; rule: string };

const CONTRACT: ReadonlySet<ProblemClass> = new Set(['missing-program', 'usage']);
const MINIMAL = new Set(['program', 'wrapper', 'flags', 'form', 'env']);
const KNOWABLE: ReadonlySet<ProblemClass> = new Set(['missing-program', 'missing-module', 'usage', 'refused', 'tool']);

/** The verified fixes, best first; a fix made only of parts two sessions agree on goes before one with extras. */
export function verifiedFixes(l: Lesson): FixTally[] {
  const fixes = l.fixes.filter((f) => f.key !== 'retry');
  const agreed = new Set([...l.parts].filter(([, s]) => s.size >= 2).map(([p]) => p));
  if (!agreed.size) return fixes;
  const pure = (f: FixTally) => fixParts(f.fix).every((p) => agreed.has(p));
  return [...fixes.filter(pure), ...fixes.filter((f) => !pure(f))];
}

type Rule = [string, (l: Lesson, fixes: FixTally[]) => boolean];

const LESSON_RULES: Rule[] = [
  ['a fix got past it in two or more sessions', (_l, fixes) => fixes.some((f) => f.sessions.size >= 2)],
  ['it recurred in two or more sessions and a fix got past it', (l, fixes) => l.sessions.size >= 2 && fixes.length > 0 && l.problem.class !== 'runtime'],
  ['several failures in one session each got past by the same fix', (_l, fixes) => fixes.some((f) => f.calls.size >= 2 && f.episodes >= 2)],
  [
    'a tool-contract error fixed by a minimal change of the same call',
    (l, fixes) => CONTRACT.has(l.problem.class) && fixes.some((f) => !f.fix.steps.length && f.fix.change !== undefined && MINIMAL.has(f.fix.change.kind) && f.key.split(' + ').every((p) => !p.startsWith('operands:'))),
  ],
];

export function judgeLesson(l: Lesson): LessonVerdict {
  const fixes = verifiedFixes(l);
  for (const [rule, test] of LESSON_RULES) {
    if (fixes.length && test(l, fixes)) return { kind: 'lesson', rule, fixes };
  }
  if (l.preExisting.size >= 2) return { kind: 'known', rule: 'it fails the same way with the changes undone, in two or more sessions' };
  if (l.sessions.size >= 2 && KNOWABLE.has(l.problem.class) && !fixes.length) return { kind: 'known', rule: 'it recurred in two or more sessions and nothing got past it' };
  if (!fixes.length) return { kind: 'none', rule: l.sessions.size < 2 ? 'seen in one session, with no fix' : 'recurring, but not a problem of the setup or the tools' };
  return { kind: 'none', rule: 'seen once: a lesson needs a second session, or a minimal fix of a tool-contract error' };
}
