// Builds the events of a session from a compact list of calls, for the table-driven tests of the dream's rules.
import type { ReadEvent } from '../../../src/core/sessions/sessionSchema';
import { readSessionEpisodes } from '../../../src/core/dream/read/sessionEpisodes';
import type { Episode } from '../../../src/core/dream/read/episodeTypes';

export interface Call {
  /** A shell command (the `bash` tool). */
  sh?: string;
  /** Another tool and its input. */
  tool?: string;
  input?: Record<string, unknown>;
  /** The output; `[exit code N]` is appended for shell calls unless `exit` is null. */
  out?: string;
  /** Default: 0 when `ok`, else 1. `null`: no exit code (as Claude Code records). */
  exit?: number | null;
  ok?: boolean;
  /** The call never got a result (rejected, stopped while waiting). */
  unanswered?: boolean;
  /** The user denied it at the approval. */
  denied?: boolean;
  recalled?: string[];
}

export function events(calls: Call[], opts: { user?: string } = {}): ReadEvent[] {
  const t = '2026-03-01T10:00:00.000Z';
  const out: ReadEvent[] = [{ type: 'user_message', t, seq: 1, text: opts.user ?? 'Fix the bug.' }];
  calls.forEach((c, i) => {
    const id = `c${i}`;
    const name = c.sh !== undefined ? 'bash' : (c.tool ?? 'bash');
    const input = c.sh !== undefined ? { command: c.sh, ...(c.input ?? {}) } : (c.input ?? {});
    out.push({ type: 'tool_call', t, seq: out.length + 1, id, name, input });
    if (c.unanswered) return;
    if (c.denied) {
      out.push({ type: 'approval', t, seq: out.length + 1, toolCallId: id, decision: 'denied', reason: 'the user said no' });
      out.push({ type: 'tool_result', t, seq: out.length + 1, id, name, ok: false, durationMs: 0, output: 'Error: The user denied this command: the user said no' });
      return;
    }
    const ok = c.ok ?? (c.exit === undefined || c.exit === null ? true : c.exit === 0);
    const exit = c.exit === undefined ? (ok ? 0 : 1) : c.exit;
    const text = c.sh !== undefined && exit !== null ? `${c.out ?? ''}\n\n[exit code ${exit}]` : (c.out ?? '');
    out.push({ type: 'tool_result', t, seq: out.length + 1, id, name, ok, ...(exit !== null && c.sh !== undefined ? { exitCode: exit } : {}), durationMs: 1, output: text });
    if (c.recalled) out.push({ type: 'recall', t, seq: out.length + 1, reason: 'tool-failure', noteIds: c.recalled, toolCallId: id });
  });
  return out;
}

/** The episodes of one session made of these calls. */
export function episodesOf(calls: Call[], workspace = '/work/proj'): Episode[] {
  return readSessionEpisodes({ sessionId: 's1', day: '2026-03-01', events: events(calls), workspace }).episodes;
}

/** The episode of the first failing call. */
export function firstEpisode(calls: Call[]): Episode | undefined {
  return episodesOf(calls)[0];
}

export const PY_MISSING = (mod: string, script = 'repro.py') =>
  `Traceback (most recent call last):\n  File "${script}", line 1, in <module>\n    import ${mod}\nModuleNotFoundError: No module named '${mod}'`;
