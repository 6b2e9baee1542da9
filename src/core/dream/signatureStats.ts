// What a dream remembers between runs about each error signature: how often it happened, in which
// sessions, and what got past it. Kept locally in `.cache/dream-state.json` (not committed): a problem
// seen once today and once next week still becomes a note, without re-reading old sessions.
import type { FailureEpisode } from './dreamTypes';

export interface ResolutionStat {
  kind: 'variant' | 'fix-then-retry';
  command: string;
  fixSteps: string[];
  count: number;
  lastDay: string;
  /** True when the working command names the same target (file, test label) as the failing one. */
  sameTarget: boolean;
}

export interface SignatureStat {
  key: string;
  tool: string;
  /** A representative error line (the most recent). */
  line: string;
  intents: string[];
  occurrences: number;
  /** Distinct sessions, most recent last (capped). */
  sessions: string[];
  firstSeen: string;
  lastSeen: string;
  /** A failing command, for the note's example. */
  example: { session: string; command: string; excerpt: string };
  resolutions: ResolutionStat[];
}

const MAX_SESSIONS = 200;
const MAX_RESOLUTIONS = 6;

/** The signature an episode is filed under: its first (most meaningful) error. */
export const episodeKey = (e: FailureEpisode): string | undefined => e.signatures[0]?.key;

/** Adds the episodes of this dream to the stats (in place). Returns the keys that changed. */
export function addEpisodes(stats: Record<string, SignatureStat>, episodes: FailureEpisode[]): Set<string> {
  const touched = new Set<string>();
  for (const e of episodes) {
    const key = episodeKey(e);
    if (!key || e.noise) continue;
    const sig = e.signatures[0];
    const s = (stats[key] ??= { key, tool: sig.tool, line: sig.line, intents: [], occurrences: 0, sessions: [], firstSeen: e.day, lastSeen: e.day, example: { session: e.sessionId, command: e.command, excerpt: e.excerpt }, resolutions: [] });
    s.occurrences++;
    if (!s.sessions.includes(e.sessionId)) s.sessions = [...s.sessions, e.sessionId].slice(-MAX_SESSIONS);
    if (e.day < s.firstSeen) s.firstSeen = e.day;
    if (e.day >= s.lastSeen) {
      s.lastSeen = e.day;
      s.line = sig.line;
      s.example = { session: e.sessionId, command: e.command, excerpt: e.excerpt };
    }
    if (!s.intents.includes(e.intent)) s.intents = [...s.intents, e.intent].slice(-5);
    if (e.resolution) {
      const r = e.resolution;
      const found = s.resolutions.find((x) => x.command === r.command && x.kind === r.kind);
      const sameTarget = sharesTarget(e.command, r.command);
      if (found) {
        found.count++;
        if (e.day > found.lastDay) found.lastDay = e.day;
      } else s.resolutions.push({ kind: r.kind, command: r.command, fixSteps: r.fixSteps.slice(0, 4), count: 1, lastDay: e.day, sameTarget });
      s.resolutions = rankResolutions(s.resolutions).slice(0, MAX_RESOLUTIONS);
    }
    touched.add(key);
  }
  return touched;
}

function sharesTarget(failed: string, worked: string): boolean {
  const words = (c: string) => new Set(c.split(/\s+/).filter((w) => /[/.]/.test(w) && !w.startsWith('-') && w.length > 3));
  const a = words(failed);
  return [...words(worked)].some((w) => a.has(w));
}

/** Most recent first (a fix that changed wins), then most used, then the one aimed at the same target. */
export function rankResolutions(rs: ResolutionStat[]): ResolutionStat[] {
  const steps = (r: ResolutionStat) => Number(r.kind === 'fix-then-retry' && r.fixSteps.length > 0);
  return [...rs].sort((a, b) => b.lastDay.localeCompare(a.lastDay) || b.count - a.count || steps(b) - steps(a) || Number(b.sameTarget) - Number(a.sameTarget) || a.command.localeCompare(b.command));
}

/**
 * Worth a note: it happened at least twice (in one session or across sessions) and something got past it;
 * or a setup step made the very same failing command succeed (strong evidence on its own: the command did
 * not change, only what ran before it).
 */
export function isRecurringAndSolved(s: SignatureStat): boolean {
  if (!s.resolutions.length) return false;
  return s.occurrences >= 2 || s.resolutions.some((r) => r.kind === 'fix-then-retry' && r.fixSteps.length > 0);
}
