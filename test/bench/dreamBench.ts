// Dream benchmark: a full dream over N recorded sessions, an incremental dream of 10 new sessions on top,
// and the floor: merely reading and parsing the same transcript bytes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDream } from '../../src/core/dream/dreamRunner';
import { memoryPaths } from '../../src/core/memory/memoryLayout';
import { writeSyntheticSessions } from './syntheticSessions';

async function parseFloor(dir: string): Promise<number> {
  const t = process.hrtime.bigint();
  let n = 0;
  for (const f of fs.readdirSync(dir)) for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (line) n += JSON.parse(line) ? 1 : 0;
  if (!n) throw new Error('no events parsed');
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export interface DreamFigures {
  sessions: number;
  transcriptMB: number;
  fullMs: number;
  incrementalMs: number;
  parseFloorMs: number;
  notes: number;
  peakRssMB: number;
}

export async function benchDream(sessions: number): Promise<DreamFigures> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `lucid-bench-${sessions}-`));
  try {
    const dir = memoryPaths(ws).sessions;
    const bytes = writeSyntheticSessions(dir, 0, sessions);
    const floor = await parseFloor(dir);
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let t = Date.now();
    const full = await runDream({ workspaceRoot: ws, now: () => new Date('2026-06-01T00:00:00Z') });
    const fullMs = Date.now() - t;
    writeSyntheticSessions(dir, sessions, 10, 7);
    t = Date.now();
    const inc = await runDream({ workspaceRoot: ws, now: () => new Date('2026-06-02T00:00:00Z') });
    const incrementalMs = Date.now() - t;
    clearInterval(timer);
    if (inc.report.sessionsRead !== 10) throw new Error(`the incremental dream read ${inc.report.sessionsRead} sessions, expected 10`);
    return { sessions, transcriptMB: +(bytes / 1e6).toFixed(1), fullMs, incrementalMs, parseFloorMs: Math.round(floor), notes: full.report.added.length, peakRssMB: Math.round(peak / 1e6) };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
