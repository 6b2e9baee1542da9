// A "before finishing" note: a rubric criterion that graders found unmet at first, then met, in several sessions.
// The next session reads it up front and meets the criterion the first time instead of after a revision.
import type { FixTally, Lesson } from './lessonBook';
import type { NoteDraft } from './noteDraft';

const short = (t: string, max: number) => {
  const x = t.replace(/\s+/g, ' ').trim();
  return x.length > max ? `${x.slice(0, max - 1)}…` : x;
};

export function criterionDraft(lessons: Lesson[], fixes: FixTally[]): NoteDraft {
  const l = lessons[0];
  const criterion = l.problem.line.trim();
  const run = fixes[0]?.fix.command || undefined;
  const sessions = new Set(lessons.flatMap((x) => [...x.sessions]));
  const said = short(l.example.excerpt, 240);
  const title = run ? `Before finishing: run \`${run}\` and make it pass` : `Before finishing: ${criterion.replace(/[.\s]+$/, '')}`;
  const fix = run ? `Run \`${run}\` and make it pass before you end your turn.` : `Check this before you end your turn: ${criterion.replace(/[.\s]+$/, '')}.`;
  const body = [
    `**Before you end your turn**, make sure of this: ${run ? `\`${run}\` passes` : criterion}`,
    '',
    `A grader checking this repository's outcomes found it unmet at first in ${sessions.size} sessions, and the work had to go back each time.${said ? ` It said: "${said}"` : ''}`,
    '',
    `_Seen in ${sessions.size} sessions, last on ${[...lessons.map((x) => x.lastSeen)].sort().pop()}._`,
  ].join('\n');
  return {
    kind: 'convention',
    title: short(title, 190),
    body,
    triggers: { errors: [], commands: run ? [run] : [], keywords: [] },
    fix: { text: fix, commands: run ? [run] : [] },
    problems: lessons.map((x) => x.key).sort(),
    sessions: sessions.size,
    firstSeen: [...lessons.map((x) => x.firstSeen)].sort()[0],
    lastSeen: [...lessons.map((x) => x.lastSeen)].sort().pop()!,
    examples: lessons.slice(0, 2).map((x) => ({ session: x.example.session, text: short(`${criterion} → ${x.example.excerpt}`, 200) })),
  };
}
