// A real VS Code for tests on machines without a desktop VS Code: code-server (VS Code 1.100.3, installed
// once from the npm registry into a cache folder outside node_modules) driven by headless Debian Chromium
// through playwright-core. Recipe and its reasons: /work/shared/real-vscode.md.
// Used by scripts/test-integration.js, scripts/check-vsix.js and the browser end-to-end tests.
'use strict';
const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.100.3';
const CHROMIUM = '/usr/bin/chromium';
// Debian packages the code-server install needs (rg is pre-seeded; keytar/argon2/node-pty build from source).
const BUILD_PACKAGES = ['ripgrep', 'libkrb5-dev', 'g++', 'make', 'python3'];
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const log = (msg) => console.log(`[realVscode] ${msg}`);

function missingDebPackages(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  const installed = new Set((r.stdout || '').split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(/[ :]/)[0]));
  return names.filter((name) => !installed.has(name));
}

/** Installs the missing ones of `names` with apt-get (root only). */
function ensureDebPackages(names) {
  const missing = missingDebPackages(names);
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Not root, so not installing them; run as root:\n  ${cmd}`);
  }
  log(`installing Debian packages: ${missing.join(' ')} (${cmd})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = spawnSync('sh', ['-c', cmd], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`apt-get failed (exit ${r.status}) while running: ${cmd}`);
}

/** Debian chromium for playwright-core (plus what the code-server install needs, in the same apt run). */
function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  // No recommends (130 packages otherwise), but a font so that screenshots show text.
  ensureDebPackages(['chromium', 'fonts-liberation', ...BUILD_PACKAGES]);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
  return CHROMIUM;
}

function cacheRoot() {
  if (process.env.LUCID_CACHE_DIR) return path.resolve(process.env.LUCID_CACHE_DIR);
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'lucid');
}

/** Environment for a child npm/code-server: drops the npm_* variables `npm run` sets for the project. */
function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  }
  return { ...env, ...extra };
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const alive = (pid) => {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
};

/** Runs fn while holding lockDir (a folder holding the owner's pid); a lock whose owner is gone is taken over. */
function withLock(lockDir, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try { owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')); } catch { /* being written */ }
      const age = (() => { try { return Date.now() - fs.statSync(lockDir).mtimeMs; } catch { return 0; } })();
      if ((owner && !alive(owner)) || (!owner && age > 10000)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told) log(`waiting for another process (pid ${owner}) installing code-server`);
      told = true;
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Installs code-server once into the cache folder; returns the path of its `code-server` binary. */
function ensureCodeServer() {
  const dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(dir, '.lucid-install-complete');
  const bin = path.join(dir, 'node_modules', '.bin', 'code-server');
  const done = () => fs.existsSync(marker) && fs.existsSync(bin);
  if (done()) return bin;
  return withLock(`${dir}.lock`, () => (done() ? bin : installCodeServer(dir, marker, bin)));
}

function installCodeServer(dir, marker, bin) {
  if (fs.existsSync(dir)) {
    log(`${dir} holds an unfinished install; removing it`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  ensureDebPackages(BUILD_PACKAGES);
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'lucid-code-server-cache', private: true }));
  // @vscode/ripgrep's postinstall downloads rg from GitHub; give it Debian's rg in the cache it checks first.
  const tmp = path.join(dir, 'tmp');
  const rgCache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(rgCache, { recursive: true });
  execFileSync('tar', ['-czf', path.join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'),
    '-C', path.dirname(rg), path.basename(rg)]);
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (about a minute, once)`);
  const started = Date.now();
  const env = cleanEnv({ TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' });
  // node-pty, argon2 and kerberos build with node-gyp, which downloads Node's headers unless told where they are.
  const nodeDir = path.resolve(process.execPath, '..', '..');
  if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
  else if (fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error',
    `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}) in ${dir}`);
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8', env: cleanEnv({}) });
  if (v.status !== 0 || !v.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`installed code-server does not run: ${v.stdout}${v.stderr}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(marker, `${CODE_SERVER_VERSION}\n${new Date().toISOString()}\n`);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

// Process groups still running and temp folders still present; on exit (also Ctrl-C / SIGTERM) the groups
// are killed, so extension hosts never linger, and the folders removed (unless LUCID_KEEP_SCRATCH is set).
const liveGroups = new Set();
const liveDirs = new Set();
let exitHooked = false;
function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}
function removeDir(dir) {
  liveDirs.delete(dir);
  if (process.env.LUCID_KEEP_SCRATCH) return;
  try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
}
/** A fresh folder under the system temp folder, removed on exit at the latest. */
function tempDir(prefix) {
  hookExit();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  liveDirs.add(dir);
  return dir;
}
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    for (const dir of [...liveDirs]) removeDir(dir);
  });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(sig, () => {
      for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
      process.exit(code);
    });
  }
}

/** State for code-server kept out of $HOME: XDG_* folders, user data with seeded settings, extensions. */
function scratchState(scratch, { userDataDir, extensionsDir } = {}) {
  const state = {
    scratch,
    userDataDir: userDataDir || path.join(scratch, 'user-data'),
    extensionsDir: extensionsDir || path.join(scratch, 'extensions'),
  };
  // TMPDIR too: the server puts its IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock) there.
  const env = { TMPDIR: path.join(scratch, 'tmp') };
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  for (const name of ['CONFIG', 'DATA', 'CACHE']) {
    env[`XDG_${name}_HOME`] = path.join(scratch, 'xdg', name.toLowerCase());
    fs.mkdirSync(env[`XDG_${name}_HOME`], { recursive: true });
  }
  fs.mkdirSync(state.extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(state.userDataDir, 'User'), { recursive: true });
  const settings = path.join(state.userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
    }));
  }
  state.env = env;
  return state;
}

/**
 * Starts code-server on `workspace` in its own process group.
 * Returns { url, port, pid, scratch, userDataDir, extensionsDir, logFile, stop() }.
 * opts: workspace, port, extensionsDir, userDataDir, extraArgs, env (added to the server's environment,
 * which the extension host inherits), codeServerBin, scratch (folder for all state; otherwise a temp folder
 * that stop() removes unless LUCID_KEEP_SCRATCH is set).
 */
async function startCodeServer(opts) {
  const bin = opts.codeServerBin || ensureCodeServer();
  const port = opts.port || (await freePort());
  const scratch = opts.scratch || tempDir('lucid-code-server-');
  const state = scratchState(scratch, opts);
  const logFile = path.join(scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', state.userDataDir,
    '--extensions-dir', state.extensionsDir, ...(opts.extraArgs || []), ...(opts.workspace ? [opts.workspace] : [])];
  // detached: the child calls setsid(), so -pid names the whole group (server, extension hosts, watchers).
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', out, out], env: cleanEnv({ ...state.env, ...opts.env }) });
  fs.closeSync(out);
  hookExit();
  liveGroups.add(child.pid);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const stop = async () => {
    if (!liveGroups.has(child.pid)) return;
    killGroup(child.pid, 'SIGTERM');
    for (let i = 0; i < 20 && exited === null; i++) await new Promise((r) => setTimeout(r, 100));
    killGroup(child.pid, 'SIGKILL');
    liveGroups.delete(child.pid);
    if (!opts.scratch) removeDir(scratch);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  while (!(await httpOk(`${url}/healthz`))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`code-server ${exited ? `exited (${JSON.stringify(exited)})` : 'did not answer /healthz within 60 s'}; log:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid: child.pid, ...state, logFile, stop };
}

/** Headless Debian Chromium with a fresh profile. Returns { context, page, close() }. */
async function launchBrowser(opts = {}) {
  const { chromium } = require('playwright-core');
  ensureChromium();
  const profile = tempDir('lucid-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS,
    viewport: opts.viewport || { width: 1400, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    liveDirs.delete(profile);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  return { context, page, close };
}

function scratchCli(extensionsDir) {
  const scratch = tempDir('lucid-code-server-cli-');
  const state = scratchState(scratch, { extensionsDir });
  return { scratch, args: ['--user-data-dir', state.userDataDir, '--extensions-dir', state.extensionsDir], env: cleanEnv(state.env) };
}

/** `code-server --install-extension vsix --force` into extensionsDir (offline). Returns its output. */
function installVsix(codeServerBin, vsixPath, extensionsDir) {
  const cli = scratchCli(extensionsDir);
  try {
    const r = spawnSync(codeServerBin, [...cli.args, '--install-extension', path.resolve(vsixPath), '--force'],
      { encoding: 'utf8', env: cli.env });
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${output}`);
    return output;
  } finally {
    removeDir(cli.scratch);
  }
}

/** Ids (publisher.name) of the extensions installed in extensionsDir. */
function listExtensions(codeServerBin, extensionsDir) {
  const cli = scratchCli(extensionsDir);
  try {
    const r = spawnSync(codeServerBin, [...cli.args, '--list-extensions'], { encoding: 'utf8', env: cli.env });
    if (r.status !== 0) throw new Error(`--list-extensions failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    // Only the ids: code-server also logs lines such as "[…] info  Wrote default config file …".
    return r.stdout.split('\n').map((s) => s.trim()).filter((s) => /^[\w-]+\.[\w.-]+(@\S+)?$/.test(s));
  } finally {
    removeDir(cli.scratch);
  }
}

module.exports = {
  CODE_SERVER_VERSION, CHROMIUM, BROWSER_ARGS,
  ensureChromium, ensureDebPackages, ensureCodeServer, cacheRoot,
  startCodeServer, launchBrowser, installVsix, listExtensions, freePort, tempDir, removeDir,
};
