// Did the session get past a failure, and how? "Got past" is the next call doing the same job whose output no
// longer holds the error (nor another error about the same missing thing), whatever its exit status: the tests
// now run and fail on the task, the linter now runs and reports findings. Calls that fail the same way on the
// way there are failed tries. The fix is the difference between the last failed try and the passing call, plus
// the steps in between that relate to the error (an install, a config file, a state change of the same tool);
// what only reads, and what has nothing to do with the error, is left out.
import { extractErrorSignatures } from '../../errors/errorExtract';
import type { Invocation } from '../../shell/shellCommand';
import { isInstall } from '../../shell/programRoles';
import type { Problem } from './episodeTypes';
import type { Step, Timeline } from './sessionTimeline';
import { CONFIG_FILE } from './projectFiles';
import { sameJob, targets } from './sameJob';
import { invocationOf, problemOf } from './stepProblem';

/** How far ahead a session may get past a failure (calls). */
export const LOOKAHEAD = 30;

export interface Resolution {
  /** The last call that failed the same way (the failure itself when nothing was retried). */
  lastTry: Step;
  /** The call that got past it; absent when nothing did. */
  pass?: Step;
  /** The failed try most like the pass (the same call, when the session tried it), and its matching invocation. */
  tryStep: Step;
  tryInvocation?: Invocation;
  passInvocation?: Invocation;
  /** Calls after the failure that failed the same way. */
  tries: Step[];
  /** Steps run between the failure and a try that still failed the same way: what did not help. */
  unhelpful: Step[];
  /** Steps between the last try and the pass that relate to the error. */
  related: Step[];
  /**
   * Other steps in that window that changed something (a project script, a setup command): when the passing call is
   * the very call that failed, and nothing related ran, they are the only difference.
   */
  changed: Step[];
  /** Existing files the session changed between the last try and the pass (the code under work). */
  codeEdits: string[];
  /** Files the session created that it changed between the last try and the pass (its scratch scripts). */
  scratchEdits: string[];
  /** The session undid its changes (`git stash`, `git checkout <file>`) and the same call failed the same way. */
  preExisting: boolean;
}

/** An install that changed nothing ("Requirement already satisfied", "up to date"): not a fix. */
const nothingDone = (out: string) => /Requirement already satisfied|is already installed|already up[- ]to[- ]date|up to date, audited|Nothing to do/i.test(out) && !/Successfully installed|added \d+ packages?|Installing collected packages|changed \d+ packages?/i.test(out);
const RUNS = /^(?:run\b|test$|t$|start$|build$|exec$|x$|dev$|serve$|check$|lint$)/;
const REVERT = /^git (?:stash(?! (?:list|show|pop|apply|drop))|checkout|restore|reset --hard)\b/;

/** Whether a step's output still holds the problem: the same error, or another error about the same missing thing. */
function holdsProblem(s: Step, inv: Invocation | undefined, problem: Problem): boolean {
  if (s.refused) return true;
  if (problem.class === 'refused') return s.failed;
  if (problem.class === 'timeout') return !!s.timedOut;
  if (!s.failed) return false;
  const sigs = extractErrorSignatures(s.output, inv?.text ?? '');
  if (!s.shell) return sigs.length === 0 || sigs.some((x) => x.key === problem.key) || problemOf(s)?.key === problem.key;
  if (sigs.some((x) => x.key === problem.key || problem.key.startsWith(`${x.key} [`))) return true;
  if (problem.class === 'missing-program' || problem.class === 'missing-module') {
    // Still the same missing thing; or, when a filter (`| tail -5`) may hide it, still missing dependencies.
    const subjects = problem.subjects.map((x) => x.toLowerCase());
    const filtered = !s.shell.statusTrustworthy;
    return sigs.some((x) => {
      if (subjects.some((sub) => x.key.toLowerCase().includes(`'${sub}'`) || x.key.toLowerCase().endsWith(`: ${sub}`))) return true;
      return filtered && x.tool === problem.tool && problemOf({ ...s, output: x.line })?.class === problem.class;
    });
  }
  return false;
}

/** Whether an invocation of a failed step ran: in `a && b`, b did not when a failed. */
function didRun(s: Step, cand: Invocation): boolean {
  if (!s.failed || !s.shell) return true;
  const p = problemOf(s);
  const failedAt = p ? invocationOf(s, p) : undefined;
  if (!failedAt) return true;
  const invs = s.shell.invocations;
  const a = invs.indexOf(failedAt);
  const b = invs.indexOf(cand);
  if (b <= a) return true;
  const pipeOf = (k: number) => s.shell!.pipelines.findIndex((pl) => pl.members.includes(k));
  const pa = pipeOf(a);
  return s.shell.pipelines.slice(pa, pipeOf(b)).every((pl) => pl.next !== '&&');
}

const readOnly = (s: Step) => s.kind === 'read' || s.kind === 'search' || (s.shell !== undefined && s.shell.invocations.every((i) => i.reads));

/**
 * Whether the error said to run this step ("to update it: go mod tidy", "To install, run `rustup component add
 * clippy`"), or the command it named with arguments of its own (`npx playwright install` run as `npx playwright
 * install chromium`): the program and what it is asked to do (not a flag, not a run of it) as the error wrote them.
 */
function toldToRun(s: Step, told: string): boolean {
  const text = s.shell?.text.replace(/\s+/g, ' ').trim() ?? '';
  if (text.length >= 6 && told.includes(text)) return true;
  const inv = s.shell?.invocations[0];
  const words = text.split(' ');
  const at = inv ? words.indexOf(inv.programAsWritten) : -1;
  const asked = words[at + 1];
  if (at < 0 || !asked || asked.startsWith('-') || RUNS.test(asked)) return false;
  for (let n = words.length - 1; n >= at + 2; n--) {
    const prefix = words.slice(0, n).join(' ');
    for (let i = told.indexOf(prefix); i >= 0; i = told.indexOf(prefix, i + 1)) {
      const before = told[i - 1] ?? ' ';
      const after = told[i + prefix.length] ?? ' ';
      if (!/[\w./-]/.test(before) && !/[\w./-]/.test(after)) return true;
    }
  }
  return false;
}

/** Whether a step between the last try and the pass relates to the error (`told`: the failing output, spaces squashed). */
function relates(s: Step, inv: Invocation | undefined, problem: Problem, told: string): boolean {
  if (!s.ran || s.failed || readOnly(s)) return false;
  if (toldToRun(s, told)) return true;
  if (s.writes.some((w) => CONFIG_FILE.test(w))) return true;
  if (!s.shell || s.writes.length) return false; // an edit of code or a scratch file is not a setup step
  if (nothingDone(s.output)) return false; // "Requirement already satisfied", "up to date": it changed nothing
  const subjects = problem.subjects.map((x) => x.toLowerCase().replace(/[-_]/g, ''));
  return s.shell.invocations.some((i) => {
    if (i.reads) return false;
    if (isInstall(i.program, i.subcommand ?? '') || i.installs) {
      const pkgs = i.operands.filter((o) => !/^(install|add|i|ci|-)$/.test(o)).map((o) => o.toLowerCase().replace(/[-_]/g, '').replace(/[=<>~^@].*$/, ''));
      return pkgs.length === 0 || problem.class === 'missing-module' || problem.class === 'missing-program' || pkgs.some((p) => subjects.some((x) => p.includes(x) || x.includes(p)));
    }
    // A state change of the same tool (`git stash` before `git checkout`), not another run of it (`npm run build`).
    if (inv && i.program === inv.program && i.subcommand && i.subcommand !== inv.subcommand && !RUNS.test(i.subcommand)) return true;
    const words = i.text.toLowerCase();
    return subjects.some((x) => x.length > 2 && words.includes(x));
  });
}

/** A failed call whose error lies in a file the session had changed or created: it hides what came after. */
function masked(s: Step, tl: Timeline): boolean {
  if (!s.failed || !s.shell) return false;
  const p = problemOf(s);
  const origin = p?.origin?.replace(/^\.\//, '');
  if (!origin) return false;
  const touched = [...tl.edited.keys(), ...tl.created.keys()];
  return touched.some((f) => origin === f || origin.endsWith(`/${f}`));
}

/** Whether, within a few calls, the session runs the same targets with yet another program. */
function superseded(tl: Timeline, at: number, used: Invocation): boolean {
  const want = new Set(targets(used));
  if (!want.size) return false;
  return tl.steps.slice(at + 1, at + 6).some((s) => s.ran && s.shell?.invocations.some((i) => !i.reads && i.program !== used.program && !i.writes.length && targets(i).some((t) => want.has(t))));
}

/** The failed try whose call differs least from the passing one (later ones win a tie). */
function closestTry(candidates: Step[], pass: Invocation): { step: Step; inv: Invocation } | undefined {
  let best: { step: Step; inv: Invocation; cost: number } | undefined;
  for (const step of candidates) {
    for (const inv of step.shell?.invocations ?? []) {
      if (inv.identity !== pass.identity) continue;
      const words = (x: string[]) => x.filter((w) => w !== '--');
      const cost = difference(words(inv.args), words(pass.args)) + difference(inv.env, pass.env) + difference(inv.wrappers, pass.wrappers);
      if (!best || cost <= best.cost) best = { step, inv, cost };
    }
  }
  return best;
}

/** How many words are in one list and not the other (counting repeats). */
function difference(a: string[], b: string[]): number {
  const rest = [...b];
  let n = 0;
  for (const x of a) {
    const at = rest.indexOf(x);
    if (at < 0) n++;
    else rest.splice(at, 1);
  }
  return n + rest.length;
}

/** A step that ran, changed something and is no edit, no run of the session's own scripts and no run of the same call. */
function changesState(s: Step, tl: Timeline, inv: Invocation | undefined): boolean {
  if (!s.ran || s.failed || readOnly(s) || !s.shell || s.writes.length) return false;
  return s.shell.invocations.some((i) => !i.reads && i.program !== 'cd' && i.identity !== inv?.identity && !(i.script && tl.created.has(i.script)) && !REVERT.test(`${i.program} ${i.subcommand ?? ''}`));
}

/** `git stash`, `git checkout <file>`, `git restore <file>` of files the session had changed: its changes undone. */
function undoesChanges(s: Step, tl: Timeline): boolean {
  const changedBefore = [...tl.edited].filter(([, at]) => at < s.index).map(([f]) => f);
  if (!changedBefore.length || !s.shell) return false;
  return s.shell.invocations.some((i) => REVERT.test(`${i.program} ${i.subcommand ?? ''}`) && (i.subcommand?.startsWith('stash') || i.operands.some((o) => changedBefore.includes(o)) || i.operands.includes('.')));
}

/** The calls before a failure that did the same job and failed the same way, back to the last one that got past it. */
function earlierTries(tl: Timeline, at: number, inv: Invocation | undefined, problem: Problem, lookahead: number): Step[] {
  const failed = tl.steps[at];
  const out: Step[] = [];
  for (let j = at - 1; j >= Math.max(0, at - lookahead); j--) {
    const s = tl.steps[j];
    if (!s.ran || s.refused) continue;
    const match = sameJob(failed, inv, problem, s);
    if (!match || match === true) continue;
    if (!holdsProblem(s, match, problem)) break;
    out.unshift(s);
  }
  return out;
}

export function resolveFailure(tl: Timeline, at: number, problem: Problem, lookahead = LOOKAHEAD): Resolution {
  const failed = tl.steps[at];
  const inv = invocationOf(failed, problem);
  const told = failed.output.replace(/\s+/g, ' ');
  let lastTry = failed;
  let tryStep = failed;
  let tryInvocation = inv;
  const tries: Step[] = [];
  const unhelpful: Step[] = [];
  let reverted = false;
  let preExisting = false;
  let since = at;
  for (let j = at + 1; j < Math.min(tl.steps.length, at + 1 + lookahead); j++) {
    const s = tl.steps[j];
    if (!s.ran && !s.refused) continue;
    if (undoesChanges(s, tl)) reverted = true;
    const match = sameJob(failed, inv, problem, s);
    // A look around is never a retry, unless the failing call was itself one (`grep` with a bad pattern).
    if (!match || (readOnly(s) && !s.refused && !inv?.reads && !readOnly(failed))) continue;
    const matchInv = match === true ? undefined : match;
    if (matchInv && !didRun(s, matchInv)) continue;
    if (holdsProblem(s, matchInv, problem)) {
      unhelpful.push(...tl.steps.slice(since + 1, j).filter((b) => relates(b, tryInvocation, problem, told)));
      if (reverted && (problem.class === 'test' || problem.class === 'runtime') && matchInv?.identity === inv?.identity) preExisting = true;
      tries.push(s);
      lastTry = s;
      tryStep = s;
      tryInvocation = matchInv ?? tryInvocation;
      since = j;
      continue;
    }
    if (s.refused) continue;
    if (masked(s, tl)) continue; // it broke earlier, in code the session touched: says nothing about this problem
    if (matchInv && inv && matchInv.program !== inv.program && superseded(tl, j, matchInv)) {
      // The session did the same job again another way right after: this call did not do it (a test file run as a
      // plain script prints nothing and "passes").
      tries.push(s);
      continue;
    }
    // Compare the pass with the try most like it (the very call, when the session tried it), not just the last one;
    // failures of the same job just before this one count too: a flag dropped is no fix when the call without it
    // had already failed the same way.
    const twin = matchInv ? closestTry([...earlierTries(tl, at, inv, problem, lookahead), failed, ...tries], matchInv) : undefined;
    if (twin) {
      tryStep = twin.step;
      tryInvocation = twin.inv;
    }
    const between = tl.steps.slice(since + 1, j);
    const edits = between.filter((b) => b.ran && !b.failed).flatMap((b) => b.writes);
    return {
      lastTry, tryStep, pass: s, tryInvocation, passInvocation: matchInv, tries, unhelpful,
      related: between.filter((b) => relates(b, tryInvocation, problem, told)),
      changed: between.filter((b) => changesState(b, tl, tryInvocation) && !relates(b, tryInvocation, problem, told)),
      codeEdits: edits.filter((w) => tl.edited.has(w) && !CONFIG_FILE.test(w)),
      scratchEdits: edits.filter((w) => tl.created.has(w) && (tl.created.get(w) ?? Infinity) <= since),
      preExisting,
    };
  }
  return { lastTry, tryStep, tryInvocation, tries, unhelpful, related: [], changed: [], codeEdits: [], scratchEdits: [], preExisting };
}
