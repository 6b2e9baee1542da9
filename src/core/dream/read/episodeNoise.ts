// Why a failure is no lesson. Each rule is a small function with a reason a person can read; the first that
// applies labels the episode. Rules before the resolution look only at the failure; rules after it also look at
// what got past it (a failure fixed by changing the code under work is the task, not a lesson).
import type { Episode, Problem } from './episodeTypes';
import type { Resolution } from './episodeResolution';
import type { Step, Timeline } from './sessionTimeline';
import type { Invocation } from '../../shell/shellCommand';
import { MEMORY_TOOL_ROOT } from '../../memory/memoryToolPaths';
import { editDistance } from '../../memory/searchTerms';

export interface NoiseContext {
  step: Step;
  problem: Problem;
  tl: Timeline;
  inv?: Invocation;
}

export type NoiseRule = (c: NoiseContext) => string | undefined;

const MISSING_PATH = /no such file or directory|cannot access|cannot remove|can't open file|does not exist|not a directory|cannot stat/i;
const LOOKUPS = new Set(['ls', 'cat', 'rm', 'rmdir', 'cd', 'head', 'tail', 'less', 'find', 'stat', 'mv', 'cp', 'diff', 'grep', 'rg', 'nl', 'sed', 'wc', 'file', 'du', 'open', 'source', '.', 'chmod', 'touch', 'mkdir', 'ln', 'tree']);
const EDIT_MISMATCH = /string to replace not found|has not been read yet|has been modified since|modified since (?:it was )?read|found \d+ matches of the string|did not appear verbatim|no replacement was performed|old_str.*(?:not found|not unique)/i;
const INLINE_ORIGINS = new Set(['<string>', '<stdin>', '-c', '<module>']);
/** An agent tool's own input check (Claude Code: `InputValidationError`; others: invalid or missing arguments). */
const MALFORMED = /InputValidationError|Invalid tool (?:parameters|input)|(?:parameter|argument) `?\w+`? (?:is missing|type is expected)|missing required (?:parameter|argument)/i;
const WEB_TOOLS = /^(?:WebFetch|WebSearch|web_fetch|web_search|fetch_url|browser?_\w+|mcp__(?:fetch|brave[-_]search|web[-_]search|playwright|puppeteer)__\w+)$/i;

const wroteBefore = (map: Map<string, number>, file: string | undefined, at: number) => file !== undefined && (map.get(file) ?? Infinity) < at;

/** Top-level folders of the project as the session saw them (files it read, edited, created or ran). */
function projectRoots(tl: Timeline): Set<string> {
  const roots = new Set<string>();
  const add = (p: string | undefined) => {
    if (!p || p.startsWith('/') || p.startsWith('~')) return;
    const first = p.replace(/^\.\//, '').split('/')[0];
    if (first && p.includes('/')) roots.add(first.replace(/\.py$/, ''));
  };
  for (const s of tl.steps) {
    add(s.target);
    for (const i of s.shell?.invocations ?? []) i.operands.forEach(add);
  }
  for (const f of [...tl.created.keys(), ...tl.edited.keys()]) add(f);
  return roots;
}

/** Rules that need only the failure. */
export const BEFORE_RESOLUTION: Array<[string, NoiseRule]> = [
  ['lookup of a missing path', ({ step, problem, inv }) => {
    if (!MISSING_PATH.test(problem.line)) return undefined;
    if (step.kind !== 'shell' || (inv && LOOKUPS.has(inv.program)) || /can't open file/.test(problem.line)) return 'a path that does not exist (a look-up, a guess, or a file not written yet)';
    return undefined;
  }],
  ['missing module of the project itself', ({ problem, tl }) => {
    if (problem.class !== 'missing-module') return undefined;
    const roots = projectRoots(tl);
    return problem.subjects.some((s) => roots.has(s.split('.')[0]) && s.includes('.')) ? 'a module path of the project itself that does not exist (a wrong import)' : undefined;
  }],
  ['typo corrected in the next call', ({ step, problem, tl, inv }) => {
    if (!inv || (problem.class !== 'missing-program' && problem.class !== 'usage')) return undefined;
    const next = tl.steps.slice(step.index + 1).find((s) => s.ran && s.shell);
    const cand = next?.shell?.invocations.find((i) => !i.reads);
    if (!cand) return undefined;
    const typo = (a: string, b: string) => a !== b && a.length >= 4 && editDistance(a, b, 2) <= (a.length >= 6 ? 2 : 1);
    if (problem.class === 'missing-program' && typo(problem.subjects[0] ?? '', cand.program)) return `a typo corrected in the next call (${problem.subjects[0]} → ${cand.program})`;
    if (cand.program === inv.program && inv.subcommand && cand.subcommand && typo(inv.subcommand, cand.subcommand)) return `a typo corrected in the next call (${inv.subcommand} → ${cand.subcommand})`;
    return undefined;
  }],
  ['the agent\'s own memory', ({ step }) =>
    step.tool === 'memory' || step.target === MEMORY_TOOL_ROOT || step.target?.startsWith(`${MEMORY_TOOL_ROOT}/`)
      ? "the agent's own memory tool (a note that already exists, a path to fix): not about the repository"
      : undefined],
  ['malformed call', ({ step, problem }) =>
    problem.class === 'tool' && MALFORMED.test(step.output) ? "the agent's call was malformed (a parameter missing or of the wrong type): not about the repository" : undefined],
  ['the web', ({ step }) => (WEB_TOOLS.test(step.tool) ? 'a web page or search failed: about the outside world, not the repository' : undefined)],
  ['the remote moved on', ({ problem }) =>
    /^git: push rejected \((?:fetch first|non-fast-forward|stale info)\)/.test(problem.key) ? "the remote had new work (push rejected): a moment's state, not a lesson about the repository" : undefined],
  ['edit that did not apply', ({ problem }) => (problem.class === 'tool' && EDIT_MISMATCH.test(problem.line) ? "the agent's edit did not apply (its text did not match the file): not about the repository" : undefined)],
  ['the session\'s own script never finished', ({ step, problem, tl, inv }) => {
    if (problem.class !== 'timeout' || !inv) return undefined;
    const written = [...tl.created, ...tl.edited].filter(([, at]) => at < step.index).map(([f]) => f);
    const own = [inv.script, ...inv.operands].some((o) => o && written.some((f) => o.replace(/^\.\//, '') === f || o.endsWith(`/${f}`)));
    return own || inv.code ? 'code the session wrote or changed never finished (the task\'s bug, or a probe of it)' : undefined;
  }],
  ['error in code under work', ({ step, problem, tl }) =>
    (problem.class === 'runtime' || problem.class === 'test' || problem.class === 'usage') && wroteBefore(tl.edited, problem.origin, step.index)
      ? 'an error in the code under work (a file the session had changed)'
      : undefined],
];

/** Rules that also look at what got past the failure. */
export const AFTER_RESOLUTION: Array<[string, (c: NoiseContext, r: Resolution, e: Episode) => string | undefined]> = [
  ['error in the session\'s own code', ({ step, problem, tl }, _r, e) => {
    const own = wroteBefore(tl.created, problem.origin, step.index) || (problem.origin !== undefined && INLINE_ORIGINS.has(problem.origin));
    if (!own || (problem.class !== 'runtime' && problem.class !== 'test')) return undefined;
    if (e.fix?.change?.kind === 'form') return undefined; // the same code, passed another way: how to pass code is the lesson
    return 'an error in code the session wrote itself (a scratch script, a probe, new code)';
  }],
  ['failing test of the code under work', ({ problem }, _r, e) => (problem.class === 'test' && e.outcome !== 'pre-existing' ? 'a failing test of the code under work' : undefined)],
  ['the task itself', ({ problem }, _r, e) => {
    if ((problem.class !== 'runtime' && problem.class !== 'timeout') || e.outcome === 'pre-existing') return undefined;
    if (e.outcome === 'unresolved' || !e.fix || e.fix.key === 'retry') return "the task's own bug or a probe of it: nothing but work on the code got past it";
    return undefined;
  }],
];

