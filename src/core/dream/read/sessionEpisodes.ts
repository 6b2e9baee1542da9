// Reads one session into episodes: every call that ran and failed (or that the environment refused), the problem
// it shows, how the session got past it, and, when it is no lesson, why. Calls that never ran (denied,
// cancelled, never answered) are neither failures nor evidence. Also the user's plain corrections.
import type { ReadEvent } from '../../sessions/sessionSchema';
import { correctionIn } from './corrections';
import { AFTER_RESOLUTION, BEFORE_RESOLUTION, type NoiseContext } from './episodeNoise';
import { fixOf, generalInvocation, generalStep } from './episodeFix';
import { resolveFailure } from './episodeResolution';
import type { CorrectionEpisode, Episode, Problem } from './episodeTypes';
import { readTimeline, type Step, type Timeline } from './sessionTimeline';
import { invocationOf, problemOf } from './stepProblem';

export interface SessionFindings {
  episodes: Episode[];
  corrections: CorrectionEpisode[];
  timeline: Timeline;
}

export interface SessionInput {
  sessionId: string;
  /** `YYYY-MM-DD` of the session. */
  day: string;
  events: ReadEvent[];
  /** The session's workspace as its header names it (paths under it are made relative). */
  workspace?: string;
}

const NO_ERROR = 'no recognisable error in the output (a search or check that found nothing, or a silent failure)';

export function readSessionEpisodes(input: SessionInput): SessionFindings {
  const tl = readTimeline(input.events, input.workspace);
  const episodes: Episode[] = [];
  for (const step of tl.steps) {
    if (!step.refused && (!step.ran || !step.failed)) continue;
    const problem = problemOf(step, input.workspace);
    if (!problem) {
      episodes.push(base(input, step, { key: '', class: 'runtime', tool: step.tool, line: lastLine(step.output), subjects: [] }, NO_ERROR));
      continue;
    }
    episodes.push(episodeOf(input, tl, step, problem));
  }
  const corrections: CorrectionEpisode[] = [];
  for (const e of input.events) if (e.type === 'user_message') for (const text of correctionIn(e.text)) corrections.push({ sessionId: input.sessionId, day: input.day, text });
  return { episodes, corrections, timeline: tl };
}

function episodeOf(input: SessionInput, tl: Timeline, step: Step, problem: Problem): Episode {
  const inv = invocationOf(step, problem);
  const ctx: NoiseContext = { step, problem, tl, inv };
  for (const [, rule] of BEFORE_RESOLUTION) {
    const why = rule(ctx);
    if (why) return base(input, step, problem, why);
  }
  const r = resolveFailure(tl, step.index, problem);
  const e = base(input, step, problem);
  const same = generalStep(step);
  e.failedTries = [...new Set([...r.tries.map(generalStep).filter((t) => t !== same), ...r.unhelpful.map((u) => `${generalStep(u)}, then the same call`)])].slice(0, 4);
  if (r.preExisting) e.outcome = 'pre-existing';
  const verdict = r.pass ? fixOf(r, tl, problem) : undefined;
  if (verdict && 'noise' in verdict) e.noise = verdict.noise;
  else if (verdict) {
    e.outcome = 'fixed';
    e.fix = verdict.fix;
    // The same code passed another way: the call's form was the problem (code the shell or interpreter could not take).
    if (e.fix.change?.kind === 'form' && e.problem.class === 'runtime') e.problem = { ...e.problem, class: 'usage' };
    e.passCallId = r.pass!.callId;
    e.passCommand = (r.pass!.shell?.text ?? `${r.pass!.tool}${r.pass!.target ? ` ${r.pass!.target}` : ''}`).slice(0, 300);
  }
  if (!e.noise) {
    for (const [, rule] of AFTER_RESOLUTION) {
      const why = rule(ctx, r, e);
      if (why) {
        e.noise = why;
        break;
      }
    }
  }
  return e;
}

function base(input: SessionInput, step: Step, problem: Problem, noise?: string): Episode {
  const inv = invocationOf(step, problem);
  return {
    sessionId: input.sessionId,
    callId: step.callId,
    day: input.day,
    command: (step.shell ? step.shell.text : `${step.tool}${step.target ? ` ${step.target}` : ''}`).slice(0, 300),
    program: inv?.identity ?? step.tool,
    general: step.shell && inv ? generalInvocation(inv) : generalStep(step),
    problem,
    excerpt: excerptOf(step.output, problem.line),
    outcome: 'unresolved',
    failedTries: [],
    ...(noise ? { noise } : {}),
  };
}

function lastLine(output: string): string {
  return output.split('\n').map((l) => l.trim()).filter(Boolean).pop()?.slice(0, 200) ?? '';
}

/** The error line with a line of context either side, cut short. */
function excerptOf(output: string, line: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.trim() === line.trim());
  const text = at < 0 ? lastLine(output) : lines.slice(Math.max(0, at - 1), at + 2).map((l) => l.trim()).filter(Boolean).join('\n');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
