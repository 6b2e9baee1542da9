#!/usr/bin/env node
// `npm run bench`: runs the benchmarks (compiled to out/test/bench) and writes bench/results.json,
// bench/RESULTS.md (the figures of this run and the machine) and bench/learning-curve.svg.
// LUCID_BENCH_SESSIONS (default 1000,10000) and LUCID_BENCH_NOTES (default 100,1000,10000) size the runs.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const repo = path.resolve(__dirname, '..');
const out = path.join(repo, 'bench');
const list = (v, d) => (v || d).split(',').map(Number);

async function extensionFigures() {
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: repo, stdio: 'ignore' });
  const kb = (f) => Math.round(fs.statSync(path.join(repo, f)).size / 1024);
  const bundles = { extensionKB: kb('dist/extension.js'), extensionMainKB: kb('dist/extensionMain.js'), webviewKB: kb('dist/webview.js'), cliKB: kb('dist/cli.js') };
  const vsixKB = kb('lucid.vsix');
  // Activation is measured inside a real extension host: the integration runner with one test.
  const file = path.join(os.tmpdir(), `lucid-activation-${process.pid}.json`);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'test-integration.js')], { cwd: repo, stdio: 'ignore', env: { ...process.env, LUCID_BENCH_OUT: file, LUCID_TEST_GREP: 'reports how long' } });
    runs.push(JSON.parse(fs.readFileSync(file, 'utf8')).activationMs);
  }
  fs.rmSync(file, { force: true });
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'ignore' });
  return { activationMs: runs.sort((a, b) => a - b)[1], activationRunsMs: runs, vsixKB, ...bundles };
}

async function main() {
  const { benchDream } = require('../out/test/bench/dreamBench');
  const { benchRecall } = require('../out/test/bench/recallBench');
  const results = { date: new Date().toISOString(), machine: { node: process.version, cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`, memGB: Math.round(os.totalmem() / 1e9), platform: `${os.platform()} ${os.release()}` } };
  const md = [];

  let learningModule;
  try {
    learningModule = require('../out/test/bench/learningBench');
  } catch {
    learningModule = undefined;
  }
  if (learningModule) {
    process.stderr.write('learning curve…\n');
    const learning = await learningModule.benchLearning();
    results.learning = learning.learning ?? learning;
    results.learningDetail = learning;
    md.push(learningModule.renderLearningMarkdown(learning));
  }

  const dream = {};
  for (const n of list(process.env.LUCID_BENCH_SESSIONS, '1000,10000')) {
    process.stderr.write(`dream over ${n} sessions…\n`);
    dream[`s${n}`] = await benchDream(n);
  }
  const first = Object.values(dream)[0];
  results.dream = {
    fullMs: Object.fromEntries(Object.entries(dream).map(([k, v]) => [k, v.fullMs])),
    incrementalMs: first.incrementalMs,
    parseFloorMs: Object.fromEntries(Object.entries(dream).map(([k, v]) => [k, v.parseFloorMs])),
    readingMs: Object.fromEntries(Object.entries(dream).map(([k, v]) => [k, v.readingMs])),
    peakRssMB: Math.max(...Object.values(dream).map((v) => v.peakRssMB)),
    runs: dream,
  };
  const scale = require('../out/test/bench/scaleBench');
  md.push(...scale.renderDreamMarkdown(Object.values(dream)));

  const recall = {};
  for (const n of list(process.env.LUCID_BENCH_NOTES, '100,1000,10000')) {
    process.stderr.write(`recall at ${n} notes…\n`);
    recall[`n${n}`] = await benchRecall(n);
  }
  const pick = (f) => Object.fromEntries(Object.entries(recall).map(([k, v]) => [k, f(v)]));
  results.recall = { coldStartMs: pick((v) => v.coldStartMs), changedStartMs: pick((v) => v.changedStartMs), warmStartMs: pick((v) => v.warmStartMs), hotStartMs: pick((v) => v.hotStartMs), recallP50Ms: pick((v) => v.recallP50Ms), recallP95Ms: pick((v) => v.recallP95Ms), parseAllMs: pick((v) => v.loadMs), contextTokens: pick((v) => v.contextTokens), loadAllTokens: pick((v) => v.loadAllTokens) };
  md.push(...scale.renderRecallMarkdown(Object.values(recall)));

  process.stderr.write('extension…\n');
  results.extension = await extensionFigures();
  const e = results.extension;
  const bundleActivation = require('../out/test/bench/activationBench').benchActivation(repo);
  md.push('## Extension', '', `Activation (evaluating the activation bundle plus \`activate()\`, in code-server 4.100.3's extension host; the host's own time between the two is not Lucid's and not counted; median of 3): **${e.activationMs} ms** (${e.activationRunsMs.join(', ')}).`, '', scale.renderActivationLine(bundleActivation), '',
    '| Bundle | Size (production) |', '| --- | ---: |', `| dist/extension.js (activation) | ${e.extensionKB} KB |`, `| dist/extensionMain.js (loaded on first use) | ${e.extensionMainKB} KB |`, `| dist/webview.js | ${e.webviewKB} KB |`, `| dist/cli.js | ${e.cliKB} KB |`, `| lucid.vsix | ${e.vsixKB} KB |`, '');

  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const m = results.machine;
  // The figures of the dream evaluation on real sessions (`npm run eval:dream -- --results bench/RESULTS.md`) stay.
  const before = fs.existsSync(path.join(out, 'RESULTS.md')) ? fs.readFileSync(path.join(out, 'RESULTS.md'), 'utf8') : '';
  const evalSection = /\n## Dreams on real sessions[\s\S]*?<!-- eval:end -->\n/.exec(before)?.[0] ?? '';
  const text = ['# Benchmark results', '', `One run of \`npm run bench\` on ${results.date.slice(0, 10)}: ${m.cpus}, ${m.memGB} GB, Node ${m.node}, ${m.platform}.`, '', ...md].join('\n') + evalSection;
  fs.writeFileSync(path.join(out, 'RESULTS.md'), text);
  process.stdout.write(text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
