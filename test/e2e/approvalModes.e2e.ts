// Browser end-to-end: the approval mode switch above the input. Plan: the request asks for a plan and changes
// nothing; "Approve plan" turns plan mode off and sends "Go ahead with the plan." (the edit is then asked for, as
// the settings say). Accept edits: the next edit is applied without a question.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, sendPrompt, waitForReply, type Workbench } from './workbench';

const create = (file: string, text: string) => ({ name: 'str_replace_based_edit_tool', input: { command: 'create', path: file, file_text: text } });
const SCRIPT = {
  turns: [
    { text: 'Plan: 1. create plan.txt with the word planned.' },
    { text: 'Creating it.', toolUses: [create('plan.txt', 'planned\n')] },
    { text: 'Created plan.txt.' },
    { text: 'Creating auto.txt.', toolUses: [create('auto.txt', 'accepted\n')] },
    { text: 'Created auto.txt.' },
  ],
};

type Req = { body?: { messages?: Array<{ role: string; content: unknown }> } };

describe('Approval modes in the panel', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let workspace: string;
  let panel: FrameLocator;
  const send = (text: string) => sendPrompt(page, panel, text);
  const reply = (text: string) => waitForReply(panel, text);

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT });
    ({ page, workspace } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('Plan: asks for a plan; "Approve plan" turns plan mode off and sends the go-ahead', async () => {
    const mode = panel.getByTestId('approval-mode');
    assert.equal(await mode.inputValue(), 'ask');
    await mode.selectOption('plan');
    await send('Add plan.txt');
    await reply('Plan: 1. create plan.txt');
    const requests = (await (await fetch(`${bench!.fakeUrl}/_fake/requests`)).json()) as Req[];
    assert.match(JSON.stringify(requests.at(-1)?.body?.messages?.at(-1)?.content), /Plan mode: change nothing yet/);
    await panel.getByTestId('approve-plan').click();
    await panel.locator('[data-testid="chat-item"][data-kind="user"]').filter({ hasText: 'Go ahead with the plan.' }).waitFor({ timeout: 30_000 });
    await panel.getByTestId('approve-allow').click({ timeout: 60_000 }); // back to asking: the edit is asked for
    await reply('Created plan.txt.');
    assert.equal(fs.readFileSync(path.join(workspace, 'plan.txt'), 'utf8'), 'planned\n');
    assert.equal(await mode.inputValue(), 'ask');
    assert.match(await panel.locator('[data-testid="plan-line"]').innerText(), /Plan approved/);
  });

  it('Accept edits: the next edit is applied without a question', async () => {
    const mode = panel.getByTestId('approval-mode');
    await mode.selectOption('acceptEdits');
    await send('Add auto.txt');
    await reply('Created auto.txt.');
    assert.equal(fs.readFileSync(path.join(workspace, 'auto.txt'), 'utf8'), 'accepted\n');
    assert.equal(await panel.locator('[data-testid="chat-item"][data-kind="approval"]').count(), 1, 'only the edit made in ask mode was asked for');
    assert.equal(await mode.inputValue(), 'acceptEdits');
  });
});
