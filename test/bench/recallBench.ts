// Recall benchmark: at 100, 1,000 and 10,000 notes, the latency of building the session-start memory
// context (search + digest) and of just-in-time recall on a failing command, and the tokens of memory in
// context compared with loading every note (what a memory-bank style tool does).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMemoryContext } from '../../src/core/agent/memoryContext';
import { estimateTokens } from '../../src/core/memory/digest';
import { memoryPaths } from '../../src/core/memory/memoryLayout';
import { MemoryStore } from '../../src/core/memory/memoryStore';
import { sealNote, serializeNote } from '../../src/core/memory/noteFormat';
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface RecallFigures {
  notes: number;
  contextMs: number;
  recallMs: number;
  contextTokens: number;
  loadAllTokens: number;
  loadMs: number;
}

export async function benchRecall(n: number): Promise<RecallFigures> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), `lucid-recall-${n}-`));
  try {
    const dir = memoryPaths(ws).notes;
    fs.mkdirSync(dir, { recursive: true });
    let loadAllTokens = 0;
    for (let i = 0; i < n; i++) {
      const text = serializeNote(sealNote(syntheticNote(i)));
      loadAllTokens += estimateTokens(text);
      fs.writeFileSync(path.join(dir, `bench-note-${i}.md`), text);
    }
    const store = await MemoryStore.open(ws);
    let t = process.hrtime.bigint();
    const { notes } = await store.load();
    const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
    const contextTimes: number[] = [];
    let contextTokens = 0;
    for (let k = 0; k < 5; k++) {
      t = process.hrtime.bigint();
      const ctx = await loadMemoryContext(store, `fix the failing npm run task-${(k * 37) % n} build`, 2000);
      contextTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      contextTokens = ctx.tokens;
    }
    const plain = notes.map((x) => x.note);
    const recallTimes: number[] = [];
    for (let k = 0; k < 20; k++) {
      const i = (k * 53) % n;
      t = process.hrtime.bigint();
      const m = matchFailure(plain, { command: `npm run task-${i}`, output: `> app@1.0.0 task-${i}\n> node tasks/${i}.js\n\nError: Cannot find module 'module-${i}'\nRequire stack:\n- /home/u/app/tasks/${i}.js\n` });
      recallTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (m[0]?.note.id !== `bench-note-${i}`) throw new Error(`recall missed note ${i} at ${n} notes`);
    }
    return { notes: n, contextMs: +median(contextTimes).toFixed(1), recallMs: +median(recallTimes).toFixed(2), contextTokens, loadAllTokens, loadMs: Math.round(loadMs) };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
