// Browser end-to-end: a slow command's card shows its output as it streams ("first" before the command ends),
// counts its seconds while it runs, then shows the exit code and the whole output. Saves
// media/screenshots/live-output.png (the card while the command still runs).
import { strict as assert } from 'assert';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, shots, type Workbench } from './workbench';

const COMMAND = 'echo first; sleep 3; echo second';
const SCRIPT = {
  turns: [{ text: 'Running it.', toolUses: [{ name: 'bash', input: { command: COMMAND } }] }, { text: 'Both lines printed.' }],
};

describe('Live command output in the panel', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let panel: FrameLocator;

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT, settings: { 'lucid.approval.commands': 'allow' } });
    ({ page } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('shows a running command\'s output as it comes, with its elapsed time, then the exit code', async () => {
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('Print two lines slowly');
    await panel.getByTestId('send-button').click();
    const card = panel.locator('[data-testid="chat-item"][data-kind="tool"]').filter({ hasText: COMMAND });
    await card.locator('[data-status="running"]').waitFor({ timeout: 60_000 });
    await card.locator('pre.output').filter({ hasText: 'first' }).waitFor({ timeout: 10_000 });
    assert.match(await card.innerText(), /running… \d+s/, 'the running card counts its seconds');
    assert.doesNotMatch((await card.locator('pre.output').textContent()) ?? '', /second/, '"first" shows before the command has printed "second"');
    assert.equal(await card.locator('[data-status="running"]').count(), 1, 'the command is still running');
    await page.screenshot({ path: path.join(shots, 'live-output.png') });
    assert.equal(await card.locator('[data-status="running"]').count(), 1, 'the screenshot shows the command still running');
    await card.locator('[data-status="ok"]').waitFor({ timeout: 30_000 });
    assert.match(await card.innerText(), /exit 0/);
    assert.match(await card.locator('pre.output').textContent() ?? '', /first\s+second/);
    await panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'Both lines printed.' }).waitFor({ timeout: 30_000 });
  });
});
