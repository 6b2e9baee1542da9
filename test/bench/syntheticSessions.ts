// Synthetic recorded sessions for benchmarks: realistic sizes and a mix of recurring problems (with the
// commands that fixed them), noise and ordinary successful work. Written straight to JSONL (this is input
// data, not what is measured).
import * as fs from 'fs';
import * as path from 'path';
import { seededRandom } from '../support/seededRandom';

const QUIRKS = Array.from({ length: 30 }, (_, i) => ({
  fail: `npm run task${i} -- --flag`,
  output: i % 3 === 0 ? `sh: tool${i}: command not found` : i % 3 === 1 ? `src/mod${i}.ts(4,20): error TS2307: Cannot find module 'pkg-${i}' or its corresponding type declarations.` : `Error: Cannot find module 'gen-${i}'\nRequire stack:\n- /app/src/index.js`,
  fix: i % 3 === 0 ? `npx tool${i} run --flag` : i % 3 === 1 ? `npm install pkg-${i}` : `npm run codegen${i}`,
  retry: i % 3 !== 0,
}));

const rng = seededRandom;

/** Writes `count` sessions starting at index `from` into `sessionsDir`. Returns the bytes written. */
export function writeSyntheticSessions(sessionsDir: string, from: number, count: number, seed = 1): number {
  fs.mkdirSync(sessionsDir, { recursive: true });
  const rand = rng(seed + from);
  let bytes = 0;
  for (let s = from; s < from + count; s++) {
    const started = new Date(Date.UTC(2026, 0, 1) + s * 3_600_000);
    const t = started.toISOString();
    const id = `synthetic-${String(s).padStart(6, '0')}`;
    const lines: object[] = [{ type: 'session_start', t, seq: 0, v: 1, sessionId: id, startedAt: t, workspace: '~/app', model: 'bench', source: 'lucid', lucidVersion: 'bench' }];
    let seq = 1;
    const call = (command: string, ok: boolean, output: string) => {
      const cid = `c${seq}`;
      lines.push({ type: 'tool_call', t, seq: seq++, id: cid, name: 'bash', input: { command } });
      lines.push({ type: 'tool_result', t, seq: seq++, id: cid, name: 'bash', ok, exitCode: ok ? 0 : 1, durationMs: 40, output: `${output}\n\n[exit code ${ok ? 0 : 1}]` });
    };
    lines.push({ type: 'user_message', t, seq: seq++, text: `Task ${s}: implement the next feature and run the tests.` });
    for (let k = 0; k < 8; k++) {
      call(`cat src/file${k}.ts`, true, `export const x${k} = ${k};\n`.repeat(20));
      if (rand() < 0.25) {
        const q = QUIRKS[Math.floor(Math.pow(rand(), 2) * QUIRKS.length)];
        call(q.fail, false, q.output);
        if (q.retry) {
          call(q.fix, true, 'done');
          call(q.fail, true, 'ok');
        } else call(q.fix, true, 'ok');
      }
      if (rand() < 0.1) call('grep -r "NEVER_THERE" src', false, '');
      lines.push({ type: 'assistant_text', t, seq: seq++, text: `Step ${k} done; the change compiles.` });
      lines.push({ type: 'usage', t, seq: seq++, inputTokens: 1200, outputTokens: 300, cacheReadTokens: 9000, cacheWriteTokens: 0, turn: k + 1 });
    }
    lines.push({ type: 'session_end', t, seq: seq++, endedAt: t, reason: 'completed' });
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const stamp = t.slice(0, 19).replace(/[-:]/g, '').replace(/^(\d{8})T/, (_, d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T`);
    fs.writeFileSync(path.join(sessionsDir, `${stamp}-${id.slice(-8)}.jsonl`), text);
    bytes += text.length;
  }
  return bytes;
}
