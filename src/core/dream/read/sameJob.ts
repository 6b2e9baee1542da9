// Whether a later call does the same job as a failed one, so its result says whether the problem is still there:
// the same tool on the same targets, another tool for the same file when the tool itself was missing, another verb
// when the verb was the problem, inline code about the same thing, one install for another.
import type { Invocation } from '../../shell/shellCommand';
import { INTERPRETERS, SCRIPT_RUNNERS } from '../../shell/programRoles';
import type { Problem } from './episodeTypes';
import type { Step } from './sessionTimeline';

/** Path-like operands: the files, folders and test ids a call works on. */
export function targets(inv: Invocation | undefined): string[] {
  if (!inv) return [];
  // Paths named in inline code count too (`python -c "…ZipFile('a/b.epub')…"` works on a/b.epub).
  const inCode = inv.code ? [...inv.code.text.matchAll(/['"]([\w.@+-]*\/[\w.@/+-]*\.\w+)['"]/g)].map((m) => m[1]) : [];
  const operands = inv.code ? inv.operands.filter((o) => o !== inv.code!.text) : inv.operands;
  return [...operands, ...(inv.script ? [inv.script] : []), ...inv.writes, ...(inv.stdinFile ? [inv.stdinFile] : []), ...inCode].filter((o) => o.length > 2 && /[/.]|::/.test(o) && !o.startsWith('-') && !/\s/.test(o));
}

/** Whether a step does the same job as the failing one (so its result says whether the problem is still there). */
export function sameJob(failed: Step, inv: Invocation | undefined, problem: Problem, s: Step): Invocation | true | undefined {
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
    // Then a call that worked; a script runner's other verb is another script (`npm run generate`, not `npm test`).
    const verbWrong = problem.class === 'usage' && !!inv.subcommand && problem.subjects.some((x) => inv.subcommand!.split(' ').includes(x));
    const runner = (i: Invocation) => (SCRIPT_RUNNERS.has(i.subcommand?.split(' ')[0] ?? '') ? i.subcommand!.split(' ')[0] : undefined);
    const otherJob = cand.program === inv.program && !!cand.subcommand && !cand.installs && !s.failed && runner(cand) === runner(inv);
    if (verbWrong && otherJob) otherVerb ??= cand; // unless the same verb runs later in it
    if (missing && cand.program !== missing && targets(cand).some((t) => want.has(t))) return cand; // another tool for the same file
    // Another runner for the same script, when the error did not come from the script (`node x.ts` → `tsx x.ts`).
    if (inv.script && cand.script === inv.script && cand.program !== inv.program && INTERPRETERS.has(cand.program) && problem.class !== 'test' && !fromScript(problem, inv.script)) return cand;
    if (missing && cand.program === missing) return cand; // the same tool, another way (npx, python -m)
    // Another tool on the same arguments (`rg -n TODO src` → `grep -rn TODO src`).
    if (missing && inv.operands.length && inv.operands.filter((o) => cand.operands.includes(o)).length * 2 >= inv.operands.length) return cand;
    if (missing && squash(cand.identity).startsWith(squash(missing)) && squash(missing).length >= 4) return cand; // renamed (`docker-compose` → `docker compose`)
    // Installing is one job whatever the tool (`npm ci` → `pnpm install --frozen-lockfile`).
    if (inv.installs && cand.installs && (overlap(cand.operands, inv.operands) || (!packages(cand).length && !packages(inv).length))) return cand;
  }
  return otherVerb;
}

/** Whether the error points into the script itself (its own bug), not at how it was run. */
const fromScript = (p: Problem, script: string) => !!p.origin && (p.origin === script || p.origin.endsWith(`/${script.replace(/^\.\//, '')}`) || script.endsWith(`/${p.origin}`));

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
