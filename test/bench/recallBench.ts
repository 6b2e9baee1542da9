// Recall benchmark: at 100, 1,000 and 10,000 notes, the latency of a session start (the memory context: load,
// search, digest) in a fresh process with and without the parsed-note index, and of a later session in the same
// process; of just-in-time recall on a failing command (p50, p95); and the tokens of memory in context compared
// with loading every note (what a memory-bank style tool does).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { estimateTokens } from '../../src/core/memory/digest';
import { memoryPaths } from '../../src/core/memory/memoryLayout';
import { loadNoteFiles } from '../../src/core/memory/noteFiles';
import { sealNote, serializeNote } from '../../src/core/memory/noteFormat';
import { RACY_MS } from '../../src/core/memory/parsedNoteIndex';
import type { Note } from '../../src/core/memory/noteSchema';
import { matchFailure } from '../../src/core/recall/triggerMatch';

const TOOLS = ['vitest', 'jest', 'tsc', 'eslint', 'webpack', 'prisma', 'docker', 'cargo', 'pytest', 'make'];

function syntheticNote(i: number): Note {
  const tool = TOOLS[i % TOOLS.length];
  return {
    id: `bench-note-${i}`,
    kind: i % 3 === 0 ? 'build-error' : i % 3 === 1 ? 'workaround' : 'convention',
    title: `${tool} task-${i} fails with module-${i} missing: run the ${tool} prep-${i} step first`,
    status: 'active',
    provenance: 'dream',
    scope: [],
    triggers: { errors: [`Error: Cannot find module 'module-${i}'`], commands: [`npm run task-${i}`], keywords: [tool] },
    evidence: { sessions: 1 + (i % 7), firstSeen: '2026-01-01', lastSeen: `2026-0${1 + (i % 9)}-1${i % 10}`, examples: [] },
    counters: { recalled: i % 5, helpful: i % 3, harmful: 0 },
    body: `**When** \`npm run task-${i}\` fails with:\n\n\`\`\`\nError: Cannot find module 'module-${i}'\n\`\`\`\n\n**Do:** run \`npm run prep-${i}\` first, then run it again.\n`,
    extra: {},
  };
}

/** The probe, when its first session start took the path expected (from the snapshot or not); else an error. */
function expectPath(p: Probe, snapshot: boolean, what: string): Probe {
  if (p.snapshot !== snapshot) throw new Error(`session start ${what}: ${snapshot ? 'expected' : 'did not expect'} the snapshot to be used`);
  return p;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}

export interface RecallFigures {
  notes: number;
  /** Parsing every note (no index): what each session start cost before the parsed-note index. */
  loadMs: number;
  /** A new window's first session start with nothing in .cache (it parses every note, builds the indexes and takes
   * the session-start snapshot), median of 3. */
  coldStartMs: number;
  /** A new window's first session start after one note was edited (the indexes in .cache; the snapshot no longer
   * matches: every note is loaded, the search index built again), median of 3. */
  changedStartMs: number;
  /** A new window's first session start with the memory unchanged since the last one (from the snapshot), median of 3. */
  warmStartMs: number;
  /** A later session start in the same window, median of 3. */
  hotStartMs: number;
  /** Just-in-time recall on a failing command, over 100 failures. */
  recallP50Ms: number;
  recallP95Ms: number;
  contextTokens: number;
  loadAllTokens: number;
}

interface Probe {
  firstMs: number;
  secondMs: number;
  tokens: number;
  /** The first session start was read from the snapshot. */
  snapshot: boolean;
}

/** One session start probe in a fresh process (sessionStartProbe.ts). */
function probe(ws: string, k: number, n: number): Probe {
  const script = path.join(__dirname, 'sessionStartProbe.js');
  const req = (i: number) => `fix the failing npm run task-${(i * 37) % n} build`;
  return JSON.parse(execFileSync(process.execPath, [script, ws, req(k), req(k + 1)], { encoding: 'utf8' })) as Probe;
}

export async function benchRecall(n: number): Promise<RecallFigures> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `lucid-recall-${n}-`));
  try {
    const { notes: dir, cache } = memoryPaths(ws);
    fs.mkdirSync(dir, { recursive: true });
    let loadAllTokens = 0;
    for (let i = 0; i < n; i++) {
      const text = serializeNote(sealNote(syntheticNote(i)));
      loadAllTokens += estimateTokens(text);
      fs.writeFileSync(path.join(dir, `bench-note-${i}.md`), text);
    }
    let t = process.hrtime.bigint();
    const { notes } = await loadNoteFiles(dir);
    const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
    // The files were just written: wait out the racy window, or the first warm start would verify every hash.
    await new Promise((r) => setTimeout(r, RACY_MS + 100));
    const cold: number[] = [];
    const changed: number[] = [];
    const warm: number[] = [];
    const hot: number[] = [];
    let contextTokens = 0;
    const settle = () => new Promise((r) => setTimeout(r, RACY_MS + 100)); // files and checks older than the racy window
    for (let k = 0; k < 3; k++) {
      fs.rmSync(cache, { recursive: true, force: true });
      cold.push(expectPath(probe(ws, 3 * k, n), false, 'cold').firstMs);
      // One note rewritten (as git, a dream or an editor's safe save writes a file: a new file renamed into place), a
      // while before the next session.
      const edited = path.join(dir, `bench-note-${(k * 7919) % n}.md`);
      fs.writeFileSync(`${edited}.tmp`, fs.readFileSync(edited, 'utf8').replace(/first, then run it again\.(?: \(\d+\))?/, `first, then run it again. (${k})`));
      fs.renameSync(`${edited}.tmp`, edited);
      await settle();
      changed.push(expectPath(probe(ws, 3 * k + 1, n), false, 'after a change').firstMs);
      await settle();
      const w = expectPath(probe(ws, 3 * k + 2, n), true, 'unchanged');
      warm.push(w.firstMs);
      hot.push(w.secondMs);
      contextTokens = w.tokens;
    }
    const plain = notes.map((x) => x.note);
    const recallTimes: number[] = [];
    for (let k = 0; k < 100; k++) {
      const i = (k * 53) % n;
      t = process.hrtime.bigint();
      const m = matchFailure(plain, { command: `npm run task-${i}`, output: `> app@1.0.0 task-${i}\n> node tasks/${i}.js\n\nError: Cannot find module 'module-${i}'\nRequire stack:\n- /home/u/app/tasks/${i}.js\n` });
      recallTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (m[0]?.note.id !== `bench-note-${i}`) throw new Error(`recall missed note ${i} at ${n} notes`);
    }
    const med = (xs: number[]) => +percentile(xs, 50).toFixed(1);
    return {
      notes: n, loadMs: Math.round(loadMs), coldStartMs: med(cold), changedStartMs: med(changed), warmStartMs: med(warm), hotStartMs: med(hot),
      recallP50Ms: +percentile(recallTimes, 50).toFixed(2), recallP95Ms: +percentile(recallTimes, 95).toFixed(2), contextTokens, loadAllTokens,
    };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
