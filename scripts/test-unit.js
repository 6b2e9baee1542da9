#!/usr/bin/env node
// Unit tier: mocha in plain Node over the compiled tests in out/test/unit.
// Prints mocha's spec output, then the plain line CI reads: `unit: N passed, N failed`.
// Usage: node scripts/test-unit.js [--grep PATTERN] [files...]
const path = require('path');
const fs = require('fs');
const Mocha = require('mocha');

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : undefined;

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const root = path.resolve(__dirname, '..', 'out', 'test', 'unit');
const files = args.length ? args.map((f) => path.resolve(f)) : collect(root).sort();
if (files.length === 0) {
  console.error(`No compiled unit tests under ${root}. Run \`npm run compile-tests\` first.`);
  process.exit(1);
}

// The search tool is tested with ripgrep as well as without it: install Debian's ripgrep when it is missing
// (as `npm test` installs chromium for the browser test), so no test is skipped.
const onPath = (bin) => (process.env.PATH || '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, bin)));
if (!onPath('rg') && process.platform === 'linux') {
  try {
    require('./realVscode').ensureDebPackages(['ripgrep']);
  } catch (e) {
    console.error(`ripgrep is not installed and could not be installed (${e.message}): the ripgrep tests will fail.`);
  }
}

const mocha = new Mocha({ reporter: 'spec', timeout: 20000, grep });
files.forEach((f) => mocha.addFile(f));
let passed = 0;
let failed = 0;
const runner = mocha.run((failures) => {
  console.log(`\nunit: ${passed} passed, ${failed} failed`);
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
