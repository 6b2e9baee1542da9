// Run as a script in a fresh Node process: one session start (the memory context for a request) in the workspace
// given, as the agent does it (`loadMemoryContext`), twice: the first is a new window's first session, the second
// a later session in the same window. Prints both durations and the first one's token count as JSON.
import { performance } from 'perf_hooks';
import { loadMemoryContext } from '../../src/core/agent/memoryContext';
import { MemoryStore } from '../../src/core/memory/memoryStore';

async function main(): Promise<void> {
  const [workspace, request, again] = process.argv.slice(2);
  const t0 = performance.now();
  const first = await loadMemoryContext(await MemoryStore.open(workspace), request, 2000);
  const t1Raw = performance.now();
  // The load of every note that follows a start from the snapshot runs while the model answers, before any later
  // session: not part of either figure.
  await first.loading;
  const t1 = performance.now();
  await loadMemoryContext(await MemoryStore.open(workspace), again ?? request, 2000);
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ firstMs: +(t1Raw - t0).toFixed(1), snapshot: first.allNotes === undefined, secondMs: +(t2 - t1).toFixed(1), tokens: first.tokens, relevant: first.relevantIds })}\n`);
}

if (require.main === module) void main();
