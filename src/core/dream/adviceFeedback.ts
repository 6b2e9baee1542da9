// Did a note's advice work? A note loaded into a session's context (session-start recall) that tells the
// agent to run a command is judged by what happened when the agent ran it: it failed → harmful, it worked →
// helpful. This is how a wrong lesson (one without error triggers, which recall never brings up at a
// failure) loses confidence and goes stale instead of misleading every later session.
import { normalizeCommand } from '../errors/errorSignature';
import type { Note } from '../memory/noteSchema';
import type { Feedback } from './dreamPlanner';
import type { Call } from './episodeExtractor';

export interface SessionAdvice {
  /** Notes that were in the session's context from the start. */
  noteIds: string[];
  calls: Call[];
}

/** The commands a note tells the agent to run (backticked), not the ones it says fail. */
export function advisedCommands(note: Note): string[] {
  const lines = note.provenance === 'dream' ? note.body.split('\n').filter((l) => /^\*\*Do:\*\*|^- run /.test(l)) : [note.title, ...note.body.split('\n')];
  const out: string[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/`([^`\n]{4,200})`(\s+fails)?/g)) {
      if (m[2]) continue; // "`npm test` fails with …": the problem, not the advice
      const cmd = normalizeCommand(m[1]).split('<')[0].trim();
      if (/^[a-z.\/][\w.\/-]*( |$)/.test(cmd) && cmd.length >= 4 && !out.includes(cmd)) out.push(cmd);
    }
  }
  return out;
}

export function adviceFeedback(sessions: SessionAdvice[], notes: Map<string, Note>, into: Map<string, Feedback>): void {
  for (const s of sessions) {
    for (const id of new Set(s.noteIds)) {
      const note = notes.get(id);
      if (!note) continue;
      const advice = advisedCommands(note);
      if (!advice.length) continue;
      const followed = s.calls.filter((c) => c.command && advice.some((a) => {
        const n = normalizeCommand(c.command!);
        return n === a || n.startsWith(`${a} `) || n.includes(`&& ${a}`);
      }));
      if (!followed.length) continue;
      const verdict: keyof Feedback = followed.some((c) => c.ok) ? 'helpful' : 'harmful';
      const fb = into.get(id) ?? { helpful: 0, harmful: 0 };
      fb[verdict]++;
      into.set(id, fb);
    }
  }
}
