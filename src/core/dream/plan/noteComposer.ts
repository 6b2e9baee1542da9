// Writes a note from a lesson without a model: the problem, what got past it (the fix as a field: advice and the
// exact commands), what was tried and did not help, and the evidence. Deterministic: the same lessons give the
// same words. Lessons whose best fix is the same are one note (their problems are its triggers).
import type { NoteFix, NoteKind, Triggers } from '../../memory/noteSchema';
import type { NoteDraft } from './noteDraft';
import type { Change, Problem } from '../read/episodeTypes';
import { fixDiscards, type FixTally, type Lesson } from './lessonBook';
import { criterionDraft } from './criterionNote';


const short = (t: string, max: number) => {
  const x = t.replace(/\s+/g, ' ').trim();
  return x.length > max ? `${x.slice(0, max - 1)}…` : x;
};

/** An error line without its location prefix (`src/a.ts(1,34): `, `a.py:3:5: `, an interpreter's path). */
export function errorMessageOf(line: string): string {
  return line
    .replace(/^\s*[^\s:()]+\(\d+,\d+\):\s*/, '')
    .replace(/^\s*[^\s:]+\.[a-z]+:\d+(?::\d+)?:\s*/i, '')
    .replace(/^\s*(?:\/\S+\/)?(python[\d.]*|bash|sh):\s+(?:line \d+:\s+)?/, (_m, prog: string) => (/python/.test(prog) ? 'python: ' : ''))
    .trim() || line.trim();
}

/** What a change tells the agent to do, in words. */
function changePhrase(c: Change, command: string): string {
  switch (c.kind) {
    case 'program':
      return `use \`${command}\` instead of \`${c.from}\``;
    case 'wrapper':
      return c.to ? `run it through \`${c.to}\` (\`${command}\`)` : `run \`${command}\` (not \`${c.from} …\`)`;
    case 'form':
      return c.to.includes('EOF') && c.from.includes('EOF')
        ? `quote the here-document delimiter (\`${c.to}\`): in an unquoted one the shell runs backticks and \`$\``
        : `pass the code another way: \`${c.to}\` instead of \`${c.from}\``;
    case 'prefix':
      return `run \`${c.to}\` first, in the same command (\`${c.to} && ${command}\`)`;
    case 'flags':
      // An agent tool called with other input: `Read` with `offset`, `limit`.
      if (/^[A-Z][\w-]*(?: with |$)/.test(command) || command.startsWith('mcp__')) return `call \`${command.split(' ')[0]}\` with ${c.to.split(' ').map((k) => `\`${k}\``).join(', ')}`;
      if (c.to && c.from) return `use \`${c.to}\` instead of \`${c.from}\` (\`${command}\`)`;
      return c.to ? `add \`${c.to}\` (\`${command}\`)` : `drop \`${c.from}\` (\`${command}\`)`;
    case 'env':
      return `set \`${c.to}\` (\`${command}\`)`;
    case 'background':
      return `start it in the background and read its output later (\`${command} &\`)`;
    case 'operands':
      return c.from ? `run \`${command}\` (\`${c.to}\`, not \`${c.from}\`)` : `run \`${command}\``;
  }
}

/** The advice of one fix, and the commands it tells the agent to run. */
export function fixAdvice(f: FixTally): { text: string; commands: string[] } {
  const fix = f.fix;
  if (fix.scriptLines?.length) return { text: `add to the script: ${fix.scriptLines.map((l) => `\`${l}\``).join(', ')}`, commands: [] };
  const parts: string[] = [];
  const commands: string[] = [];
  if (fix.steps.length) {
    parts.push(`run \`${fix.steps.join(' && ')}\` first`);
    commands.push(...fix.steps);
  }
  if (fix.change) {
    parts.push(changePhrase(fix.change, fix.command));
    commands.push(fix.change.kind === 'prefix' ? `${fix.change.to} && ${fix.command}` : fix.command);
  } else if (fix.steps.length) parts.push(`then \`${fix.command}\` works`);
  return { text: parts.join(', '), commands: [...new Set(commands)] };
}

function titleOf(p: Problem, lessons: Lesson[], best: FixTally | undefined, program: string): string {
  const err = short(errorMessageOf(p.line).replace(/:$/, ''), 90);
  if (!best) {
    const test = p.class === 'test' ? /test failed: '([^']+)'/.exec(p.line) ?? /^FAILED (\S+)/.exec(p.line) : null;
    if (test && lessons.every((l) => l.preExisting.size >= 2)) return short(`Known problem: the test \`${test[1]}\` fails before any change (not caused by your edit)`, 190);
    if (lessons.every((l) => l.preExisting.size >= 2)) return short(`Known problem: \`${program}\` fails with "${err}" before any change (not caused by your edit)`, 190);
    return short(`Known problem: \`${program}\` fails with "${err}" (no fix found yet)`, 190);
  }
  const advice = fixAdvice(best).text.replace(/ \(`[^`]*`\)$/, '');
  // "X is missing here" only when the fix installs something or uses another program.
  const missing = lessons.flatMap((l) => (l.problem.class === 'missing-program' || l.problem.class === 'missing-module' ? l.problem.subjects.slice(0, 1) : []));
  const replaces = best.fix.steps.length > 0 || best.fix.change?.kind === 'program';
  if (replaces && missing.length && missing.length === lessons.length) {
    const names = [...new Set(missing)].slice(0, 3);
    // A module of the project itself (`./generated/api`) is missing, not "not available here" like a tool.
    const where = names.every((m) => /^\.{1,2}\//.test(m)) ? 'missing' : 'not available here';
    return short(`${names.map((m) => `\`${m}\``).join(', ')} ${names.length > 1 ? 'are' : 'is'} ${where}: ${advice}`, 190);
  }
  if (p.class === 'timeout') return short(`\`${program}\` never finishes on its own (${err.replace(/^command /i, '')}): ${advice}`, 190);
  return short(`\`${program}\` fails with "${err}": ${advice}`, 190);
}

function kindOf(lessons: Lesson[], best: FixTally | undefined): NoteKind {
  if (!best) return 'pitfall';
  const cls = lessons[0].problem.class;
  if (best.fix.steps.length && (cls === 'missing-module' || cls === 'missing-program' || cls === 'runtime')) return 'build-error';
  if (best.fix.change?.kind === 'program' || best.fix.change?.kind === 'wrapper' || best.fix.change?.kind === 'operands') return 'command';
  return 'workaround';
}

/** A note draft for lessons that share their best fix (or one known problem: `fixes` empty). */
export function composeDraft(lessons: Lesson[], fixes: FixTally[]): NoteDraft {
  if (lessons[0].problem.class === 'criterion') return criterionDraft(lessons, fixes);
  const main = [...lessons].sort((a, b) => b.sessions.size - a.sessions.size || a.key.localeCompare(b.key))[0];
  const best = fixes[0];
  const usual = short([...main.generals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? main.example.command.split('\n')[0], 60);
  // When the way code was passed is the lesson, the call is named by that way, not by the session's code.
  const form = best?.fix.change?.kind === 'form' ? best.fix.change.from : undefined;
  const program = form ? (/\s-c\b/.test(form) ? form : `${usual.split(' ')[0]} ${form}`) : usual;
  const sessions = new Set(lessons.flatMap((l) => [...l.sessions]));
  const occurrences = lessons.reduce((n, l) => n + l.occurrences, 0);
  const worked = new Set(fixes.flatMap((f) => [...fixAdvice(f).commands, f.fix.command]));
  const avoid = [...new Set(lessons.flatMap((l) => [...l.failedTries.keys()]))].filter((t) => !worked.has(t) && ![...worked].some((w) => w.includes(t))).slice(0, 3);
  const advice = best ? fixAdvice(best) : undefined;
  const fix: NoteFix | undefined = advice ? { text: `${capital(advice.text)}.${caution(best!)}`, commands: advice.commands, ...(avoid.length ? { avoid } : {}) } : undefined;
  const errors = [...new Set(lessons.map((l) => short(errorMessageOf(l.problem.line), 160)))].slice(0, 4);
  const lines = [
    `**When** \`${program}\` fails with:`,
    '',
    '```',
    ...errors,
    '```',
    '',
    fix ? `**What worked:** ${fix.text}` : `**No fix is known yet.** ${main.preExisting.size >= 2 ? 'It fails the same way with the session\'s changes undone: compare with a clean tree before chasing it.' : 'It recurred without a fix that got past it.'}`,
  ];
  const others = fixes.slice(1, 3).map((f) => `- ${capital(fixAdvice(f).text)} (${f.sessions.size} session${f.sessions.size === 1 ? '' : 's'})${caution(f) ? `.${caution(f)}` : ''}`);
  if (others.length) lines.push('', 'Also worked:', ...others);
  if (avoid.length) lines.push('', `Tried without success: ${avoid.map(tried).join(', ')}.`);
  const verified = new Set(lessons.flatMap((l) => [...l.verified])).size;
  const checked = verified ? ` (${verified} with an outcome the grader accepted)` : '';
  lines.push('', `_Seen ${occurrences} time${occurrences === 1 ? '' : 's'} in ${sessions.size} session${sessions.size === 1 ? '' : 's'}${checked}, last on ${max(lessons.map((l) => l.lastSeen))}._`);
  return {
    kind: kindOf(lessons, best),
    title: titleOf(main.problem, lessons, best, program),
    body: lines.join('\n'),
    triggers: triggersOf(lessons),
    ...(fix ? { fix } : { known: true }),
    problems: lessons.map((l) => l.key).sort(),
    sessions: sessions.size,
    ...(verified ? { verified } : {}),
    firstSeen: min(lessons.map((l) => l.firstSeen)),
    lastSeen: max(lessons.map((l) => l.lastSeen)),
    examples: lessons.slice(0, 2).map((l) => ({ session: l.example.session, text: short(`${l.example.command.split('\n')[0]} → ${errorMessageOf(l.problem.line)}`, 200) })),
  };
}

function triggersOf(lessons: Lesson[]): Triggers {
  const errors = [...new Set(lessons.map((l) => short(errorMessageOf(l.problem.line), 160)))].slice(0, 6);
  const commands = [...new Set(lessons.flatMap((l) => [...l.programs]))].filter((c) => !/^[A-Z]/.test(c)).slice(0, 4);
  const keywords = [...new Set(lessons.flatMap((l) => [...l.problem.subjects.filter((s) => s.length <= 40 && !s.includes('/')), l.problem.tool]).filter((k) => k && k !== 'unknown' && k !== 'shell'))].slice(0, 6);
  return { errors, commands, keywords };
}

/** A warning when a fix forces past a safety check: what it throws away. */
function caution(f: FixTally): string {
  const what = fixDiscards(f.fix);
  return what ? ` Careful: ${what}.` : '';
}

/** A failed try as people read it: `git stash`, then the same call. */
const tried = (t: string) => (t.endsWith(THEN_SAME) ? `\`${t.slice(0, -THEN_SAME.length)}\`, then the same call` : `\`${t}\``);
const THEN_SAME = ', then the same call';

const capital = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}`;
const min = (xs: string[]) => [...xs].sort()[0];
const max = (xs: string[]) => [...xs].sort().pop()!;
