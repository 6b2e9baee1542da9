// When may a dream start on its own? Pure timing logic, so it is tested without an editor:
// the window is not in use (unfocused, or focused but inactive), nothing happened for the configured
// minutes, no agent session runs, there is something new to dream about, and this idle period has not had
// its dream yet. Any activity cancels a dream in progress.

export type ActivityKind = 'typing' | 'editor' | 'selection' | 'terminal' | 'focus';

export interface IdleSnapshot {
  now: number;
  /** Time of the last user activity (or of activation, before any). */
  lastActivityAt: number;
  /** `window.state.focused` and `window.state.active`. */
  focused: boolean;
  active: boolean;
  /** `lucid.dream.auto`. */
  auto: boolean;
  /** `lucid.dream.idleMinutes`. */
  idleMinutes: number;
  agentRunning: boolean;
  /** A dream of this window is already running. */
  dreaming: boolean;
  /** When this window last started an idle dream: one per idle period, whatever its outcome. */
  lastIdleDreamAt?: number;
}

export type IdleBlocker = 'disabled' | 'dreaming' | 'agent-running' | 'window-in-use' | 'recent-activity' | 'dreamt-this-period' | 'nothing-new';

export type IdleDecision = { go: true } | { go: false; blocker: IdleBlocker; /** Earliest time it could change by itself. */ waitMs?: number };

export const DEFAULT_IDLE_MINUTES = 10;

/** The idle threshold in ms; a missing, negative or absurd setting falls back to the default. */
export function idleThresholdMs(minutes: number): number {
  const m = Number.isFinite(minutes) && minutes >= 0 && minutes <= 24 * 60 ? minutes : DEFAULT_IDLE_MINUTES;
  return Math.round(m * 60_000);
}

export function idleForMs(s: Pick<IdleSnapshot, 'now' | 'lastActivityAt'>): number {
  return Math.max(0, s.now - s.lastActivityAt);
}

/** What stops an idle dream, cheapest checks first, before looking at the disk; undefined: only "nothing new" is left to check. */
export function idleBlocker(s: IdleSnapshot): Exclude<IdleDecision, { go: true }> | undefined {
  if (!s.auto) return { go: false, blocker: 'disabled' };
  if (s.dreaming) return { go: false, blocker: 'dreaming' };
  if (s.agentRunning) return { go: false, blocker: 'agent-running' };
  if (s.focused && s.active) return { go: false, blocker: 'window-in-use' };
  const wait = idleThresholdMs(s.idleMinutes) - idleForMs(s);
  if (wait > 0) return { go: false, blocker: 'recent-activity', waitMs: wait };
  if (s.lastIdleDreamAt !== undefined && s.lastIdleDreamAt >= s.lastActivityAt) return { go: false, blocker: 'dreamt-this-period' };
  return undefined;
}

/** `pending`: new sessions since the last dream (or notes that arrived since this window last dreamt). */
export function decideIdleDream(s: IdleSnapshot & { pending: boolean }): IdleDecision {
  return idleBlocker(s) ?? (s.pending ? { go: true } : { go: false, blocker: 'nothing-new' });
}

/** Activity at `activityAt` cancels a dream that started at `dreamStartedAt`: any kind, any time after it began. */
export function activityCancelsDream(dreamStartedAt: number, activityAt: number): boolean {
  return activityAt >= dreamStartedAt;
}
