// Dream benchmark: a full dream over N recorded sessions, an incremental dream of 10 new sessions on top,
// the floor (merely reading and parsing the same transcript bytes) and, between the two, the product's own
// reading of every transcript without any analysis (each line parsed and checked against the transcript schema,
// each file hashed): what any dream pays before it learns anything.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDream } from '../../src/core/dream/dreamRunner';
import { memoryPaths } from '../../src/core/memory/memoryLayout';
import { readSessionFileSync } from '../../src/core/sessions/sessionReader';
import { writeSyntheticSessions } from './syntheticSessions';

/** The median time of three runs of `work` (its result must be truthy: something was read). */
function medianMs(work: () => number): number {
  const runs = [0, 1, 2].map(() => {
    const t = process.hrtime.bigint();
    if (!work()) throw new Error('nothing was read');
    return Number(process.hrtime.bigint() - t) / 1e6;
  });
  return runs.sort((a, b) => a - b)[1];
}

function parseFloor(dir: string): number {
  return medianMs(() => {
    let n = 0;
    for (const f of fs.readdirSync(dir)) for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (line) n += JSON.parse(line) ? 1 : 0;
    return n;
  });
}

function validatedReading(dir: string): number {
  return medianMs(() => {
    let n = 0;
    for (const f of fs.readdirSync(dir)) n += readSessionFileSync(path.join(dir, f)).read.events.length;
    return n;
  });
}

export interface DreamFigures {
  sessions: number;
  transcriptMB: number;
  fullMs: number;
  incrementalMs: number;
  parseFloorMs: number;
  /** Every transcript read by the product's reader (parsed, schema-checked, hashed), one thread, no analysis. */
  readingMs: number;
  notes: number;
  peakRssMB: number;
}

export async function benchDream(sessions: number): Promise<DreamFigures> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `lucid-bench-${sessions}-`));
  try {
    const dir = memoryPaths(ws).sessions;
    const bytes = writeSyntheticSessions(dir, 0, sessions);
    const floor = parseFloor(dir);
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let t = Date.now();
    const full = await runDream({ workspaceRoot: ws, now: () => new Date('2026-06-01T00:00:00Z') });
    const fullMs = Date.now() - t;
    clearInterval(timer);
    const reading = validatedReading(dir); // after the full dream: its garbage must not count in the dream's peak
    writeSyntheticSessions(dir, sessions, 10, 7);
    t = Date.now();
    const inc = await runDream({ workspaceRoot: ws, now: () => new Date('2026-06-02T00:00:00Z') });
    const incrementalMs = Date.now() - t;
    if (inc.report.sessionsRead !== 10) throw new Error(`the incremental dream read ${inc.report.sessionsRead} sessions, expected 10`);
    return { sessions, transcriptMB: +(bytes / 1e6).toFixed(1), fullMs, incrementalMs, parseFloorMs: Math.round(floor), readingMs: Math.round(reading), notes: full.report.added.length, peakRssMB: Math.round(peak / 1e6) };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
