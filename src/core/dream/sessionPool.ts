// The dream's reading of changed sessions, in name order: every file looked at by its stats, the changed ones read
// and turned into readings (sessionReading.ts). Thousands of changed sessions (a first dream over a long history, a
// large import) are read by worker threads, one per core up to four, each reading batches of files while the dream's
// thread folds what came back in order; fewer are read in the dream's own thread, a slice of work at a time (each
// worker compiles the reading code afresh, which costs more than it saves below a few thousand files). Same
// readings either way.
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Note } from '../memory/noteSchema';
import { knownSecrets } from '../redact/redactionGate';
import { readInOrder, timeSlicer, type FileReader, type SessionIndex, type SessionsRead, type ToRead } from '../sessions/sessionIndex';
import { readOutcome, type ReadOutcome, type SessionReading } from './sessionReading';

export interface ReadingOptions {
  dir: string;
  index: SessionIndex;
  /** The notes the sessions' verdicts are about. */
  notes: readonly Note[];
  startedAt: string;
  /** Called between files; throwing stops the reading (a cancel). */
  check: () => void;
  /** Workers read when at least this many files changed (default 2,000); `Infinity`: never. */
  parallelFrom?: number;
}

/** What a reading worker is started with. */
export interface WorkerSetup {
  dir: string;
  notes: readonly Note[];
  startedAt: string;
  knownSecrets: readonly string[];
}
/** Messages between the dream and a reading worker. */
export type ToWorker = { batch: number; files: ToRead[] };
export type FromWorker = { batch: number; outcomes: ReadOutcome[] } | { batch: number; error: string };

const PARALLEL_FROM = 2000;
const MAX_WORKERS = 4;
const BATCH = 16;
/**
 * A reading worker's young generation: a session's events live only until it is folded, so a larger nursery means
 * fewer collections (10-15% less time for 10,000 sessions on 2 cores, measured; a worker's default is smaller).
 */
const YOUNG_GENERATION_MB = 64;
/** The reading workers' script: next to this module, compiled or bundled. */
const WORKER_SCRIPT = path.join(__dirname, 'dreamWorker.js');

/** Reads the changed sessions and hands each reading to `visit`, in name order; `changed`: how many were read. */
export async function readSessions(o: ReadingOptions, visit: (r: SessionReading) => void): Promise<SessionsRead & { changed: number }> {
  let changed = 0;
  const reader = (files: ToRead[]): FileReader<ReadOutcome> => {
    const workers = Math.min(os.availableParallelism?.() ?? os.cpus().length, MAX_WORKERS, Math.ceil(files.length / (BATCH * 2)));
    const parallel = files.length >= (o.parallelFrom ?? PARALLEL_FROM) && workers > 1 && existsSync(WORKER_SCRIPT);
    return parallel ? readInWorkers(o, files, workers) : readHere(o, files);
  };
  const r = await readInOrder(o.dir, o.index, reader, (outcome) => {
    if (!outcome.reading) return;
    changed++;
    visit(outcome.reading);
  });
  return { ...r, changed };
}

function readHere(o: ReadingOptions, files: ToRead[]): FileReader<ReadOutcome> {
  const notes = new Map(o.notes.map((n) => [n.id, n]));
  const slice = timeSlicer();
  return {
    next: async (i) => {
      await slice();
      o.check();
      return readOutcome(o.dir, files[i], notes, o.startedAt);
    },
    close: () => undefined,
  };
}

/** Batches of files handed to workers as they finish the last (two in flight each, so none waits for the next). */
function readInWorkers(o: ReadingOptions, files: ToRead[], count: number): FileReader<ReadOutcome> {
  const batches = Math.ceil(files.length / BATCH);
  const done = new Map<number, ReadOutcome[]>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let assigned = 0;
  const setup: WorkerSetup = { dir: o.dir, notes: o.notes, startedAt: o.startedAt, knownSecrets: knownSecrets() };
  const fail = (e: Error) => {
    failure ??= e;
    wake?.();
  };
  const give = (w: Worker) => {
    if (assigned >= batches) return;
    const batch = assigned++;
    const message: ToWorker = { batch, files: files.slice(batch * BATCH, (batch + 1) * BATCH) };
    w.postMessage(message);
  };
  const workers = Array.from({ length: count }, () => {
    const w = new Worker(WORKER_SCRIPT, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    w.on('message', (m: FromWorker) => {
      if ('error' in m) return fail(new Error(m.error));
      done.set(m.batch, m.outcomes);
      give(w);
      wake?.();
    });
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`a session-reading worker stopped (exit code ${code})`)));
    give(w);
    give(w);
    return w;
  });
  return {
    next: async (i) => {
      o.check();
      const batch = Math.floor(i / BATCH);
      while (!done.has(batch)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        o.check();
      }
      const outcomes = done.get(batch)!;
      if (i % BATCH === outcomes.length - 1) done.delete(batch);
      return outcomes[i % BATCH];
    },
    close: () => {
      for (const w of workers) {
        w.removeAllListeners('exit');
        void w.terminate();
      }
    },
  };
}
