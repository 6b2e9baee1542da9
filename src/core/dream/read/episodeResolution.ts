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

const CONFIG_FILE = /(^|\/)(package\.json|[^/]*\.config\.[cm]?[jt]s|tsconfig[^/]*\.json|\.env[^/]*|\.npmrc|\.nvmrc|\.yarnrc[^/]*|Makefile|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|pytest\.ini|conftest\.py|requirements[^/]*\.txt|Pipfile|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|[^/]*\.ya?ml|\.eslintrc[^/]*|\.prettierrc[^/]*|\.babelrc|\.python-version|\.tool-versions|Gemfile)$/;
/** An install that changed nothing ("Requirement already satisfied", "up to date"): not a fix. */
const nothingDone = (out: string) => /Requirement already satisfied|is already installed|already up[- ]to[- ]date|up to date, audited|Nothing to do/i.test(out) && !/Successfully installed|added \d+ packages?|Installing collected packages|changed \d+ packages?/i.test(out);
const RUNS = /^(?:run\b|test$|t$|start$|build$|exec$|x$|dev$|serve$|check$|lint$)/;
const REVERT = /^git (?:stash(?! (?:list|show|pop|apply|drop))|checkout|restore|reset --hard)\b/;

/** Path-like operands: the files, folders and test ids a call works on. */
export function targets(inv: Invocation | undefined): string[] {
  if (!inv) return [];
  // Paths named in inline code count too (`python -c "…ZipFile('a/b.epub')…"` works on a/b.epub).
  const inCode = inv.code ? [...inv.code.text.matchAll(/['"]([\w.@+-]*\/[\w.@/+-]*\.\w+)['"]/g)].map((m) => m[1]) : [];
  const operands = inv.code ? inv.operands.filter((o) => o !== inv.code!.text) : inv.operands;
  return [...operands, ...(inv.script ? [inv.script] : []), ...inv.writes, ...(inv.stdinFile ? [inv.stdinFile] : []), ...inCode].filter((o) => o.length > 2 && /[/.]|::/.test(o) && !o.startsWith('-') && !/\s/.test(o));
}

/** Whether a step does the same job as the failing one (so its result says whether the problem is still there). */
function sameJob(failed: Step, inv: Invocation | undefined, problem: Problem, s: Step): Invocation | true | undefined {
  if (!failed.shell || !s.shell) {
    if (failed.shell || s.shell) return undefined;
    if (s.tool !== failed.tool) return undefined;
    // The same tool on the same file (reading another file is another job, even after a refusal).
    return !failed.target || s.target === failed.target ? true : undefined;
  }
  if (!inv) return undefined;
  const want = new Set(targets(inv));
  // The tool itself is missing: `pytest: command not found`, or `python -m pytest` → "No module named pytest".
  const missing = problem.class === 'missing-program' ? problem.subjects[0] : problem.class === 'missing-module' && problem.subjects.includes(inv.program) ? inv.program : undefined;
  let otherVerb: Invocation | undefined;
  for (const cand of s.shell.invocations.filter((i) => (!i.reads || inv.reads) && i.program !== 'cd')) {
    const shared = targets(cand).some((t) => want.has(t));
    if (inv.code || cand.code) {
      // Inline code: the same job when it is about the same thing (the missing module, else mostly the same code).
      const about = problem.class === 'missing-module' || problem.class === 'missing-program' ? problem.subjects.some((x) => cand.code?.text.includes(x)) : similarCode(inv.code?.text ?? '', cand.code?.text ?? '');
      if (cand.program === inv.program && (shared || about)) return cand;
      if (missing && cand.program !== missing && shared) return cand; // another tool for the same file
      continue;
    }
    // The same tool on other operands (`git checkout -- logs/*.json` after `git checkout main`) is another job,
    // unless the operand was the problem (a test file that does not exist).
    const operandsFit = shared || !cand.operands.length || !inv.operands.length || overlap(cand.operands, inv.operands) || problem.subjects.some((x) => inv.operands.includes(x));
    if (cand.identity === inv.identity && operandsFit) return cand;
    // Another verb of the same tool (`go generate ./...` before `go test ./...`) is another job, even on the same targets.
    const sameVerb = cand.subcommand === inv.subcommand || !cand.subcommand || !inv.subcommand;
    if (cand.program === inv.program && cand.program !== missing && sameVerb && ((cand.subcommand === inv.subcommand && !cand.script && !inv.script && operandsFit) || shared)) return cand;
    // Unless the verb was the problem (`cargo nextest`: no such command; `make test`: no rule to make target).
    const verbWrong = problem.class === 'usage' && !!inv.subcommand && problem.subjects.some((x) => inv.subcommand!.split(' ').includes(x));
    if (verbWrong && cand.program === inv.program && !!cand.subcommand && !cand.installs) otherVerb ??= cand; // unless the same verb runs later in it
    if (missing && cand.program !== missing && targets(cand).some((t) => want.has(t))) return cand; // another tool for the same file
    if (missing && cand.program === missing) return cand; // the same tool, another way (npx, python -m)
    // Another tool on the same arguments (`rg -n TODO src` → `grep -rn TODO src`).
    if (missing && inv.operands.length && inv.operands.filter((o) => cand.operands.includes(o)).length * 2 >= inv.operands.length) return cand;
    if (missing && squash(cand.identity).startsWith(squash(missing)) && squash(missing).length >= 4) return cand; // renamed (`docker-compose` → `docker compose`)
    // Installing is one job whatever the tool (`npm ci` → `pnpm install --frozen-lockfile`).
    if (inv.installs && cand.installs && (overlap(cand.operands, inv.operands) || (!packages(cand).length && !packages(inv).length))) return cand;
  }
  return otherVerb;
}

/** Operands overlap when they are the same, or one is a folder holding the other (`sympy/core`, `sympy/core/tests/x.py`). */
const within = (x: string, y: string) => x === y || (y.length > x.length && y.startsWith(x.endsWith('/') ? x : `${x}/`));
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** The packages an install names (none: it installs what the project declares). */
const packages = (i: Invocation) => i.operands.filter((o) => !/^(install|add|i|ci)$/.test(o));
const overlap = (a: string[], b: string[]) => a.some((x) => b.some((y) => /[/.]/.test(x + y) ? within(x, y) || within(y, x) : x === y));

const codeWords = (code: string) => new Set(code.match(/[A-Za-z_][\w.]*/g) ?? []);

/** Two pieces of inline code doing the same thing (mostly the same names). */
export function similarCode(a: string, b: string): boolean {
  const x = codeWords(a);
  const y = codeWords(b);
  if (!x.size || !y.size) return false;
  const common = [...x].filter((w) => y.has(w)).length;
  return common / (x.size + y.size - common) >= 0.5;
}

/** Whether a step's output still holds the problem: the same error, or another error about the same missing thing. */
function holdsProblem(s: Step, inv: Invocation | undefined, problem: Problem): boolean {
  if (s.refused) return true;
  if (problem.class === 'refused') return s.failed;
  if (!s.failed) return false;
  const sigs = extractErrorSignatures(s.output, inv?.text ?? '');
  if (!s.shell) return sigs.length === 0 || sigs.some((x) => x.key === problem.key);
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

/** Whether a step between the last try and the pass relates to the error (`told`: the failing output, spaces squashed). */
function relates(s: Step, inv: Invocation | undefined, problem: Problem, told: string): boolean {
  if (!s.ran || s.failed || readOnly(s)) return false;
  // The error said to run it ("to update it: go mod tidy", "To install, run `rustup component add clippy`").
  const text = s.shell?.text.replace(/\s+/g, ' ').trim() ?? '';
  if (text.length >= 6 && told.includes(text)) return true;
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
