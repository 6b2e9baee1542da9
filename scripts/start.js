#!/usr/bin/env node
// `npm start [-- FOLDER] [--port N] [--reset-demo]`: builds Lucid, installs it into a real VS Code
// (code-server 4.100.3, installed on first use into ~/.cache/lucid) and serves it on 127.0.0.1 with FOLDER
// open, or a demo workspace whose recorded sessions hold a recurring build error: run "Lucid: Dream Now"
// (no API key needed) and watch the notes appear. Stops with Ctrl-C.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { execFileSync } = require('child_process');
const { cacheRoot, ensureCodeServer, installVsix, startCodeServer } = require('./realVscode');

const repo = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const o = { folder: undefined, port: Number(process.env.PORT) || 8080, resetDemo: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') o.port = Number(argv[++i]);
    else if (argv[i] === '--reset-demo') o.resetDemo = true;
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('Usage: npm start [-- FOLDER] [--port N] [--reset-demo]');
      process.exit(0);
    } else o.folder = path.resolve(process.env.INIT_CWD || process.cwd(), argv[i]);
  }
  return o;
}

/** A copy of demo/ the user can play in (kept between runs, so notes a dream wrote are still there). */
function demoWorkspace(reset) {
  const dir = path.join(cacheRoot(), 'demo-workspace');
  if (reset) fs.rmSync(dir, { recursive: true, force: true });
  if (!fs.existsSync(dir)) {
    fs.cpSync(path.join(repo, 'demo'), dir, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=Lucid demo', '-c', 'user.email=demo@lucid.invalid', 'commit', '-qm', 'Demo project'], { cwd: dir });
  }
  return dir;
}

/** Fails clearly when the port is taken (an earlier `npm start` still running answers /healthz as if it were us). */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use (an earlier \`npm start\` still running, or another program). Stop it, or choose another port: npm start -- --port ${port + 1}`));
      else reject(err);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.folder && !fs.existsSync(o.folder)) throw new Error(`No such folder: ${o.folder}`);
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new Error(`--port must be a port number (got ${o.port})`);
  await assertPortFree(o.port);
  console.log('Building and packaging Lucid…');
  execFileSync(process.execPath, [path.join(repo, 'esbuild.js'), '--production'], { cwd: repo, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', 'lucid.vsix'], { cwd: repo, stdio: 'inherit' });
  console.log('Preparing VS Code (code-server 4.100.3; installed once into the cache)…');
  const bin = ensureCodeServer();
  const state = path.join(cacheRoot(), 'start');
  const extensionsDir = path.join(state, 'extensions');
  installVsix(bin, path.join(repo, 'lucid.vsix'), extensionsDir);
  const workspace = o.folder ?? demoWorkspace(o.resetDemo);
  const server = await startCodeServer({ codeServerBin: bin, workspace, port: o.port, scratch: state, extensionsDir });
  console.log(`\nLucid is running in VS Code: ${server.url}/?folder=${encodeURIComponent(workspace)}`);
  console.log(`Workspace: ${workspace}`);
  if (!o.folder) console.log('Try: F1 → "Lucid: Dream Now", then open the Lucid view in the activity bar (Memory tab).');
  console.log('Ctrl-C stops it.');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((err) => {
  console.error(`lucid start: ${err.message}`);
  process.exit(1);
});
