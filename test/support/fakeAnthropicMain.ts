// Runs the fake Anthropic server out of process, for the CLI and browser end-to-end tests:
//   node out/test/support/fakeAnthropicMain.js --script script.json [--port N] [--record requests.jsonl] [--no-cache-sim]
// Prints `listening <url>` on stdout once ready; stops on SIGTERM/SIGINT or when stdin closes (if --stdin-lifetime).
// The script file is `{ "turns": [...] }` or a bare array of turns (JSON turns: see fakeAnthropicTurns.ts).
// Recorded requests are also served as JSON at `GET <url>/_fake/requests`.
import * as fs from 'fs';
import { startFakeAnthropic } from './fakeAnthropic';
import type { FakeTurn } from './fakeAnthropicTurns';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const scriptPath = arg('--script');
  if (!scriptPath) {
    console.error('usage: fakeAnthropicMain --script script.json [--port N] [--record requests.jsonl] [--no-cache-sim]');
    process.exit(2);
  }
  const parsed = JSON.parse(fs.readFileSync(scriptPath, 'utf8'));
  const turns: FakeTurn[] = Array.isArray(parsed) ? parsed : parsed.turns;
  if (!Array.isArray(turns)) throw new Error(`${scriptPath}: expected { "turns": [...] } or an array of turns`);
  const record = arg('--record');
  if (record) fs.writeFileSync(record, '');
  const server = await startFakeAnthropic({
    turns,
    port: arg('--port') ? Number(arg('--port')) : 0,
    cacheSimulation: !process.argv.includes('--no-cache-sim'),
    onRequest: record ? (r) => fs.appendFileSync(record, JSON.stringify(r) + '\n') : undefined,
  });
  process.stdout.write(`listening ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.argv.includes('--stdin-lifetime')) process.stdin.on('end', stop).resume();
}

main().catch((e) => {
  console.error(`fakeAnthropicMain: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
