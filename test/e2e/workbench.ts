// The browser end-to-end rig: a copy of the demo workspace, the fake Anthropic server (out of process) playing a
// script, a real VS Code (code-server) with Lucid loaded from this repo, and headless Chromium on it.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rv = require('../../../scripts/realVscode');

export const repo = path.resolve(__dirname, '..', '..', '..');
export const shots = path.join(repo, 'media', 'screenshots');
const KEY = 'sk-ant-api03-E2Ee2eE2Ee2eE2Ee2eE2Ee2eE2Ee2eE2Ee2e-XXXX';

export interface Workbench {
  page: Page;
  workspace: string;
  /** The fake Anthropic server (its recorded requests: `GET <fakeUrl>/_fake/requests`). */
  fakeUrl: string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** The fake server's script (`{ turns: [...] }`, see test/support/fakeAnthropicTurns.ts). */
  script: object;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Called with the workspace (a copy of demo/) before VS Code opens it. */
  prepare?: (workspace: string) => void;
}

export async function openWorkbench(o: WorkbenchOptions): Promise<Workbench> {
  rv.ensureChromium();
  const bin = rv.ensureCodeServer();
  const scratch: string = rv.tempDir('lucid-e2e-');
  const workspace = path.join(scratch, 'workspace');
  let fake: ChildProcess | undefined;
  let server: { url: string; port: number; stop(): Promise<void> } | undefined;
  let browser: { page: Page; close(): Promise<void> } | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    fake?.kill();
    rv.removeDir(scratch);
  };
  try {
    fs.cpSync(path.join(repo, 'demo'), workspace, { recursive: true });
    o.prepare?.(workspace);
    const scriptFile = path.join(scratch, 'script.json');
    fs.writeFileSync(scriptFile, JSON.stringify(o.script));
    fake = spawn(process.execPath, [path.join(repo, 'out', 'test', 'support', 'fakeAnthropicMain.js'), '--script', scriptFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fakeUrl = await new Promise<string>((resolve, reject) => {
      fake!.stdout!.on('data', (b: Buffer) => {
        const m = /listening (\S+)/.exec(b.toString());
        if (m) resolve(m[1]);
      });
      fake!.on('exit', (code) => reject(new Error(`the fake Anthropic server exited (${code})`)));
    });
    const userData = path.join(scratch, 'server', 'user-data', 'User');
    fs.mkdirSync(userData, { recursive: true });
    fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
      'workbench.colorTheme': 'Default Dark Modern', 'lucid.baseUrl': fakeUrl, 'lucid.model': 'claude-sonnet-4-6',
      'lucid.approval.commands': 'ask', 'lucid.dream.auto': false, 'lucid.dream.useModel': false,
      ...o.settings,
    }));
    server = await rv.startCodeServer({ workspace, codeServerBin: bin, scratch: path.join(scratch, 'server'), env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fakeUrl } });
    const remote = `vscode-remote://127.0.0.1:${server!.port}${repo}`;
    const payload = [['extensionDevelopmentPath', remote], ['skipWelcome', 'true']];
    browser = await rv.launchBrowser();
    const page = browser!.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    fs.mkdirSync(shots, { recursive: true });
    return { page, workspace, fakeUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens the Lucid view from the activity bar; returns its webview (two iframes deep). */
export async function openPanel(page: Page): Promise<FrameLocator> {
  await page.locator('.activitybar a.action-label[aria-label^="Lucid"]').click({ timeout: 60_000 });
  const panel = page.frameLocator('iframe.webview.ready[src*="extensionId=lucid-dev.lucid"]').frameLocator('#active-frame');
  await panel.getByTestId('prompt-input').waitFor({ timeout: 60_000 });
  return panel;
}

/** Types a request into the panel's input and sends it. */
export async function sendPrompt(page: Page, panel: FrameLocator, text: string): Promise<void> {
  await panel.getByTestId('prompt-input').click();
  await page.keyboard.type(text);
  await panel.getByTestId('send-button').click();
}

/** Waits for an assistant reply containing `text`. */
export function waitForReply(panel: FrameLocator, text: string): Promise<void> {
  return panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: text }).waitFor({ timeout: 60_000 });
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const name = title.replace(/^Lucid: /, '');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}
