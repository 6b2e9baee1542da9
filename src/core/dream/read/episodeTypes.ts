// What the reading stage finds in one session: failure episodes (a failed call, the problem it shows, and how
// the session got past it, if it did), each labelled noise with a reason when it is no lesson; and the user's
// corrections. Plain data: the state file keeps it per session, so reading a session again replaces what it
// contributed instead of adding to it.

/**
 * - `missing-program`: a command is not installed or not on PATH.
 * - `missing-module`: a package or module is not installed (ModuleNotFoundError, Cannot find module, TS2307).
 * - `usage`: the call itself was wrong for the tool (an unknown flag, a missing script, a path the runner does not
 *   have, a shell syntax error, code quoted in a way the shell or interpreter cannot take).
 * - `refused`: a hook or a permission rule refused the call.
 * - `tool`: an agent tool (a file tool, an MCP tool) reported an error.
 * - `test`: tests ran and failed.
 * - `runtime`: anything else the program raised.
 */
/** `criterion`: an outcome's rubric criterion the grader found unmet at first and met later (see sessionOutcome.ts). */
export type ProblemClass = 'missing-program' | 'missing-module' | 'usage' | 'refused' | 'tool' | 'test' | 'runtime' | 'timeout' | 'criterion';

export interface Problem {
  /** Stable across runs and machines: the error signature key (with the missing path, for path errors). */
  key: string;
  class: ProblemClass;
  /** The tool that reported it (an error signature's tool, or the agent tool's name). */
  tool: string;
  /** The error line as seen (redacted with the transcript). */
  line: string;
  /** What the error is about: the missing program, module, flag or path. */
  subjects: string[];
  /** The file the error points at, relative to the workspace when it is inside it. */
  origin?: string;
}

/** How the call that got past a failure differs from the last call that failed. */
export interface Change {
  kind: 'program' | 'wrapper' | 'flags' | 'operands' | 'env' | 'form' | 'prefix' | 'background';
  /** The part of the failing call that changed (general form), e.g. `pytest`, `-M HTML`, `python -c`. */
  from: string;
  /** What it became, e.g. `bin/test`, `-b html`, `python - <<'EOF'`. */
  to: string;
}

export interface Fix {
  /** Canonical, so sessions that did the same thing agree: e.g. `program:pytest>bin/test`, `steps:npm install`. */
  key: string;
  /** Setup steps that ran before the passing call and relate to the error (general form). */
  steps: string[];
  change?: Change;
  /** Lines a standalone script needed (added to the script between the failure and the pass), normalised. */
  scriptLines?: string[];
  /**
   * The steps are only what else changed something before the very call passed (nothing related to the error ran):
   * plausible, but weaker evidence than an install or a changed call.
   */
  weak?: boolean;
  /** The call that got past it (general form: scratch paths and task files replaced by placeholders). */
  command: string;
}

export interface Episode {
  sessionId: string;
  /** The failing call's id, so an episode is counted once however often the session is read. */
  callId: string;
  /** `YYYY-MM-DD`. */
  day: string;
  /** The failing call as run (a command, or `Tool path`), cut short. */
  command: string;
  /** The failing call's program or tool (`pytest`, `npm test`, `Read`). */
  program: string;
  /** The failing call in general form (`pytest <file>`): scratch paths and task files as placeholders. */
  general: string;
  problem: Problem;
  /** A few lines of output around the error, for evidence. */
  excerpt: string;
  /** `fixed`: a later call got past it; `pre-existing`: it failed the same way with the session's changes undone. */
  outcome: 'fixed' | 'unresolved' | 'pre-existing';
  fix?: Fix;
  /** The call that got past it, and its command as run (cut short). */
  passCallId?: string;
  passCommand?: string;
  /** Other calls that tried and failed the same way (general form). */
  failedTries: string[];
  /** Why this is no lesson (a search that found nothing, the task's own bug, a scratch script's error…). */
  noise?: string;
}

export interface CorrectionEpisode {
  sessionId: string;
  day: string;
  text: string;
}

/** What one session contributes to the dream (kept per session in the dream's state). */
export interface SessionContribution {
  /** `YYYY-MM-DD`. */
  day: string;
  /** The episodes that are not noise. */
  episodes: Episode[];
  /** Noise, counted by reason. */
  noise: Record<string, number>;
  /** Failed calls in all (noise included), and those a later call got past. */
  failures: number;
  resolved: number;
  corrections: string[];
  /** The user's first request, in a sentence, and files the session created (context for the model pass). */
  request?: string;
  created?: string[];
  /** This session's verdicts on notes in its context or recalled in it. */
  feedback: Record<string, NoteVerdicts>;
  /** How the session's outcome ended, when it had one. */
  outcome?: SessionOutcome;
}

/** A session's outcome as the dream reads it. */
export interface SessionOutcome {
  result: 'satisfied' | 'max_iterations_reached' | 'failed' | 'interrupted' | 'unfinished';
  /** Criteria unmet at the first grading and met at a later one (`run`: the check's command). */
  recovered: Array<{ criterion: string; said: string; run?: string; callId: string }>;
}

/** What sessions say about a note they were given or recalled. */
export interface NoteVerdicts {
  helpful: number;
  harmful: number;
  /**
   * The note's advice was run as written, failed, and the session got past it only by taking out a part of that
   * advice (a flag, a program, a script name): what happened, in words. Wrong advice, not just unlucky advice.
   */
  refuted?: string;
}
