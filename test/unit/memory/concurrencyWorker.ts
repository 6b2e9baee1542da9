// A child process for the concurrency test: creates notes and bumps counters through its own MemoryStore,
// at the same time as its siblings. Prints the ids it created as JSON. Not a test file itself.
// Usage: node concurrencyWorker.js <workspace> <worker> <notes> <bumps> <agentNoteId> <humanNoteId> <startAtMs>
import { MemoryStore } from '../../../src/core/memory/memoryStore';

async function main(): Promise<void> {
  const [workspace, worker, notes, bumps, agentId, humanId, startAt] = process.argv.slice(2);
  const store = await MemoryStore.open(workspace);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  const created: string[] = [];
  const n = Number(notes);
  const m = Number(bumps);
  for (let i = 0; i < Math.max(n, m); i++) {
    if (i < n) {
      const note = await store.create({ kind: 'fact', title: `Worker ${worker} note ${i}`, body: `Written by worker ${worker}.` });
      created.push(note.note.id);
    }
    if (i < m) {
      await store.bumpCounter(agentId, 'recalled');
      await store.bumpCounter(humanId, 'helpful');
    }
  }
  process.stdout.write(JSON.stringify(created));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
