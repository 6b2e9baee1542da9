// The learning-curve benchmark: does Lucid learn the repository it works in? Four arms (no memory; memory
// without dreaming; memory with a dream after every session; an oracle given every fix) play the same 50
// tasks per seed through the real agent loop, tools, recorder, dream and recall (learningRun.ts), against a
// synthetic project with 22 seeded quirks (learningQuirks.ts). Figures: failed tool calls per session,
// repeated failures (of quirks already solved once), sessions until each quirk goes quiet, memory tokens in
// context, and the harm rate on quirk-free actions; plus the injected faults' outcomes.
import * as fs from 'fs';
import * as path from 'path';
import { QUIRKS } from './learningQuirks';
import { writeLearningPlot } from './learningPlot';
import { ARMS, runArm, type Arm, type RunResult } from './learningRun';
import { makeTasks } from './learningTasks';

export interface LearningOptions {
  seeds?: number[];
  sessions?: number;
  dreamEvery?: number;
  arms?: Arm[];
  /** Where to write the SVG (undefined: not written). */
  plotFile?: string;
}

type PerArm = Record<Arm, number>;

export interface QuirkOutcome {
  id: string;
  kind: string;
  /** Over seeds, per arm: appearances, failing appearances, failing appearances after the first solve, last failing session. */
  byArm: Record<Arm, { appearances: number; failing: number; repeated: number; quietFrom: Array<number | null> }>;
}

export interface LearningResults {
  config: { seeds: number[]; sessions: number; dreamEvery: number; quirks: number };
  runs: RunResult[];
  learning: {
    /** Failed tool calls of already-solved quirks in the second half of the sessions, summed over seeds. */
    repeatedFailures: PerArm;
    /** Quirk occurrences that failed at least once although solved before (second half, summed over seeds). */
    repeatedQuirkFailures: PerArm;
    /** 1 - arm / noMemory for repeatedFailures. */
    reductionVsNoMemory: PerArm;
    /** Share of quirk-free actions that failed (all sessions, all seeds). */
    harmRate: PerArm;
    harmRateSecondHalf: PerArm;
    /** The harm rate without the actions the injected wrong lesson targets (harm Lucid caused on its own). */
    harmRateExcludingInjected: PerArm;
    failedCalls: PerArm;
    failedCallsSecondHalf: PerArm;
    /** Mean over seeds, per session. */
    failedPerSession: Record<Arm, number[]>;
    memoryTokensPerSession: Record<Arm, number[]>;
    meanMemoryTokensSecondHalf: PerArm;
    targetMet: boolean;
  };
  quirks: QuirkOutcome[];
  faults: {
    fixChange: { quirk: string; at: number; failuresAfterChange: PerArm; lastFailAfterChange: Record<Arm, Array<number | null>> };
    wrongLesson: Record<'memoryOnly' | 'dream', { failedCalls: number; lastFail: Array<number | null>; statusAtEnd: string[]; inactiveFrom: Array<number | null> }>;
    wrongOkLesson: Record<'memoryOnly' | 'dream', { failedCalls: number; lastFail: Array<number | null>; statusAtEnd: string[]; inactiveFrom: Array<number | null> }>;
    duplicates: Record<'memoryOnly' | 'dream', { merged: boolean[]; mergedAt: Array<number | null> }>;
  };
  runtimeMs: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const perArm = (f: (arm: Arm) => number): PerArm => Object.fromEntries(ARMS.map((a) => [a, f(a)])) as PerArm;

export async function runLearningCurve(o: LearningOptions = {}): Promise<LearningResults> {
  const t0 = Date.now();
  const seeds = o.seeds ?? [1, 2, 3];
  const sessions = o.sessions ?? 50;
  const dreamEvery = o.dreamEvery ?? 1;
  const runs: RunResult[] = [];
  for (const seed of seeds) {
    const tasks = makeTasks(seed, sessions);
    for (const arm of o.arms ?? ARMS) runs.push(await runArm(arm, seed, tasks, { dreamEvery }));
  }
  const half = Math.floor(sessions / 2);
  const of = (arm: Arm) => runs.filter((r) => r.arm === arm);
  const total = (arm: Arm, f: (s: RunResult['sessions'][number]) => number, from = 0) => sum(of(arm).flatMap((r) => r.sessions.slice(from).map(f)));
  const harm = (arm: Arm, from = 0) => {
    const n = total(arm, (s) => s.okActions, from);
    return n ? +(total(arm, (s) => s.okFailed, from) / n).toFixed(4) : 0;
  };
  const meanPerSession = (arm: Arm, f: (s: RunResult['sessions'][number]) => number) =>
    Array.from({ length: sessions }, (_, i) => (of(arm).length ? +(sum(of(arm).map((r) => f(r.sessions[i]))) / of(arm).length).toFixed(2) : 0));
  const repeatedFailures = perArm((a) => total(a, (s) => s.repeated, half));
  const learning: LearningResults['learning'] = {
    repeatedFailures,
    repeatedQuirkFailures: perArm((a) => total(a, (s) => s.repeatedQuirks, half)),
    reductionVsNoMemory: perArm((a) => (repeatedFailures.noMemory ? +(1 - repeatedFailures[a] / repeatedFailures.noMemory).toFixed(3) : 0)),
    harmRate: perArm((a) => harm(a)),
    harmRateSecondHalf: perArm((a) => harm(a, half)),
    harmRateExcludingInjected: perArm((a) => {
      const n = total(a, (s) => s.okActions - s.okInjected);
      return n ? +(total(a, (s) => s.okFailed - s.okInjectedFailed) / n).toFixed(4) : 0;
    }),
    failedCalls: perArm((a) => total(a, (s) => s.failed)),
    failedCallsSecondHalf: perArm((a) => total(a, (s) => s.failed, half)),
    failedPerSession: Object.fromEntries(ARMS.map((a) => [a, meanPerSession(a, (s) => s.failed)])) as Record<Arm, number[]>,
    memoryTokensPerSession: Object.fromEntries(ARMS.map((a) => [a, meanPerSession(a, (s) => s.memoryTokens)])) as Record<Arm, number[]>,
    meanMemoryTokensSecondHalf: perArm((a) => (of(a).length ? Math.round(total(a, (s) => s.memoryTokens, half) / (of(a).length * (sessions - half))) : 0)),
    targetMet: false,
  };
  learning.targetMet = learning.reductionVsNoMemory.dream >= 0.9 && learning.harmRate.dream <= learning.harmRate.noMemory;
  const results: LearningResults = { config: { seeds, sessions, dreamEvery, quirks: QUIRKS.length }, runs, learning, quirks: quirkOutcomes(runs), faults: faultOutcomes(runs), runtimeMs: Date.now() - t0 };
  if (o.plotFile) writeLearningPlot(learning.failedPerSession, o.plotFile, { seeds: seeds.length, dreamEvery });
  return results;
}

function quirkOutcomes(runs: RunResult[]): QuirkOutcome[] {
  return QUIRKS.map((q) => {
    const byArm = {} as QuirkOutcome['byArm'];
    for (const arm of ARMS) {
      const out = { appearances: 0, failing: 0, repeated: 0, quietFrom: [] as Array<number | null> };
      for (const r of runs.filter((x) => x.arm === arm)) {
        let lastFail: number | null = null;
        let seen = false;
        r.sessions.forEach((s, i) => {
          const appeared = s.solvedQuirks.includes(q.id) || s.failedQuirks.includes(q.id);
          if (appeared) seen = true;
          out.appearances += appeared ? 1 : 0;
          if (s.failedQuirks.includes(q.id)) {
            out.failing++;
            lastFail = i;
            if (s.repeatedQuirks && r.sessions.slice(0, i).some((p) => p.solvedQuirks.includes(q.id))) out.repeated++;
          }
        });
        // The session from which the quirk never fails again (null: never appeared).
        out.quietFrom.push(seen ? (lastFail === null ? 0 : lastFail + 1) : null);
      }
      byArm[arm] = out;
    }
    return { id: q.id, kind: q.kind, byArm };
  });
}

function faultOutcomes(runs: RunResult[]): LearningResults['faults'] {
  const changing = QUIRKS.find((q) => q.changesAt !== undefined)!;
  const at = changing.changesAt!;
  const lastWhere = (r: RunResult, f: (s: RunResult['sessions'][number]) => boolean) => {
    let last: number | null = null;
    r.sessions.forEach((s, i) => f(s) && (last = i));
    return last;
  };
  const lesson = (arm: 'memoryOnly' | 'dream', key: 'wrongLessonFails' | 'wrongOkLessonFails', id: string) => {
    const rs = runs.filter((r) => r.arm === arm);
    return {
      failedCalls: sum(rs.flatMap((r) => r.sessions.map((s) => s[key]))),
      lastFail: rs.map((r) => lastWhere(r, (s) => s[key] > 0)),
      statusAtEnd: rs.map((r) => r.faultNotes[id]?.status ?? 'missing'),
      inactiveFrom: rs.map((r) => r.faultNotes[id]?.inactiveFrom ?? null),
    };
  };
  const dup = (arm: 'memoryOnly' | 'dream') => {
    const rs = runs.filter((r) => r.arm === arm);
    const ids = ['eslint-flat-config-ext', 'eslint-no-ext-flag'];
    return {
      merged: rs.map((r) => ids.some((id) => /merged into/.test(r.faultNotes[id]?.reason ?? ''))),
      mergedAt: rs.map((r) => Math.min(...ids.map((id) => r.faultNotes[id]?.inactiveFrom ?? Infinity))).map((x) => (Number.isFinite(x) ? x : null)),
    };
  };
  return {
    fixChange: {
      quirk: changing.id,
      at,
      failuresAfterChange: perArm((a) => runs.filter((r) => r.arm === a).reduce((n, r) => n + r.sessions.slice(at).filter((s) => s.failedQuirks.includes(changing.id)).length, 0)),
      lastFailAfterChange: Object.fromEntries(ARMS.map((a) => [a, runs.filter((r) => r.arm === a).map((r) => lastWhere(r, (s) => s.failedQuirks.includes(changing.id)))])) as Record<Arm, Array<number | null>>,
    },
    wrongLesson: { memoryOnly: lesson('memoryOnly', 'wrongLessonFails', 'npm-install-prefer-offline'), dream: lesson('dream', 'wrongLessonFails', 'npm-install-prefer-offline') },
    wrongOkLesson: { memoryOnly: lesson('memoryOnly', 'wrongOkLessonFails', 'lint-no-eslintrc'), dream: lesson('dream', 'wrongOkLessonFails', 'lint-no-eslintrc') },
    duplicates: { memoryOnly: dup('memoryOnly'), dream: dup('dream') },
  };
}

/** The benchmark as `scripts/bench.js` runs it: 3 seeds × 50 sessions × 4 arms; writes bench/learning-curve.svg. */
export async function benchLearning(): Promise<LearningResults> {
  const benchDir = path.resolve(__dirname, '..', '..', '..', 'bench');
  fs.mkdirSync(benchDir, { recursive: true });
  return runLearningCurve({ seeds: [1, 2, 3], sessions: 50, dreamEvery: 1, plotFile: path.join(benchDir, 'learning-curve.svg') });
}


const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const LABEL: Record<Arm, string> = { noMemory: 'No memory', memoryOnly: 'Memory, no dreaming', dream: 'Memory + dreaming', oracle: 'Oracle (every fix known)' };
const list = (xs: Array<number | string | boolean | null>) => xs.map((x) => (x === null ? '—' : String(x))).join(', ');

/** The RESULTS.md section. */
export function renderLearningMarkdown(r: LearningResults): string {
  const L = r.learning;
  const half = Math.floor(r.config.sessions / 2);
  const out: string[] = ['## Learning curve', ''];
  out.push(`${r.config.quirks} seeded quirks, ${r.config.sessions} sessions per seed (one task each, Zipf-like recurrence), seeds ${r.config.seeds.join(', ')}, a dream after every ${r.config.dreamEvery} session(s) in the dreaming arm. Real agent loop, tools, recorder, dream and recall; a scripted model that sees only the request body. "Second half" = sessions ${half}–${r.config.sessions - 1}. Runtime ${(r.runtimeMs / 1000).toFixed(0)} s.`, '');
  out.push(`Target (dreaming cuts second-half repeated failures by ≥ 90% vs no memory, harm not higher): **${L.targetMet ? 'met' : 'NOT met'}** (reduction ${pct(L.reductionVsNoMemory.dream)}, harm ${pct(L.harmRate.dream)} vs ${pct(L.harmRate.noMemory)}).`, '');
  out.push('![Failed tool calls per session](learning-curve.svg)', '');
  out.push('| Arm | Failed calls (all) | Failed calls (2nd half) | Repeated failures (2nd half, calls) | Repeated quirk failures (2nd half) | Reduction vs no memory | Harm rate (all / 2nd half) | Harm without the injected wrong lesson | Memory tokens in context (2nd half, mean) |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const a of ARMS) out.push(`| ${LABEL[a]} | ${L.failedCalls[a]} | ${L.failedCallsSecondHalf[a]} | ${L.repeatedFailures[a]} | ${L.repeatedQuirkFailures[a]} | ${pct(L.reductionVsNoMemory[a])} | ${pct(L.harmRate[a])} / ${pct(L.harmRateSecondHalf[a])} | ${pct(L.harmRateExcludingInjected[a])} | ${L.meanMemoryTokensSecondHalf[a]} |`);
  out.push('', '### Per seed', '', '| Seed | Arm | Failed calls | Repeated failures (2nd half) | Harm (failed / quirk-free actions) | Runtime |', '|---:|---|---:|---:|---:|---:|');
  for (const run of r.runs) {
    const s = run.sessions;
    out.push(`| ${run.seed} | ${LABEL[run.arm]} | ${sum(s.map((x) => x.failed))} | ${sum(s.slice(half).map((x) => x.repeated))} | ${sum(s.map((x) => x.okFailed))} / ${sum(s.map((x) => x.okActions))} | ${(run.ms / 1000).toFixed(1)} s |`);
  }
  out.push('', '### Per quirk: failing occurrences / occurrences, and the session from which it never failed again (per seed)', '');
  out.push('| Quirk | Kind | No memory | Memory only | Dreaming | Dreaming: quiet from | Oracle |', '|---|---|---:|---:|---:|---|---:|');
  for (const q of r.quirks) {
    const c = (a: Arm) => `${q.byArm[a].failing}/${q.byArm[a].appearances}`;
    out.push(`| ${q.id} | ${q.kind} | ${c('noMemory')} | ${c('memoryOnly')} | ${c('dream')} | ${list(q.byArm.dream.quietFrom)} | ${c('oracle')} |`);
  }
  const f = r.faults;
  out.push('', '### Injected faults', '');
  out.push(`- **Fix changes midway** (\`${f.fixChange.quirk}\` at session ${f.fixChange.at}): failing occurrences after the change — ${ARMS.map((a) => `${LABEL[a]} ${f.fixChange.failuresAfterChange[a]}`).join(', ')}; last failing session per seed — dreaming ${list(f.fixChange.lastFailAfterChange.dream)}, memory only ${list(f.fixChange.lastFailAfterChange.memoryOnly)}, no memory ${list(f.fixChange.lastFailAfterChange.noMemory)}.`);
  for (const [name, w] of [['Wrong lesson on a quirk', f.wrongLesson], ['Wrong lesson on a quirk-free task', f.wrongOkLesson]] as const) {
    out.push(`- **${name}**: failed calls that followed it — memory only ${w.memoryOnly.failedCalls}, dreaming ${w.dream.failedCalls}; last such failure per seed — memory only ${list(w.memoryOnly.lastFail)}, dreaming ${list(w.dream.lastFail)}; note status at the end (dreaming) ${list(w.dream.statusAtEnd)}, inactive from session ${list(w.dream.inactiveFrom)}.`);
  }
  out.push(`- **Reworded duplicates**: merged by a dream — dreaming ${list(f.duplicates.dream.merged)} (after session ${list(f.duplicates.dream.mergedAt)}); memory only (no dream) ${list(f.duplicates.memoryOnly.merged)}.`);
  out.push('');
  return out.join('\n');
}
