// Browser end-to-end in a real VS Code: `@` in the chat input lists the workspace's files and folders (fuzzy,
// keyboard first: the input points at the active option); Enter attaches the file as a chip, and a folder picked
// with the arrows sends its listing; the request sent to the model carries both. The model is overloaded once (529
// with retry-after): the chat counts the retry down, then shows the reply with its thinking collapsed (thinking is
// on through `lucid.thinkingBudget`, and the switch above the input says so). Saves screenshots for the README.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, shots, type Workbench } from './workbench';

const SCRIPT = {
  turns: [
    { status: 529, headers: { 'retry-after': '3' } },
    { thinking: 'The user attached src/index.ts and the scripts folder. The file imports two URL helpers from the generated client.', text: 'src/index.ts imports orderUrl and userUrl from ./generated/api, which scripts/codegen.js writes.' },
  ],
};

type Req = { body?: { thinking?: unknown; messages?: Array<{ role: string; content: Array<{ type: string; text?: string }> | string }> } };

describe('@ attaches workspace files and folders in a real VS Code', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let panel: FrameLocator;
  const input = () => panel.getByTestId('prompt-input');

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT, settings: { 'lucid.thinkingBudget': 2048 } });
    ({ page } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('lists matches fuzzily, attaches a file and a folder, and sends their content and listing', async () => {
    await panel.locator('[data-testid="thinking-switch"]:checked').waitFor({ timeout: 30_000 }); // the switch shows thinking is on
    await input().click();
    await page.keyboard.type('@indx');
    const options = panel.getByTestId('mention-option');
    await options.first().waitFor({ timeout: 90_000 }); // the first list waits for the workspace's files
    assert.equal(await options.first().getAttribute('data-path'), 'src/index.ts');
    assert.equal(await input().getAttribute('aria-controls'), 'mention-menu');
    assert.equal(await input().getAttribute('aria-activedescendant'), 'mention-option-0');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    const chip = panel.getByTestId('mention-chip').filter({ hasText: 'src/index.ts' });
    await chip.waitFor({ timeout: 10_000 });
    assert.equal(await input().inputValue(), '', 'the @ query leaves the text');
    assert.equal(await panel.getByTestId('mention-menu').isHidden(), true);

    await page.keyboard.type('What does this import, and what writes it? @scr');
    await panel.locator('[data-testid="mention-option"][data-path="scripts"]').waitFor({ timeout: 10_000 });
    const paths = await options.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { path: string } }).dataset.path));
    const at = paths.indexOf('scripts');
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await input().getAttribute('aria-activedescendant'), `mention-option-${at}`);
    await page.screenshot({ path: path.join(shots, 'file-mention.png') });
    await page.keyboard.press('Tab');
    await panel.getByTestId('mention-chip').filter({ hasText: 'scripts/' }).waitFor({ timeout: 10_000 });
    assert.equal(await input().inputValue(), 'What does this import, and what writes it? ');

    await page.keyboard.press('Enter');
    const wait = panel.getByTestId('wait-status');
    await wait.filter({ hasText: /Retrying in \d s \(overloaded\)/ }).waitFor({ timeout: 30_000 });
    const reply = panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'scripts/codegen.js writes' });
    await reply.waitFor({ timeout: 60_000 });
    assert.equal(await wait.isHidden(), true, 'the wait line goes when the reply streams');
    assert.equal(await panel.getByTestId('mention-chip').count(), 0, 'the chips go with the request');
    const user = panel.locator('[data-testid="chat-item"][data-kind="user"]').last();
    assert.match(await user.innerText(), /What does this import, and what writes it\?[\s\S]*src\/index\.ts[\s\S]*scripts\//);

    const thinking = panel.getByTestId('thinking');
    assert.equal(await thinking.evaluate((d) => (d as unknown as { open: boolean }).open), false, 'thinking is shown collapsed');
    await thinking.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await thinking.evaluate((d) => (d as unknown as { open: boolean }).open), true, 'Enter opens it');
    await panel.getByText('imports two URL helpers').waitFor();
    await page.screenshot({ path: path.join(shots, 'thinking.png') });

    const requests = (await (await fetch(`${bench!.fakeUrl}/_fake/requests`)).json()) as Req[];
    assert.equal(requests.length, 2, 'the overloaded request, then its retry');
    const last = requests[1].body!;
    assert.deepEqual(last.thinking, { type: 'enabled', budget_tokens: 2048 });
    const content = last.messages!.at(-1)!.content;
    const text = Array.isArray(content) ? content.filter((b) => b.type === 'text').map((b) => b.text).join('\n') : content;
    assert.match(text, /```src\/index\.ts\nimport \{ orderUrl, userUrl \} from '\.\/generated\/api';/);
    assert.match(text, /```scripts\/\ncodegen\.js\n```/);
    assert.match(text, /What does this import, and what writes it\? $/m);
  });
});
