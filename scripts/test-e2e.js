#!/usr/bin/env node
// Browser end-to-end tier: mocha over out/test/e2e/*.e2e.js (real code-server + headless Debian Chromium).
// Prints mocha's output, then `e2e: N passed, N failed`. Screenshots land in media/screenshots/.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const dir = path.resolve(__dirname, '..', 'out', 'test', 'e2e');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js')).map((f) => path.join(dir, f)) : [];
if (!files.length) {
  console.error(`No compiled e2e tests in ${dir}; run \`npm run compile-tests\` first.`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
const mocha = new Mocha({ reporter: 'spec', timeout: 240000, bail: true });
files.forEach((f) => mocha.addFile(f));
let passed = 0;
let failed = 0;
const runner = mocha.run((failures) => {
  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
