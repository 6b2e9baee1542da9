// A child process for the kill -9 test of dreamTransaction: commits transactions in a loop, each rewriting every note,
// MEMORY.md and a cursor with the same marker `<round>-<i>`, until the test kills it. Not a test file itself.
// Prints `step` after every transaction step and `committed <marker>` at each commit point (stdout to a pipe is
// synchronous on Linux and macOS, so what was printed happened). With pauseAt >= 0 it stops for good after that
// many steps and prints `paused`: the kill then lands exactly on a step boundary.
// Usage: node transactionWorker.js <workspace> <round> <notes> <pauseAt>
import { commitFiles } from '../../../src/core/memory/memoryTransaction';
import { memoryPaths } from '../../../src/core/memory/memoryLayout';
import { sealNote, serializeNote } from '../../../src/core/memory/noteFormat';
import { sampleNote } from '../memory/memoryTestKit';

export function markedFiles(marker: string, notes: number, salt = 0): Array<{ path: string; content: string }> {
  const files = Array.from({ length: notes }, (_, f) => {
    const padding = 'x'.repeat(((f * 131 + salt * 17) % 23) * 40);
    const note = sampleNote({ id: `kill-note-${f}`, title: `Note ${f}`, body: `marker: ${marker}\n\n${padding}` });
    return { path: `notes/kill-note-${f}.md`, content: serializeNote(sealNote(note)) };
  });
  files.push({ path: 'MEMORY.md', content: `# Memory\n\nmarker: ${marker}\n` });
  files.push({ path: '.cache/dream-state.json', content: `${JSON.stringify({ marker })}\n` });
  return files;
}

async function main(): Promise<void> {
  const [workspace, round, notes, pauseAt] = process.argv.slice(2);
  const paths = memoryPaths(workspace);
  let steps = 0;
  for (let i = 1; ; i++) {
    const marker = `${round}-${i}`;
    await commitFiles(paths, markedFiles(marker, Number(notes), i), {
      afterStep: async (step) => {
        if (step === 'committed') process.stdout.write(`committed ${marker}\n`);
        process.stdout.write('step\n');
        if (++steps === Number(pauseAt)) {
          process.stdout.write('paused\n');
          await new Promise(() => setInterval(() => undefined, 1000)); // keep the process alive until killed
        }
      },
    });
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err));
    process.exit(1);
  });
}
