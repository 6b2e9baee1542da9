#!/usr/bin/env node
// The integration suite (out/test/integration) under a desktop VS Code via @vscode/test-electron, for
// contributors with internet access (it downloads VS Code into .vscode-test/) or a local VS Code
// (LUCID_VSCODE_EXECUTABLE=/path/to/code skips the download). On Linux without a display, run it under
// xvfb-run. Where nothing can be downloaded use `npm run test:integration` (code-server) instead.
// Prints mocha's spec output, then `desktop: N passed, N failed`.
// Env: LUCID_VSCODE_VERSION (default 1.100.3, the engines floor), LUCID_VSCODE_EXECUTABLE, LUCID_TEST_GREP.
'use strict';
const fs = require('fs');
const path = require('path');
const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');
const rv = require('./realVscode');

const repo = path.resolve(__dirname, '..');
const testsEntry = path.join(repo, 'out', 'test', 'integration', 'index.js');
const version = process.env.LUCID_VSCODE_VERSION || '1.100.3';

async function vscodeExecutable() {
  if (process.env.LUCID_VSCODE_EXECUTABLE) return process.env.LUCID_VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode({ version, timeout: 15000 });
  } catch (err) {
    throw new Error(
      `could not download VS Code ${version} (${err.message || err}).\n` +
        'test:desktop needs internet access or LUCID_VSCODE_EXECUTABLE=/path/to/code; ' +
        'offline, run `npm run test:integration`, which uses code-server from the npm registry.',
    );
  }
}

async function main() {
  if (!fs.existsSync(testsEntry)) throw new Error('out/test/integration/index.js is missing; run `npm run compile-tests` first.');
  const vscodeExecutablePath = await vscodeExecutable();
  const scratch = rv.tempDir('lucid-desktop-');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'lucid-fixture', version: '1.0.0', private: true }, null, 2));
  fs.writeFileSync(path.join(workspace, 'src', 'index.js'), 'module.exports = (a, b) => a + b;\n');
  const resultsFile = path.join(scratch, 'results.json');
  const extensionTestsEnv = { LUCID_TEST_RESULTS: resultsFile };
  if (process.env.LUCID_TEST_GREP) extensionTestsEnv.LUCID_TEST_GREP = process.env.LUCID_TEST_GREP;
  let exitError;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath: testsEntry,
      extensionTestsEnv,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(scratch, 'user-data')],
    });
  } catch (err) {
    exitError = err;
  }
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
  if (!results) {
    console.error(`desktop: VS Code exited (${exitError ? exitError.message || exitError : 'ok'}) without writing ${resultsFile}`);
    console.log('desktop: 0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  const runErrors = results.failures.slice(results.failed);
  for (const f of runErrors) console.log(`${f.title}: ${f.error}`);
  console.log(`desktop: ${results.passed} passed, ${results.failed + runErrors.length} failed`);
  process.exitCode = !exitError && results.failed === 0 && runErrors.length === 0 && results.passed > 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(`desktop: ${err.message || err}`);
  console.log('desktop: 0 passed, 1 failed');
  process.exit(1);
});
