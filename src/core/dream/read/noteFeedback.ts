// Did a note help? Two verdicts per session, both on calls that ran:
// - recalled at a failure: the session then got past that failure → helpful; it failed the same way again → harmful;
// - in the session's context from the start (the digest): the agent ran a command the note advises (its `fix.commands`)
//   → the call ran into the note's own problem or a tool-contract error → harmful; it ran without one → helpful;
//   the call failed and a call without a part of the advice got past it, with nothing set up between → refuted.
// A note recalled at a failure of its own advice gets no credit for what got past it.
// A call that never ran (denied, stopped while it waited for approval) says nothing either way.
import type { Note } from '../../memory/noteSchema';
import { readShellCommand } from '../../shell/shellCommand';
import type { ReadEvent } from '../../sessions/sessionSchema';
import { fixOf, generalStep } from './episodeFix';
import { resolveFailure } from './episodeResolution';
import type { NoteVerdicts } from './episodeTypes';
import type { Timeline } from './sessionTimeline';
import type { Step } from './sessionTimeline';
import { problemOf } from './stepProblem';

export type Feedback = Record<string, NoteVerdicts>;

const CONTRACT = new Set(['missing-program', 'missing-module', 'usage', 'refused']);

function count(into: Feedback, id: string, verdict: 'helpful' | 'harmful'): void {
  const fb = (into[id] ??= { helpful: 0, harmful: 0 });
  fb[verdict]++;
}

/** Notes recalled at a failure: did the session get past it? (Not a note whose own advice was the failing call.) */
export function recallFeedback(tl: Timeline, notes: ReadonlyMap<string, Note>, into: Feedback = {}): Feedback {
  for (const step of tl.steps) {
    if (!step.recalled.length || !step.ran) continue;
    const problem = problemOf(step);
    if (!problem) continue;
    const r = resolveFailure(tl, step.index, problem);
    const verdict = r.pass ? 'helpful' : r.tries.length ? 'harmful' : undefined;
    if (!verdict) continue;
    for (const id of new Set(step.recalled)) {
      const note = notes.get(id);
      if (note && advice(note).some((a) => follows(step, a))) continue;
      count(into, id, verdict);
    }
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

/** A note's advised calls, each as its program's identity and flags (`npm run lint --no-eslintrc`). */
function advice(note: Note): string[][] {
  return advisedCommands(note).flatMap((c) => readShellCommand(c.replace(/<[^<>\s]+>/g, 'X')).invocations.filter((i) => !i.reads).map((i) => [...i.identity.split(' '), ...i.flags]));
}

/** Whether a call runs the advised program with the advised flags. */
function follows(s: Step, advised: string[]): boolean {
  return !!s.shell?.invocations.some((i) => advised.every((w) => i.identity.split(' ').includes(w) || i.flags.includes(w)));
}

/** Notes whose advice the agent followed: judged by what happened when it ran the advised command. */
export function adviceFeedback(tl: Timeline, noteIds: string[], notes: ReadonlyMap<string, Note>, into: Feedback = {}): Feedback {
  for (const id of noteIds) {
    const note = notes.get(id);
    const advised = note ? advice(note) : [];
    if (!note || !advised.length) continue;
    const followed = tl.steps.filter((s) => s.ran && advised.some((a) => follows(s, a)));
    if (!followed.length) continue;
    let bad = false;
    for (const s of followed) {
      const p = s.failed ? problemOf(s) : undefined;
      if (p === undefined || !(CONTRACT.has(p.class) || (note.problems ?? []).includes(p.key))) continue;
      bad = true;
      const why = advised.map((a) => (follows(s, a) ? refutation(tl, s, a) : undefined)).find(Boolean);
      if (why && !into[id]?.refuted) (into[id] ??= { helpful: 0, harmful: 0 }).refuted = why;
    }
    count(into, id, bad ? 'harmful' : 'helpful');
  }
  return into;
}

/**
 * The advised call failed and a changed call got past it with no setup step in between, without a part of the
 * advice (a flag dropped, another program, another script): the advice itself was the problem.
 */
function refutation(tl: Timeline, s: Step, advised: string[]): string | undefined {
  const p = problemOf(s);
  if (!p || p.class === 'test') return undefined;
  const r = resolveFailure(tl, s.index, p);
  const verdict = fixOf(r, tl, p);
  const fix = verdict && 'fix' in verdict ? verdict.fix : undefined;
  if (!fix?.change || fix.weak || fix.steps.length || !r.passInvocation) return undefined;
  const kept = new Set([...r.passInvocation.identity.split(' '), ...r.passInvocation.flags]);
  if (advised.every((w) => kept.has(w) || w === 'X')) return undefined;
  return `\`${generalStep(s)}\` failed with "${p.line.slice(0, 120)}" and \`${fix.command}\` worked`;
}
