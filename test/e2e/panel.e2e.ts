// Browser end-to-end: a real VS Code (code-server) in headless Chromium, Lucid loaded from this repo, the
// fake Anthropic server standing in for the API. Opens the panel, chats (a tool call approved inline, the
// reply streamed as safe Markdown), runs "Lucid: Dream Now" from the command palette, sees the new notes in
// the memory view, and saves screenshots for the README.
import { strict as assert } from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rv = require('../../../scripts/realVscode');

const repo = path.resolve(__dirname, '..', '..', '..');
const shots = path.join(repo, 'media', 'screenshots');
const KEY = 'sk-ant-api03-E2Ee2eE2Ee2eE2Ee2eE2Ee2eE2Ee2eE2Ee2e-XXXX';

const SCRIPT = {
  turns: [
    { text: 'I will create the file and show it.', toolUses: [{ name: 'bash', input: { command: 'echo "hello from lucid" > hello.txt && cat hello.txt' } }] },
    {
      text: [
        'Created **hello.txt**; it says:\n\n```\nhello from lucid\n```\n\n',
        '- one list item\n- a [safe link](https://example.com)\n\n',
        'Inert HTML: <img src=x onerror="document.title=\'pwned\'"> and [a bad link](javascript:alert(1)).',
      ],
    },
  ],
};

describe('Lucid in a real VS Code, in a real browser', function () {
  this.timeout(240_000);
  let scratch: string;
  let workspace: string;
  let fake: ChildProcess | undefined;
  let server: { url: string; port: number; stop(): Promise<void> } | undefined;
  let browser: { page: Page; close(): Promise<void> } | undefined;
  let page: Page;
  let panel: FrameLocator;

  before(async () => {
    rv.ensureChromium();
    const bin = rv.ensureCodeServer();
    scratch = rv.tempDir('lucid-e2e-');
    workspace = path.join(scratch, 'workspace');
    fs.cpSync(path.join(repo, 'demo'), workspace, { recursive: true });
    const scriptFile = path.join(scratch, 'script.json');
    fs.writeFileSync(scriptFile, JSON.stringify(SCRIPT));
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
    }));
    server = await rv.startCodeServer({ workspace, codeServerBin: bin, scratch: path.join(scratch, 'server'), env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fakeUrl } });
    const remote = `vscode-remote://127.0.0.1:${server!.port}${repo}`;
    const payload = [['extensionDevelopmentPath', remote], ['skipWelcome', 'true']];
    browser = await rv.launchBrowser();
    page = browser!.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fake?.kill();
    if (scratch) rv.removeDir(scratch);
  });

  it('opens the Lucid panel from the activity bar', async () => {
    await page.locator('.activitybar a.action-label[aria-label^="Lucid"]').click({ timeout: 60_000 });
    panel = page.frameLocator('iframe.webview.ready[src*="extensionId=lucid-dev.lucid"]').frameLocator('#active-frame');
    await panel.getByTestId('prompt-input').waitFor({ timeout: 60_000 });
  });

  it('sends a message, approves the command inline, and sees the reply streamed as safe Markdown', async () => {
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('Create hello.txt that says hello from lucid, and show it');
    await panel.getByTestId('send-button').click();
    const allow = panel.getByTestId('approve-allow');
    await allow.waitFor({ timeout: 60_000 });
    await assert.doesNotReject(panel.getByText('echo "hello from lucid" > hello.txt && cat hello.txt').first().waitFor({ timeout: 5_000 }), 'the approval shows exactly what will run');
    await allow.click();
    const reply = panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'hello.txt; it says' });
    await reply.waitFor({ timeout: 60_000 });
    assert.equal(fs.readFileSync(path.join(workspace, 'hello.txt'), 'utf8'), 'hello from lucid\n');
    const tool = panel.locator('[data-testid="chat-item"][data-kind="tool"]').first();
    await tool.waitFor();
    assert.match(await tool.innerText(), /exit 0|exit code 0|✓|0\b/);
    // Markdown rendered: bold, a code block and a list; nothing from the model can run script.
    assert.equal(await reply.locator('strong').first().innerText(), 'hello.txt');
    assert.equal(await reply.locator('pre code').count() >= 1, true);
    assert.equal(await reply.locator('img[onerror]').count(), 0);
    const hrefs = await reply.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(!hrefs.some((h) => /^javascript:/i.test(h)), `no javascript: links (${hrefs.join(', ')})`);
    assert.notEqual(await page.title(), 'pwned');
    await page.screenshot({ path: path.join(shots, 'panel.png') });
  });

  it('runs "Lucid: Dream Now" from the command palette and shows the new notes in the memory view', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Lucid: Dream Now');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Dream Now' }).first().waitFor();
    await page.keyboard.press('Enter');
    const notes = path.join(workspace, '.agent-memory', 'notes');
    const deadline = Date.now() + 60_000;
    while (!(fs.existsSync(notes) && fs.readdirSync(notes).some((f) => f.endsWith('.md')))) {
      if (Date.now() > deadline) throw new Error('Dream Now wrote no note within 60 s');
      await page.waitForTimeout(250);
    }
    await panel.getByTestId('tab-memory').click();
    const note = panel.getByTestId('memory-note').first();
    await note.waitFor({ timeout: 30_000 });
    assert.match(await note.innerText(), /TS2307|codegen/);
    await panel.getByTestId('digest-tokens').waitFor();
    await page.screenshot({ path: path.join(shots, 'memory.png') });
    await panel.getByTestId('dream-report').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'dream-report.png') });
  });
});
