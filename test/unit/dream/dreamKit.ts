// Builds workspaces with recorded sessions for dream tests.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { createRedactor } from '../../../src/core/redact/secretRedactor';
import { SessionRecorder } from '../../../src/core/sessions/sessionRecorder';

export { DATA_DIR as REAL_SESSIONS } from '../import/claudeCodeData';

export function tempWorkspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-dream-test-'));
}

export interface FakeCall {
  command: string;
  output: string;
  ok: boolean;
  recalled?: string[];
}

let counter = 0;

/** An outcome around the session: the criteria, each grading's verdicts (met or not, per criterion), the result. */
export interface FakeOutcome {
  criteria: string[];
  gradings: boolean[][];
  result: 'satisfied' | 'max_iterations_reached' | 'failed' | 'interrupted';
  explanation?: string;
}

/** Records one session of bash calls through the real recorder. */
export async function recordSession(ws: string, calls: FakeCall[], opts: { day?: string; user?: string; outcome?: FakeOutcome } = {}): Promise<string> {
  const day = opts.day ?? '2026-03-01';
  const start = new Date(`${day}T10:00:00Z`).getTime() + counter++ * 1000;
  let tick = 0;
  const rec = await SessionRecorder.create({
    sessionsDir: memoryPaths(ws).sessions,
    redactor: createRedactor(),
    start: { workspace: ws, model: 'test', lucidVersion: 'dev' },
    now: () => new Date(start + tick++),
    onError: (e) => {
      throw e;
    },
  });
  await rec.record({ type: 'user_message', text: opts.user ?? 'run the tests' });
  calls.forEach((c, i) => {
    void rec.record({ type: 'tool_call', id: `t${i}`, name: 'bash', input: { command: c.command } });
    void rec.record({ type: 'tool_result', id: `t${i}`, name: 'bash', ok: c.ok, exitCode: c.ok ? 0 : 1, durationMs: 5, output: `${c.output}\n\n[exit code ${c.ok ? 0 : 1}]` });
    if (c.recalled) void rec.record({ type: 'recall', reason: 'tool-failure', noteIds: c.recalled, toolCallId: `t${i}` });
  });
  const o = opts.outcome;
  if (o) {
    const max = Math.max(3, o.gradings.length);
    void rec.record({ type: 'outcome_start', description: 'the work', rubric: o.criteria.map((c) => `- ${c}`).join('\n'), criteria: o.criteria.map((text) => ({ text })), maxIterations: max });
    o.gradings.forEach((met, k) => {
      const check = (c: string) => (/^run:/.test(c) ? { check: { command: c.replace(/^run:\s*/, ''), exitCode: met[o.criteria.indexOf(c)] ? 0 : 1 } } : {});
      const criteria = o.criteria.map((criterion, j) => ({ criterion, met: met[j], explanation: met[j] ? 'Done.' : o.explanation ?? 'Not done yet.', ...check(criterion) }));
      const result = met.every(Boolean) ? 'satisfied' : 'needs_revision';
      void rec.record({ type: 'outcome_evaluation', iteration: k + 1, maxIterations: max, criteria, result, explanation: 'graded', usage: { inputTokens: 10, outputTokens: 5 } });
    });
    void rec.record({ type: 'outcome_end', result: o.result, iterations: o.gradings.length, explanation: 'end' });
  }
  await rec.close('completed');
  return rec.path!;
}

export const VITEST_FAIL: FakeCall = { command: 'npm test test/a.test.ts', output: '> app@1.0.0 test\n> vitest test/a.test.ts\n\nsh: vitest: command not found', ok: false };
export const VITEST_FIX: FakeCall = { command: 'npx vitest run test/a.test.ts', output: ' ✓ test/a.test.ts (3 tests) 12ms', ok: true };

/** Every file under .agent-memory with its bytes and mtime, for "changes no byte" checks. */
export function snapshot(ws: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(ws, p)] = `${fs.statSync(p).mtimeMs}:${fs.readFileSync(p, 'utf8')}`;
    }
  };
  walk(path.join(ws, '.agent-memory'));
  return out;
}

export function noteTexts(ws: string): string[] {
  const dir = memoryPaths(ws).notes;
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}
