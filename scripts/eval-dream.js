#!/usr/bin/env node
// `npm run eval:dream -- --sessions DIR [--key FILE] [--noise FILE] [--tree DIR] [--replay] [--json]`
// (see test/eval/evalDream.ts). Runs the compiled evaluation from out/.
const { parseArgs } = require('util');

const USAGE = 'Usage: npm run eval:dream -- --sessions DIR [--key FILE] [--noise FILE] [--tree DIR] [--replay] [--json] [--results bench/RESULTS.md]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      sessions: { type: 'string' },
      key: { type: 'string' },
      noise: { type: 'string' },
      tree: { type: 'string' },
      replay: { type: 'boolean', default: false },
      results: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.sessions) {
  console.error(USAGE);
  process.exit(2);
}
const fs = require('fs');
const { evaluateCorpus, renderEval, renderEvalMarkdown } = require('../out/test/eval/evalDream');

/** Puts a corpus's block into the "Dreams on real sessions" section of a results file (bench.js keeps it). */
function writeResults(file, r) {
  const start = '<!-- eval:start -->';
  const end = '<!-- eval:end -->';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes(start)) text = `${text.trimEnd()}\n\n## Dreams on real sessions (\`npm run eval:dream\`)\n\n${start}\n${end}\n`;
  const [head, rest] = text.split(start);
  const [body, tail] = rest.split(end);
  const blocks = body.split(/(?=^### )/m).map((b) => b.trim()).filter((b) => b.startsWith('### ') && !b.startsWith(`### ${r.corpus}\n`));
  blocks.push(renderEvalMarkdown(r).trim());
  blocks.sort();
  fs.writeFileSync(file, `${head}${start}\n${blocks.join('\n\n')}\n${end}${tail}`);
}

evaluateCorpus(values).then(
  (r) => {
    if (values.results) writeResults(values.results, r);
    process.stdout.write(values.json ? `${JSON.stringify(r, null, 1)}\n` : renderEval(r));
  },
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
