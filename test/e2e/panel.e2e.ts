// Browser end-to-end: a real VS Code (code-server) in headless Chromium, Lucid loaded from this repo, the
// fake Anthropic server standing in for the API. Opens the panel, chats (a tool call approved inline, the
// reply streamed as safe Markdown), runs "Lucid: Dream Now" from the command palette, sees the new notes in
// the memory view, and saves screenshots for the README.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, runCommand, shots, type Workbench } from './workbench';

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
  let bench: Workbench | undefined;
  let workspace: string;
  let page: Page;
  let panel: FrameLocator;

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT });
    ({ page, workspace } = bench);
  });

  after(async () => {
    await bench?.close();
  });

  it('opens the Lucid panel from the activity bar', async () => {
    panel = await openPanel(page);
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
    await runCommand(page, 'Lucid: Dream Now');
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
