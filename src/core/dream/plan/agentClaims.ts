// An agent's own note as the second witness of a lesson. A note the agent wrote in a session is unverified: a claim,
// loaded nowhere, until a dream finds evidence for it. When a failure was seen in one session only (a lesson needs a
// second) and that session verified the fix, and an unverified note of the agent names the same failing call and the
// same fix, the agent that did the work judged it worth remembering and the transcript proves the fix: the lesson
// counts, and the note becomes the dream's (its text replaced by the verified fix, so nothing the agent wrote beyond
// what the transcript shows is kept).
import type { LoadedNote } from '../../memory/noteSchema';
import type { Lesson } from './lessonBook';
import { judgeLesson, verifiedFixes, type LessonVerdict } from './lessonRules';
import { fixAdvice } from './noteComposer';

export interface JudgedLesson {
  lesson: Lesson;
  verdict: LessonVerdict;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Whether the note's text names one of the commands (as a whole, spacing aside). */
function names(n: LoadedNote, commands: readonly string[]): boolean {
  const text = squash([n.note.title, n.note.body, ...n.note.triggers.commands].join('\n'));
  return commands.some((c) => squash(c).length >= 3 && text.includes(squash(c)));
}

/**
 * Every lesson judged; a lesson held back only for want of a second session becomes one when an agent's unverified
 * note claims it. Returns the verdicts and, for those lessons, the note that claimed them (to be their owner).
 */
export function judgeWithClaims(lessons: readonly Lesson[], notes: Iterable<LoadedNote>): { verdicts: JudgedLesson[]; claimedBy: Map<Lesson, LoadedNote> } {
  const claims = [...notes].filter((n) => n.note.status === 'unverified' && !n.humanOwned);
  const claimedBy = new Map<Lesson, LoadedNote>();
  const verdicts = lessons.map((lesson) => {
    const verdict = judgeLesson(lesson);
    if (verdict.kind !== 'none' || !claims.length || lesson.sessions.size !== 1 || lesson.unsatisfied.size === lesson.sessions.size) return { lesson, verdict };
    const fixes = verifiedFixes(lesson);
    const claim = fixes.length ? claims.find((n) => names(n, [...lesson.generals.keys()]) && names(n, fixAdvice(fixes[0]).commands)) : undefined;
    if (!claim) return { lesson, verdict };
    claimedBy.set(lesson, claim);
    return { lesson, verdict: { kind: 'lesson' as const, rule: `seen in one session that verified the fix, which the agent wrote down (notes/${claim.file})`, fixes } };
  });
  return { verdicts, claimedBy };
}
