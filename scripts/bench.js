#!/usr/bin/env node
// `npm run bench`: runs the benchmarks (compiled to out/test/bench) and writes bench/results.json and
// bench/RESULTS.md with the figures of this run and the machine they ran on.
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  const { benchDream } = require('../out/test/bench/dreamBench');
  const sizes = (process.env.LUCID_BENCH_SESSIONS || '1000').split(',').map(Number);
  const dream = {};
  for (const n of sizes) {
    process.stderr.write(`dream over ${n} sessions…\n`);
    dream[`s${n}`] = await benchDream(n);
  }
  const machine = { node: process.version, cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, memGB: Math.round(os.totalmem() / 1e9), platform: `${os.platform()} ${os.release()}` };
  const first = dream[`s${sizes[0]}`];
  const results = {
    date: new Date().toISOString(),
    machine,
    dream: {
      fullMs: Object.fromEntries(Object.entries(dream).map(([k, v]) => [k, v.fullMs])),
      incrementalMs: first.incrementalMs,
      parseFloorMs: Object.fromEntries(Object.entries(dream).map(([k, v]) => [k, v.parseFloorMs])),
      peakRssMB: Math.max(...Object.values(dream).map((v) => v.peakRssMB)),
      runs: dream,
    },
  };
  const out = path.resolve(__dirname, '..', 'bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const rows = Object.values(dream).map((v) => `| ${v.sessions} | ${v.transcriptMB} MB | ${v.parseFloorMs} ms | ${v.fullMs} ms | ${v.incrementalMs} ms | ${v.notes} | ${v.peakRssMB} MB |`);
  const md = [
    '# Benchmark results',
    '',
    `Run ${results.date} on ${machine.cpus}, ${machine.memGB} GB, Node ${machine.node}, ${machine.platform}.`,
    '',
    '## Dream',
    '',
    'A full dream over N synthetic recorded sessions (30 recurring problems at skewed frequencies, noise, ordinary work), then an incremental dream of 10 new sessions on top. The floor is the time to read and JSON-parse the same transcript bytes.',
    '',
    '| Sessions | Transcripts | Parse floor | Full dream | Incremental (+10) | Notes added | Peak RSS |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(out, 'RESULTS.md'), md);
  process.stdout.write(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
