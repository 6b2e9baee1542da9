// Did a note help? Two verdicts per session, both on calls that ran:
// - recalled at a failure: the session then got past that failure → helpful; it failed the same way again → harmful;
// - in the session's context from the start (the digest): the agent ran a command the note advises (its `fix.commands`)
//   → the call ran into the note's own problem or a tool-contract error → harmful; it ran without one → helpful.
// A call that never ran (denied, stopped while it waited for approval) says nothing either way.
import type { Note } from '../../memory/noteSchema';
import { readShellCommand } from '../../shell/shellCommand';
import type { ReadEvent } from '../../sessions/sessionSchema';
import { resolveFailure } from './episodeResolution';
import type { Timeline } from './sessionTimeline';
import { problemOf } from './stepProblem';

export type Feedback = Record<string, { helpful: number; harmful: number }>;

const CONTRACT = new Set(['missing-program', 'missing-module', 'usage', 'refused']);

function count(into: Feedback, id: string, verdict: 'helpful' | 'harmful'): void {
  const fb = (into[id] ??= { helpful: 0, harmful: 0 });
  fb[verdict]++;
}

/** Notes recalled at a failure: did the session get past it? */
export function recallFeedback(tl: Timeline, into: Feedback = {}): Feedback {
  for (const step of tl.steps) {
    if (!step.recalled.length || !step.ran) continue;
    const problem = problemOf(step);
    if (!problem) continue;
    const r = resolveFailure(tl, step.index, problem);
    const verdict = r.pass ? 'helpful' : r.tries.length ? 'harmful' : undefined;
    if (verdict) for (const id of new Set(step.recalled)) count(into, id, verdict);
  }
  return into;
}

/** The notes in the session's context from its start (the digest's and session-start recalls). */
export function contextNotes(events: ReadEvent[]): string[] {
  return [...new Set(events.flatMap((e) => (e.type === 'recall' && (e.reason === 'session-start' || e.reason === 'digest') ? e.noteIds : [])))];
}

/**
 * The commands a note tells the agent to run: its fix's commands; a note without a fix field (written by an agent
 * or a person, in their own words) is read for backticked commands, except those it says fail.
 */
export function advisedCommands(note: Note): string[] {
  if (note.fix) return note.fix.commands;
  const out: string[] = [];
  for (const m of `${note.title}\n${note.body}`.matchAll(/`([^`\n]{3,200})`(\s+fails)?/g)) if (!m[2] && /^[a-z.][\w./-]*(?:\s|$)/.test(m[1])) out.push(m[1]);
  return out;
}

/** Notes whose advice the agent followed: judged by what happened when it ran the advised command. */
export function adviceFeedback(tl: Timeline, noteIds: string[], notes: ReadonlyMap<string, Note>, into: Feedback = {}): Feedback {
  for (const id of noteIds) {
    const note = notes.get(id);
    const advised = (note ? advisedCommands(note) : []).flatMap((c) => readShellCommand(c.replace(/<[^<>\s]+>/g, 'X')).invocations.filter((i) => !i.reads).map((i) => [i.identity, ...i.flags].join(' ')));
    if (!note || !advised.length) continue;
    // Followed: a call runs the advised program with the advised flags (`npm run lint -- --no-eslintrc`).
    const followed = tl.steps.filter((s) => s.ran && s.shell?.invocations.some((i) => advised.some((a) => a.split(' ').every((w) => i.identity.split(' ').includes(w) || i.flags.includes(w)))));
    if (!followed.length) continue;
    const bad = followed.some((s) => {
      const p = s.failed ? problemOf(s) : undefined;
      return p !== undefined && (CONTRACT.has(p.class) || (note.problems ?? []).includes(p.key));
    });
    count(into, id, bad ? 'harmful' : 'helpful');
  }
  return into;
}
