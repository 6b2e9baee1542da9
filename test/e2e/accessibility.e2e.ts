// Browser end-to-end accessibility check in a real VS Code: axe-core runs inside the Lucid panel's webview (two
// iframes deep) over a chat with a user message, a pending then allowed approval, a tool card and a Markdown reply
// with a code block, and over the memory view after a dream, in a dark and a light theme. No finding of impact
// serious or critical may remain.
// Code blocks: focusable with Tab, their Copy button next in the Tab order, and Copy puts the code on the clipboard.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, repo, type Workbench } from './workbench';

const artifacts = path.join(repo, '.test-artifacts', 'accessibility');
const CODE = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const SCRIPT = {
  turns: [
    { text: 'I will write the file and show it.', toolUses: [{ name: 'bash', input: { command: 'printf "sum\\n" > a11y.txt && cat a11y.txt' } }] },
    { text: ['Wrote **a11y.txt**. The helper:\n\n```ts\n', CODE, '```\n\n', 'Run it with `npm test`; see [the docs](https://example.com).'] },
  ],
};

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; summary: string }>;
}

/** The webview's own frame (the inner iframe), where axe must run. */
async function webviewFrame(panel: FrameLocator): Promise<Frame> {
  const html = await panel.locator('html').elementHandle();
  const frame = await html?.ownerFrame();
  if (!frame) throw new Error("the panel's webview frame was not found");
  return frame;
}

/** axe-core's violations in the panel (injected through the debugger protocol, which the page's CSP does not govern). */
async function axeFindings(panel: FrameLocator): Promise<Finding[]> {
  const frame = await webviewFrame(panel);
  if (!(await frame.evaluate(() => 'axe' in globalThis))) {
    await frame.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return frame.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n: any) => ({ target: JSON.stringify(n.target), summary: String(n.failureSummary ?? '').replace(/\s+/g, ' ') })),
    }));
  });
}

async function assertAccessible(panel: FrameLocator, where: string): Promise<void> {
  const findings = await axeFindings(panel);
  for (const f of findings) {
    console.log(`      axe [${f.impact}] ${f.id} in ${where}: ${f.help} (${f.helpUrl})`);
    for (const n of f.nodes.slice(0, 6)) console.log(`        ${n.target} — ${n.summary}`);
  }
  const bad = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  assert.deepEqual(bad.map((f) => `${f.id}: ${f.nodes.map((n) => n.target).join(', ')}`), [], `serious or critical axe findings in ${where}`);
}

describe('The Lucid panel is accessible (axe-core) and its code blocks can be copied', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let panel: FrameLocator;
  const items = (kind: string) => panel.locator(`[data-testid="chat-item"][data-kind="${kind}"]`);

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT });
    page = bench.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('has no serious or critical findings with a user message and a pending approval', async () => {
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('Write a11y.txt and show me an add helper');
    await panel.getByTestId('send-button').click();
    await panel.getByTestId('approve-allow').waitFor({ timeout: 60_000 });
    await items('user').first().waitFor();
    await assertAccessible(panel, 'the chat with a pending approval');
  });

  it('has no serious or critical findings with a tool card and a Markdown reply with a code block', async () => {
    await panel.getByTestId('approve-allow').click();
    const reply = items('assistant').filter({ hasText: 'The helper' });
    await reply.locator('[data-testid="copy-code"]').waitFor({ timeout: 60_000 });
    await items('tool').first().waitFor();
    await panel.locator('[data-testid="chat-item"][data-kind="approval"] [data-status="allowed"]').waitFor();
    await panel.getByTestId('send-button').waitFor(); // the turn is over
    await assertAccessible(panel, 'the chat after the turn');
  });

  it('makes a code block focusable, puts its Copy button next in the Tab order, and copies the code', async () => {
    const reply = items('assistant').filter({ hasText: 'The helper' });
    const block = reply.getByTestId('code-block');
    assert.equal(await block.count(), 1);
    const pre = block.locator('pre');
    const copy = block.getByTestId('copy-code');
    assert.equal(await pre.getAttribute('tabindex'), '0');
    assert.equal(await copy.getAttribute('aria-label'), 'Copy ts code');
    const opacity = () => copy.evaluate((el) => (globalThis as any).getComputedStyle(el).opacity as string);
    assert.equal(await opacity(), '0', 'the Copy button stays out of the way until hover or focus');
    await block.hover();
    assert.equal(await opacity(), '1', 'the Copy button shows on hover');
    await panel.getByTestId('prompt-input').hover();
    await pre.focus();
    assert.equal(await pre.evaluate((el) => el === (el.ownerDocument as any).activeElement), true, 'the code block takes focus');
    await page.keyboard.press('Tab');
    assert.equal(await copy.evaluate((el) => el === (el.ownerDocument as any).activeElement), true, 'Tab moves from the code block to its Copy button');
    assert.equal(await opacity(), '1', 'the Copy button shows on keyboard focus');
    fs.mkdirSync(artifacts, { recursive: true });
    await block.screenshot({ path: path.join(artifacts, 'code-block-focused.png') });
    await page.keyboard.press('Enter');
    await block.getByText('Copied', { exact: true }).waitFor({ timeout: 5_000 });
    const clipboard = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    assert.equal(clipboard, CODE);
  });

  it('has no serious or critical findings in the memory view after a dream', async () => {
    await panel.getByTestId('tab-memory').click();
    await panel.getByTestId('dream-now').click();
    await panel.getByTestId('memory-note').first().waitFor({ timeout: 60_000 });
    await panel.locator('vscode-collapsible[data-testid="dream-report"]').waitFor({ timeout: 30_000 });
    await assertAccessible(panel, 'the memory view');
  });

  it('has no serious or critical findings in a light theme either', async () => {
    // Contrast comes from the theme's variables: switch the workspace to Light Modern and check both tabs again.
    fs.mkdirSync(path.join(bench!.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(bench!.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Light Modern' }));
    await panel.locator('body.vscode-light').waitFor({ state: 'attached', timeout: 30_000 });
    await assertAccessible(panel, 'the memory view (light)');
    await panel.getByTestId('tab-chat').click();
    await items('assistant').filter({ hasText: 'The helper' }).waitFor();
    await assertAccessible(panel, 'the chat (light)');
  });
});
