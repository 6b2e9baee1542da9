#!/usr/bin/env node
// Renders the side panel's webview outside VS Code: the real HTML shell (src/vscode/webviewHtml.ts, same CSP and
// nonce), the built bundle (dist/webview.js, run `npm run build` first) and media/panel.css, served on localhost
// with test/e2e/webviewHarness.html injected (dark theme variables, a stubbed acquireVsCodeApi). Posts sample
// states, saves screenshots, and fails when the page breaks the CSP, throws, or renders hostile Markdown live.
// Usage: node scripts/webview-preview.js [--out DIR] [--width 420]   Prints the screenshot paths.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { launchBrowser } = require('./realVscode');
const samples = require('./webviewSamples');

const repo = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const outDir = path.resolve(arg('--out', path.join(repo, '.test-artifacts', 'webview-preview')));
const width = Number(arg('--width', '420'));

/** webviewHtml() from the TypeScript source, bundled on the fly (it needs no `vscode` at run time). */
function loadWebviewHtml() {
  const r = esbuild.buildSync({ entryPoints: [path.join(repo, 'src/vscode/webviewHtml.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, require);
  return mod.exports.webviewHtml;
}

function pageHtml(origin) {
  const webview = { cspSource: origin, asWebviewUri: (u) => `${origin}/${u}` };
  const html = loadWebviewHtml()(webview, 'dist/webview.js', 'media/panel.css');
  const nonce = /nonce-([^']+)'/.exec(html)[1];
  const harness = fs.readFileSync(path.join(repo, 'test/e2e/webviewHarness.html'), 'utf8').replace(/__NONCE__/g, nonce);
  return html.replace('<script nonce=', `${harness}\n<script nonce=`);
}

function serve() {
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(pageHtml(`http://127.0.0.1:${server.address().port}`));
    }
    const file = path.join(repo, path.normalize(url.pathname).replace(/^[/\\]+/, ''));
    if (!/^(dist|media)[/\\]/.test(path.relative(repo, file)) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  if (!fs.existsSync(path.join(repo, 'dist/webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { page, close } = await launchBrowser({ viewport: { width, height: 900 } });
  const problems = [];
  page.on('console', (m) => {
    if (/Failed to load resource/.test(m.text())) return; // reported with its URL by the response handler
    if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const shots = [];
  try {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    for (const [name, scenario] of Object.entries(samples.scenarios())) {
      await page.goto(origin);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      for (const message of scenario.messages) await page.evaluate((m) => window.__host(m), message);
      await page.waitForTimeout(300);
      if (scenario.tab) await page.getByTestId(`tab-${scenario.tab}`).click();
      await page.waitForTimeout(200);
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      shots.push(file);
      problems.push(...(await page.evaluate(() => window.__violations)).map((v) => `CSP violation (${name}): ${v}`));
      problems.push(...(await checkInert(page)).map((p) => `${name}: ${p}`));
      if (process.env.PREVIEW_DEBUG) console.log(name, await page.evaluate(process.env.PREVIEW_DEBUG));
      if (scenario.check) problems.push(...(await scenario.check(page)).map((p) => `${name}: ${p}`));
    }
  } finally {
    await close();
    server.close();
  }
  for (const s of shots) console.log(s);
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

/** Markdown from the model or notes must never be live: no script, no handlers, no javascript: links. */
async function checkInert(page) {
  return page.evaluate(() => {
    const found = [];
    if (document.title === 'pwned' || window.__pwned) found.push('hostile Markdown ran script');
    for (const el of document.querySelectorAll('.markdown *')) {
      if (/^(SCRIPT|IFRAME|IMG|STYLE|OBJECT|EMBED|FORM)$/.test(el.tagName)) found.push(`live <${el.tagName.toLowerCase()}> in rendered Markdown`);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || a.name === 'style') found.push(`attribute ${a.name} on <${el.tagName.toLowerCase()}>`);
        if (/^\s*(javascript|data|vbscript):/i.test(a.value)) found.push(`${a.name}="${a.value}" on <${el.tagName.toLowerCase()}>`);
      }
    }
    return found;
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
