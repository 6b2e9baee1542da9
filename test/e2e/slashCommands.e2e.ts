// Browser end-to-end of slash commands and continued sessions in a real VS Code: `/` in the input lists Lucid's
// commands and the project's (.claude/commands/), keyboard first; a custom command's prompt reaches the model while
// the chat shows what was typed; every request ends with its token line and cost; `/cost` and `/compact` answer in
// the chat; `/memory` shows the Memory tab with the project's instruction files; `/model` picks the next requests'
// model; a reopened session is continued and the next request carries its earlier turns.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, type Workbench } from './workbench';

const SCRIPT = {
  turns: [
    { when: { lastUserTextContains: 'Fix issue #12' }, text: 'Fixed issue 12: the parser trims its input now.' },
    { when: { lastUserTextContains: 'And add a changelog line' }, text: 'Added the changelog line.' },
    { when: { systemContains: 'You summarise a coding session' }, text: 'Fixed issue 12 (the parser trims its input) and added a changelog line.' },
    { when: { lastUserTextContains: 'What did we do?' }, text: 'We fixed issue 12 and wrote the changelog.' },
  ],
};

type Req = { body?: { model?: string; system?: unknown; messages?: Array<{ role: string; content: unknown }> } };

describe('Slash commands and continued sessions in a real VS Code', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let panel: FrameLocator;
  const items = (kind: string) => panel.locator(`[data-testid="chat-item"][data-kind="${kind}"]`);
  const requests = async () => (await (await fetch(`${bench!.fakeUrl}/_fake/requests`)).json()) as Req[];
  const input = () => panel.getByTestId('prompt-input');
  const typeAndSend = async (text: string) => {
    await input().click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };

  before(async () => {
    bench = await openWorkbench({
      script: SCRIPT,
      prepare: (w) => {
        fs.mkdirSync(path.join(w, '.claude', 'commands'), { recursive: true });
        fs.writeFileSync(path.join(w, 'CLAUDE.md'), '# House rules\n\nRun `npm test` before you finish.\n');
        fs.writeFileSync(path.join(w, '.claude', 'commands', 'fix-issue.md'), '---\ndescription: Fix a GitHub issue\nargument-hint: <number>\n---\nFix issue #$ARGUMENTS and add a test.\n');
      },
    });
    page = bench.page;
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('typing / lists the commands; typing filters; arrows move; Escape closes', async () => {
    await input().click();
    await page.keyboard.type('/');
    const menu = panel.getByTestId('slash-menu');
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    const names = await panel.getByTestId('slash-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(names, ['compact', 'clear', 'model', 'cost', 'memory', 'dream', 'fix-issue']);
    assert.equal(await input().getAttribute('aria-controls'), 'slash-menu');
    assert.equal(await input().getAttribute('aria-activedescendant'), 'slash-option-0');
    await page.keyboard.press('ArrowDown');
    assert.equal(await panel.locator('[data-testid="slash-option"][aria-selected="true"]').getAttribute('data-name'), 'clear');
    assert.match(await panel.locator('[data-testid="slash-option"][data-name="fix-issue"]').innerText(), /\/fix-issue <number>\s+Fix a GitHub issue/);
    await page.keyboard.press('Escape');
    assert.equal(await menu.isHidden(), true);
    assert.equal(await input().getAttribute('aria-activedescendant'), null);
    await input().fill('');
  });

  it('runs a custom command: its prompt reaches the model, the chat shows what was typed, with the token line', async () => {
    await input().click();
    await page.keyboard.type('/fix');
    assert.deepEqual(await panel.getByTestId('slash-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))), ['fix-issue']);
    await page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), '/fix-issue ');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await items('assistant').filter({ hasText: 'Fixed issue 12' }).waitFor({ timeout: 60_000 });
    assert.equal(await items('user').first().innerText(), '/fix-issue 12');
    const last = (await requests()).at(-1)!;
    assert.match(JSON.stringify(last.body?.messages?.at(-1)?.content), /Fix issue #12 and add a test\./);
    const usage = panel.getByTestId('turn-usage').first();
    await usage.waitFor({ timeout: 10_000 });
    assert.match(await usage.innerText(), /^Σ\s*Tokens for this request: [\d.]+k? in · \d+ out( · [\d.]+k? from cache)? · \$\d+\.\d+$/);
  });

  it('/cost shows the session\'s tokens and cost; /compact folds the older turns and says so', async () => {
    await typeAndSend('And add a changelog line');
    await items('assistant').filter({ hasText: 'Added the changelog line' }).waitFor({ timeout: 60_000 });
    await typeAndSend('/cost');
    const cost = panel.getByTestId('cost-line');
    await cost.waitFor({ timeout: 10_000 });
    assert.match(await cost.innerText(), /This session \(claude-sonnet-4-6\): [\d.]+k? in \([\d.]+k? cache reads, [\d.]+k? cache writes\) · \d+ out · \$\d+\.\d+/);
    await typeAndSend('/compact');
    const marker = panel.getByTestId('compacted');
    await marker.waitFor({ timeout: 60_000 });
    assert.match(await marker.innerText(), /Compacted as asked \(\/compact\): \d+ older messages? folded into a summary\./);
    assert.ok((await requests()).some((r) => JSON.stringify(r.body?.system ?? '').includes('You summarise a coding session')), 'the summariser was asked');
  });

  it('an unknown command is an error listing the commands', async () => {
    await typeAndSend('/nope');
    const err = items('error').last();
    await err.waitFor({ timeout: 10_000 });
    assert.match(await err.innerText(), /Unknown command \/nope\. Available: \/compact, .*\/fix-issue/);
    assert.equal(await input().inputValue(), '/nope', 'the text comes back to be corrected');
    await input().fill('');
  });

  it('/memory shows the Memory tab; /model picks the model of the next requests', async () => {
    await typeAndSend('/memory');
    await panel.locator('[data-testid="tab-memory"][aria-selected="true"]').waitFor({ timeout: 10_000 });
    const claudeMd = panel.locator('[data-testid="instruction-file"][data-file="CLAUDE.md"]');
    await claudeMd.waitFor({ timeout: 10_000 });
    assert.match(await claudeMd.innerText(), /^CLAUDE\.md · \d+ characters · read whole$/);
    await panel.getByTestId('tab-chat').click();
    await typeAndSend('/model');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'claude-haiku-4-5' }).first().click({ timeout: 10_000 });
    await panel.getByTestId('info-line').filter({ hasText: 'Model for the next requests: claude-haiku-4-5.' }).waitFor({ timeout: 10_000 });
    const settings = JSON.parse(fs.readFileSync(path.join(bench!.workspace, '.vscode', 'settings.json'), 'utf8'));
    assert.equal(settings['lucid.model'], 'claude-haiku-4-5');
  });

  it('a reopened session is continued: the next request carries its earlier turns', async () => {
    await panel.getByTestId('new-session-button').click();
    await items('user').first().waitFor({ state: 'detached', timeout: 10_000 });
    const dir = path.join(bench!.workspace, '.agent-memory', 'sessions');
    const file = fs.readdirSync(dir).find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('Fix issue #12'))!;
    const id = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[0]).sessionId as string;
    await panel.getByTestId('history-button').click();
    await panel.locator(`[data-testid="session-link"][data-session-id="${id}"]`).first().click();
    await panel.getByTestId('continue-session').waitFor({ timeout: 10_000 });
    assert.equal(await panel.getByTestId('compacted').count(), 1, 'the replay shows the compaction');
    await panel.getByTestId('continue-session').click();
    await panel.getByTestId('info-line').filter({ hasText: 'Continuing this session' }).waitFor({ timeout: 10_000 });
    assert.ok((await items('assistant').count()) >= 2, 'the old items stay');
    await typeAndSend('What did we do?');
    await items('assistant').filter({ hasText: 'We fixed issue 12' }).waitFor({ timeout: 60_000 });
    const lastRequest = (await requests()).at(-1)!;
    assert.equal(lastRequest.body?.model, 'claude-haiku-4-5', 'the model picked with /model');
    const sent = JSON.stringify(lastRequest.body?.messages);
    assert.match(sent, /Fix issue #12 and add a test\./);
    assert.match(sent, /Added the changelog line\./);
    const continued = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8').split('\n')[0])).find((h) => h.resumedFrom === id);
    assert.ok(continued, 'the new transcript names the session it continues');
  });
});
