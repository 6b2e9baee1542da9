#!/usr/bin/env node
// `npm run eval:dream -- --sessions DIR [--key FILE] [--noise FILE] [--tree DIR] [--replay] [--json]`
// (see test/eval/evalDream.ts). Runs the compiled evaluation from out/.
const { parseArgs } = require('util');

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    key: { type: 'string' },
    noise: { type: 'string' },
    tree: { type: 'string' },
    replay: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
if (!values.sessions) {
  console.error('Usage: npm run eval:dream -- --sessions DIR [--key FILE] [--noise FILE] [--tree DIR] [--replay] [--json]');
  process.exit(2);
}
const { evaluateCorpus, renderEval } = require('../out/test/eval/evalDream');
evaluateCorpus(values).then(
  (r) => process.stdout.write(values.json ? `${JSON.stringify(r, null, 1)}\n` : renderEval(r)),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
