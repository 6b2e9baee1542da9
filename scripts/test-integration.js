#!/usr/bin/env node
// Integration tier: the compiled tests in out/test/integration run inside a real VS Code extension host
// (code-server 4.100.3 = VS Code 1.100.3, cached outside node_modules; headless Debian Chromium connects
// to it, since the extension host only starts when a workbench does). Installs both on first use.
// Prints mocha's spec output, then the plain line CI reads: `integration: N passed, N failed`.
// Env: LUCID_TEST_GREP (mocha grep), LUCID_INTEGRATION_TIMEOUT_MS (default 300000),
//      LUCID_KEEP_SCRATCH=1 (keep the temp folder with workspace, logs and state), LUCID_CACHE_DIR.
'use strict';
const fs = require('fs');
const path = require('path');
const rv = require('./realVscode');

const repo = path.resolve(__dirname, '..');
const testsEntry = path.join(repo, 'out', 'test', 'integration', 'index.js');
const timeoutMs = Number(process.env.LUCID_INTEGRATION_TIMEOUT_MS) || 300000;
const started = Date.now();

function makeWorkspace(dir) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'lucid-fixture', version: '1.0.0', private: true }, null, 2));
  fs.writeFileSync(path.join(dir, 'README.md'), '# Fixture\n\nA small project the integration tests open.\n');
  fs.writeFileSync(path.join(dir, 'src', 'index.js'), 'module.exports = function add(a, b) {\n  return a + b;\n};\n');
}

function logFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return logFiles(p);
    return e.name.endsWith('.log') ? [p] : [];
  });
}

const tail = (text, n) => text.split('\n').slice(-n).join('\n');
// Offline, the workbench's gallery queries fail; that noise hides the errors that matter.
const noise = /open-vsx\.org|ERR_NAME_NOT_RESOLVED|status of 404/;
const short = (entry) => entry.split('\n').slice(0, 8).join('\n');

function printDiagnostics({ server, consoleErrors, automationLogs }) {
  console.error('\n----- diagnostics -----');
  // The same error arrives as a console message and as a workbench log line, with different prefixes.
  const key = (l) => l.replace(/^(%c\s+ERR\s+color:\s*#\w+\s+|\[\w+\]\s+)/, '');
  const byKey = new Map();
  for (const l of [...automationLogs.filter((x) => /^\[(error|warn)/.test(x)), ...consoleErrors]) {
    if (!noise.test(l) && !byKey.has(key(l))) byKey.set(key(l), l);
  }
  const errors = [...byKey.values()];
  if (errors.length) console.error(`workbench errors:\n${errors.slice(-20).map(short).join('\n')}\n`);
  if (server) {
    // The extension host's own log and the extension's log channel (exthostN/lucid-dev.lucid/*.log).
    for (const f of logFiles(path.join(server.userDataDir, 'logs'))) {
      if (/remoteexthost\.log$|lucid-dev\.lucid/.test(f)) console.error(`== ${path.relative(server.scratch, f)}\n${tail(fs.readFileSync(f, 'utf8'), 40)}\n`);
    }
    if (fs.existsSync(server.logFile)) console.error(`== code-server output\n${tail(fs.readFileSync(server.logFile, 'utf8'), 25)}\n`);
  }
  console.error('-----------------------');
}

async function main() {
  for (const [f, how] of [[path.join(repo, 'dist', 'extension.js'), 'npm run build'], [testsEntry, 'npm run compile-tests']]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(repo, f)} is missing; run \`${how}\` first (npm run test:integration does both).`);
  }
  rv.ensureChromium();
  const codeServerBin = rv.ensureCodeServer();

  const scratch = rv.tempDir('lucid-integration-');
  const workspace = path.join(scratch, 'workspace');
  makeWorkspace(workspace);
  const resultsFile = path.join(scratch, 'results.json');
  const ctx = { server: null, consoleErrors: [], automationLogs: [] };
  let browser;
  let ok = false;
  try {
    const env = { LUCID_TEST_RESULTS: resultsFile };
    if (process.env.LUCID_TEST_GREP) env.LUCID_TEST_GREP = process.env.LUCID_TEST_GREP;
    if (process.env.LUCID_BENCH_OUT) env.LUCID_BENCH_OUT = process.env.LUCID_BENCH_OUT;
    ctx.server = await rv.startCodeServer({ workspace, codeServerBin, scratch: path.join(scratch, 'server'), env });
    const { port, url } = ctx.server;
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(testsEntry)],
      ['skipWelcome', 'true'],
    ];
    const testUrl = `${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await rv.launchBrowser();
    const { page } = browser;
    page.on('console', (m) => {
      if (m.type() === 'error') ctx.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => ctx.consoleErrors.push(`pageerror: ${e.message}`));
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => ctx.automationLogs.push(`[${type}] ${[].concat(args).join(' ')}`));
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    await page.goto(testUrl);
    try {
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    } catch {
      throw new Error(`the VS Code workbench did not load within 60 s at ${url}`);
    }
    const left = Math.max(timeoutMs - (Date.now() - started), 10000);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), left)))]);
    clearTimeout(timer);
    if (code === 'timeout') {
      const partial = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
      if (partial) process.stdout.write(`${partial.output}\n(still running: ${partial.current || 'before the first test'})\n`);
      throw new Error(`the integration tests did not finish within ${Math.round(timeoutMs / 1000)} s`);
    }

    if (!fs.existsSync(resultsFile)) {
      throw new Error(`the tests exited with code ${code} but wrote no results to ${resultsFile} (did run() load? see the logs)`);
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    process.stdout.write(results.output.endsWith('\n') ? results.output : `${results.output}\n`);
    // Failures of the run itself (a test file that throws on load) are not test failures: show them too.
    const runErrors = results.failures.slice(results.failed);
    for (const f of runErrors) console.log(`${f.title}: ${f.error}`);
    if (results.pending) console.log(`integration: ${results.pending} pending`);
    console.log(`integration: ${results.passed} passed, ${results.failed + runErrors.length} failed`);
    console.log(`(integration tier took ${Math.round((Date.now() - started) / 1000)} s)`);
    ok = code === 0 && !results.running && results.failed === 0 && runErrors.length === 0 && results.passed > 0;
    if (!ok) {
      if (results.passed + results.failed + runErrors.length === 0) console.error('No integration tests ran.');
      printDiagnostics(ctx);
      await saveScreenshot(page);
    }
  } catch (err) {
    console.error(`\nintegration: ${err.message}`);
    if (browser) await saveScreenshot(browser.page);
    printDiagnostics(ctx);
    console.log('integration: 0 passed, 1 failed');
  } finally {
    if (browser) await browser.close();
    if (ctx.server) await ctx.server.stop();
    if (process.env.LUCID_KEEP_SCRATCH) console.log(`scratch kept: ${scratch}`);
    rv.removeDir(scratch);
  }
  process.exitCode = ok ? 0 : 1;
}

async function saveScreenshot(page) {
  try {
    const dir = path.join(repo, '.test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'integration-failure.png');
    await page.screenshot({ path: file, timeout: 5000 });
    console.error(`screenshot: ${path.relative(repo, file)}`);
  } catch {
    /* the page may be gone */
  }
}

main().catch((err) => {
  console.error(`integration: ${err.message || err}`);
  console.log('integration: 0 passed, 1 failed');
  process.exit(1);
});
