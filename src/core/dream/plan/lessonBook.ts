// All sessions' episodes folded into lessons: one per problem (its error signature), with the sessions that hit
// it and the fixes that got past it. A fix is counted in parts (a change of the call, each setup step), so the
// part sessions agree on stands out from what one session happened to do as well (a useless `pip install`
// before the real change). Lines a standalone script needed count only where two sessions added the same line.
// Pure: the same contributions give the same lessons, in the same order.
import type { Episode, Fix, Problem, SessionContribution } from '../read/episodeTypes';
import { readShellCommand } from '../../shell/shellCommand';
import { discards } from '../../shell/programRoles';

export interface FixTally {
  key: string;
  /** A representative fix (the most recent). */
  fix: Fix;
  sessions: Set<string>;
  /** Episodes it got past, and how many distinct failing calls they were. */
  episodes: number;
  calls: Set<string>;
  lastDay: string;
}

export interface Lesson {
  /** The problem key. */
  key: string;
  problem: Problem;
  sessions: Set<string>;
  /** Sessions where it failed the same way with the session's changes undone. */
  preExisting: Set<string>;
  firstSeen: string;
  lastSeen: string;
  occurrences: number;
  /** Whole fixes, most sessions first. */
  fixes: FixTally[];
  /** The parts of fixes, by part key (a change key, or `step:<command>`), with the sessions that did them. */
  parts: Map<string, Set<string>>;
  /** Calls tried that failed the same way, with how many sessions tried them. */
  failedTries: Map<string, Set<string>>;
  /** Per session, the commands that failed (distinct). */
  calls: Map<string, Set<string>>;
  /** The failing calls in general form, with how often each failed. */
  generals: Map<string, number>;
  /** The programs that failed (`pytest`, `npm test`). */
  programs: Set<string>;
  example: { session: string; command: string; excerpt: string; day: string };
  /** Sessions whose outcome was satisfied (verified evidence), and those whose outcome was not. */
  verified: Set<string>;
  unsatisfied: Set<string>;
}

/** The parts a fix is made of: each change, each setup step. */
export function fixParts(fix: Fix): string[] {
  if (fix.key === 'retry' || fix.key.startsWith('script:')) return [fix.key];
  const parts = fix.key.split(' + ').filter((p) => !p.startsWith('steps:'));
  return [...parts, ...fix.steps.map((s) => `step:${s}`)];
}

/** What a fix throws away by forcing past a safety check (`git checkout -f`), or undefined. */
export function fixDiscards(fix: Fix): string | undefined {
  const texts = [...fix.steps, ...(fix.change?.kind === 'prefix' ? [fix.change.to] : []), fix.command];
  for (const t of texts) {
    for (const i of readShellCommand(t).invocations) {
      const what = discards(i.program, i.subcommand, i.words);
      if (what) return what;
    }
  }
  return undefined;
}

export function buildLessons(contributions: Iterable<[string, SessionContribution]>): Lesson[] {
  const byKey = new Map<string, Lesson>();
  const sorted = [...contributions].sort(([a, x], [b, y]) => x.day.localeCompare(y.day) || a.localeCompare(b));
  for (const [sessionId, c] of sorted) {
    for (const e of c.episodes) {
      if (e.noise || !e.problem.key) continue;
      const l = byKey.get(e.problem.key) ?? newLesson(e);
      byKey.set(e.problem.key, l);
      add(l, sessionId, e);
      if (c.outcome?.result === 'satisfied') l.verified.add(sessionId);
      if (c.outcome?.result === 'failed' || c.outcome?.result === 'max_iterations_reached') l.unsatisfied.add(sessionId);
    }
  }
  for (const l of byKey.values()) {
    l.fixes.sort((a, b) => b.sessions.size - a.sessions.size || b.episodes - a.episodes || b.lastDay.localeCompare(a.lastDay) || a.key.localeCompare(b.key));
    agreeOnScriptLines(l);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function newLesson(e: Episode): Lesson {
  return {
    key: e.problem.key, problem: e.problem, sessions: new Set(), preExisting: new Set(), firstSeen: e.day, lastSeen: e.day,
    occurrences: 0, fixes: [], parts: new Map(), failedTries: new Map(), calls: new Map(), generals: new Map(), programs: new Set(),
    example: { session: e.sessionId, command: e.command, excerpt: e.excerpt, day: e.day }, verified: new Set(), unsatisfied: new Set(),
  };
}

function add(l: Lesson, sessionId: string, e: Episode): void {
  l.sessions.add(sessionId);
  l.occurrences++;
  if (e.day < l.firstSeen) l.firstSeen = e.day;
  if (e.day >= l.lastSeen) {
    l.lastSeen = e.day;
    l.example = { session: sessionId, command: e.command, excerpt: e.excerpt, day: e.day };
    l.problem = e.problem;
  }
  if (e.outcome === 'pre-existing') l.preExisting.add(sessionId);
  l.generals.set(e.general, (l.generals.get(e.general) ?? 0) + 1);
  l.programs.add(e.program);
  const calls = l.calls.get(sessionId) ?? new Set<string>();
  calls.add(e.command.replace(/\s+/g, ' ').trim());
  l.calls.set(sessionId, calls);
  for (const t of e.failedTries) {
    const s = l.failedTries.get(t) ?? new Set<string>();
    s.add(sessionId);
    l.failedTries.set(t, s);
  }
  if (!e.fix || e.outcome !== 'fixed') return;
  let tally = l.fixes.find((f) => f.key === e.fix!.key);
  if (!tally) {
    tally = { key: e.fix.key, fix: e.fix, sessions: new Set(), episodes: 0, calls: new Set(), lastDay: e.day };
    l.fixes.push(tally);
  }
  tally.sessions.add(sessionId);
  tally.episodes++;
  tally.calls.add(e.command.replace(/\s+/g, ' ').trim());
  if (e.day >= tally.lastDay) {
    tally.lastDay = e.day;
    tally.fix = e.fix;
  }
  for (const part of fixParts(e.fix)) {
    const s = l.parts.get(part) ?? new Set<string>();
    s.add(sessionId);
    l.parts.set(part, s);
  }
}

/** Script fixes: keep only the lines two or more sessions added, as one agreed fix. */
function agreeOnScriptLines(l: Lesson): void {
  const scripts = l.fixes.filter((f) => f.fix.scriptLines?.length);
  if (!scripts.length) return;
  const lineSessions = new Map<string, Set<string>>();
  for (const f of scripts) for (const line of f.fix.scriptLines!) for (const s of f.sessions) (lineSessions.get(line) ?? lineSessions.set(line, new Set()).get(line)!).add(s);
  const agreed = [...lineSessions].filter(([, s]) => s.size >= 2).map(([line]) => line).sort();
  l.fixes = l.fixes.filter((f) => !f.fix.scriptLines?.length);
  if (!agreed.length) return;
  const sessions = new Set(agreed.flatMap((line) => [...lineSessions.get(line)!]));
  const fix: Fix = { key: `script:${agreed.join(' | ')}`, steps: [], scriptLines: agreed, command: scripts[0].fix.command };
  l.fixes.unshift({ key: fix.key, fix, sessions, episodes: sessions.size, calls: new Set(scripts.flatMap((f) => [...f.calls])), lastDay: scripts.map((f) => f.lastDay).sort().pop()! });
}
