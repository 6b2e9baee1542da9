// The tasks of the learning-curve benchmark: one per session, deterministic per seed. Quirks recur at Zipf-like
// frequencies (weight 1/rank over a per-seed shuffle); the two quirks carrying injected faults (the fix that
// changes midway, the wrong lesson) are pinned among the frequent ones so the faults are exercised. About a
// quarter of the tasks touch no quirk at all: their failure rate is the harm measure.
import { OK_ACTIONS, QUIRKS, WRONG_LESSON } from './learningQuirks';
import { seededRandom } from '../support/seededRandom';

export interface Task {
  no: number;
  session: number;
  /** Quirk or ok-action ids, in order. */
  actions: string[];
  labels: string[];
}

/** mulberry32 (see test/support/seededRandom.ts). */
export const rng = seededRandom;

/** Quirk ids by rank (most frequent first) for a seed. */
export function quirkRanks(seed: number): string[] {
  const r = rng(seed * 7919 + 1);
  const pinned = ['codegen', WRONG_LESSON.quirk];
  const rest = QUIRKS.map((q) => q.id).filter((id) => !pinned.includes(id));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [rest[0], pinned[0], rest[1], pinned[1], ...rest.slice(2)];
}

export function makeTasks(seed: number, sessions: number, zipfS = 1): Task[] {
  const r = rng(seed);
  const ranks = quirkRanks(seed);
  const weights = ranks.map((_, i) => 1 / Math.pow(i + 1, zipfS));
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = (): string => {
    let x = r() * total;
    for (let i = 0; i < ranks.length; i++) if ((x -= weights[i]) <= 0) return ranks[i];
    return ranks[ranks.length - 1];
  };
  const label = (id: string) => QUIRKS.find((q) => q.id === id)?.label ?? OK_ACTIONS.find((a) => a.id === id)!.label;
  const tasks: Task[] = [];
  for (let s = 0; s < sessions; s++) {
    const actions: string[] = [];
    if (r() < 0.25) {
      const a = Math.floor(r() * OK_ACTIONS.length);
      actions.push(OK_ACTIONS[a].id, OK_ACTIONS[(a + 1 + Math.floor(r() * (OK_ACTIONS.length - 1))) % OK_ACTIONS.length].id);
    } else {
      const n = 1 + (r() < 0.6 ? 1 : 0) + (r() < 0.25 ? 1 : 0);
      for (let tries = 0; actions.length < n && tries < 50; tries++) {
        const id = draw();
        if (!actions.includes(id)) actions.push(id);
      }
      if (r() < 0.5) actions.splice(Math.floor(r() * (actions.length + 1)), 0, OK_ACTIONS[Math.floor(r() * OK_ACTIONS.length)].id);
    }
    tasks.push({ no: s + 1, session: s, actions, labels: actions.map(label) });
  }
  return tasks;
}
