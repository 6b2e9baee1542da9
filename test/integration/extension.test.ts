// The extension in a real extension host (code-server, or desktop VS Code via scripts/test-desktop.js).
// The workspace is a scratch folder the runner creates; the tests may write into it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lucid-dev.lucid';

/** What activate() returns (src/vscode/extension.ts, LucidApi); declared here so tests need no src import. */
interface LucidApi {
  panelReady: Promise<void>;
  activationMs: number;
}

function withTimeout<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    Promise.resolve(p).finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

async function waitFor(cond: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function extension(): vscode.Extension<LucidApi> {
  const ext = vscode.extensions.getExtension<LucidApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed; found: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  return ext;
}

describe('Lucid in a real extension host', () => {
  let api: LucidApi;

  before(async () => {
    api = await withTimeout(extension().activate(), 20000, `${EXTENSION_ID} to activate`);
  });

  it('reports how long it took to activate (npm run bench reads it)', () => {
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs = ${api.activationMs}`);
    const out = process.env.LUCID_BENCH_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify({ activationMs: api.activationMs }));
  });

  it('is installed and activates', () => {
    const ext = extension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.publisher, 'lucid-dev');
    assert.equal(ext.packageJSON.name, 'lucid');
    assert.ok(api && api.panelReady instanceof Promise, 'activate() returns { panelReady: Promise<void> }');
  });

  it('registers its commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = ['lucid.openMemoryFolder', 'lucid.openMemoryDigest', 'lucid.showLog'].filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
  });

  it('contributes the Lucid view container with the lucid.panel webview view', () => {
    const contributes = extension().packageJSON.contributes;
    const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'lucid');
    assert.ok(container, 'activity-bar container `lucid`');
    assert.equal(container.title, 'Lucid');
    const view = (contributes.views.lucid ?? []).find((v: { id: string }) => v.id === 'lucid.panel');
    assert.ok(view, 'view `lucid.panel` in container `lucid`');
    assert.equal(view.type, 'webview');
  });

  it('resolves the panel webview, which says ready, when the view container is opened', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.lucid');
    await vscode.commands.executeCommand('lucid.panel.focus');
    await withTimeout(api.panelReady, 20000, 'the lucid.panel webview to resolve and post `ready`');
  });

  it('shows the log without error', async () => {
    await vscode.commands.executeCommand('lucid.showLog');
  });

  it('opens the memory folder, creating .agent-memory', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'a workspace folder is open');
    await vscode.commands.executeCommand('lucid.openMemoryFolder');
    assert.ok(fs.existsSync(vscode.Uri.joinPath(root, '.agent-memory').fsPath), '.agent-memory exists');
  });

  it('creates .agent-memory/MEMORY.md and opens it in an editor', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'a workspace folder is open');
    await vscode.commands.executeCommand('lucid.openMemoryDigest');
    const digest = vscode.Uri.joinPath(root, '.agent-memory', 'MEMORY.md');
    assert.ok(fs.existsSync(digest.fsPath), `${digest.fsPath} exists`);
    await waitFor(
      () => !!vscode.window.activeTextEditor?.document.uri.path.endsWith('/.agent-memory/MEMORY.md'),
      10000,
      () => `the digest in the active editor (active: ${vscode.window.activeTextEditor?.document.uri.toString() ?? 'none'})`,
    );
  });
});
