#!/usr/bin/env node
// Packaging check: builds lucid.vsix (`npm run package`, offline) when it is missing or older than its
// sources, installs it into a scratch extensions folder of the cached code-server (VS Code 1.100.3) and
// checks that it is listed and that the installed folder holds what the extension needs and nothing else.
// Prints the plain line CI reads: `vsix: N passed, N failed`.
// Usage: node scripts/check-vsix.js [--repackage] [path/to/x.vsix]
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const rv = require('./realVscode');

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const forcePackage = args.includes('--repackage');
const given = args.find((a) => !a.startsWith('--'));
const vsix = path.resolve(given || path.join(repo, 'lucid.vsix'));

// What goes into the vsix (see .vscodeignore); newer than the vsix means it must be rebuilt.
function newestSource() {
  const roots = ['src', 'media', 'package.json', 'esbuild.js', '.vscodeignore', 'README.md', 'LICENSE'];
  let newest = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) fs.readdirSync(p).forEach((n) => visit(path.join(p, n)));
    else newest = Math.max(newest, st.mtimeMs);
  };
  roots.forEach((r) => visit(path.join(repo, r)));
  return newest;
}

function packageIfNeeded() {
  if (given) {
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist`);
    return;
  }
  if (!forcePackage && fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs >= newestSource()) {
    console.log(`using ${path.relative(repo, vsix)} (newer than its sources)`);
    return;
  }
  console.log('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status})`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package succeeded but ${vsix} does not exist`);
}

function checkInstalled(extensionsDir, id, version) {
  const problems = [];
  const dirs = fs.readdirSync(extensionsDir).filter((n) => n.toLowerCase().startsWith(`${id}-`));
  if (dirs.length !== 1) return [`expected one folder ${id}-* in ${extensionsDir}, found: ${dirs.join(', ') || 'none'}`];
  const root = path.join(extensionsDir, dirs[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (manifest.version !== version) problems.push(`installed version ${manifest.version}, package.json says ${version}`);
  const main = path.join(root, manifest.main || 'dist/extension.js');
  if (!fs.existsSync(main) && !fs.existsSync(`${main}.js`)) problems.push(`main ${manifest.main} is not in the vsix`);
  // The activation entry loads the rest on first use; the panel loads the webview; Commit Memory's merge driver runs the CLI;
  // a dream over thousands of sessions reads them in dreamWorker.js.
  for (const needed of ['dist/extensionMain.js', 'dist/webview.js', 'dist/cli.js', 'dist/dreamWorker.js']) {
    if (!fs.existsSync(path.join(root, needed))) problems.push(`${needed} is not in the vsix`);
  }
  for (const unwanted of ['src', 'node_modules', 'out', 'test', '.agent-memory']) {
    if (fs.existsSync(path.join(root, unwanted))) problems.push(`the vsix contains ${unwanted}/ (see .vscodeignore)`);
  }
  return problems;
}

async function main() {
  const started = Date.now();
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`.toLowerCase();
  let problems = [];
  try {
    packageIfNeeded();
    const codeServer = rv.ensureCodeServer();
    const extensionsDir = rv.tempDir('lucid-vsix-');
    try {
      console.log(`code-server --install-extension ${path.relative(repo, vsix) || vsix} --force`);
      process.stdout.write(rv.installVsix(codeServer, vsix, extensionsDir));
      const listed = rv.listExtensions(codeServer, extensionsDir).map((s) => s.toLowerCase());
      console.log(`--list-extensions: ${listed.join(', ') || '(none)'}`);
      if (!listed.includes(id)) problems.push(`${id} is not listed by --list-extensions`);
      problems.push(...checkInstalled(extensionsDir, id, pkg.version));
    } finally {
      rv.removeDir(extensionsDir);
    }
  } catch (err) {
    problems.push(err.message);
  }
  for (const p of problems) console.error(`  ✗ ${p}`);
  if (problems.length === 0) console.log(`  ✔ ${id} ${pkg.version} installs from ${path.basename(vsix)} into code-server ${rv.CODE_SERVER_VERSION} offline`);
  console.log(`vsix: ${problems.length ? 0 : 1} passed, ${problems.length ? 1 : 0} failed`);
  console.log(`(vsix check took ${Math.round((Date.now() - started) / 1000)} s)`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
