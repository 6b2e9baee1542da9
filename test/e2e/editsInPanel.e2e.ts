// Browser end-to-end: the agent's edits in the real VS Code. A proposed edit opens in the diff editor with the
// proposal editable: the user changes it and saves, Allow writes the user's version, and the model is told. The
// edit's card reopens its diff later. "Restore to here" on the first request puts back its file and the later
// request's, asking about a file changed since (Skip those keeps it). Unsaved changes on the proposed side are
// asked about at Allow. Saves media/screenshots/edit-proposal.png.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, sendPrompt, shots, waitForReply, type Workbench } from './workbench';

const create = (file: string, text: string) => ({ name: 'str_replace_based_edit_tool', input: { command: 'create', path: file, file_text: text } });
const SCRIPT = {
  turns: [
    { text: 'Writing proposal.txt.', toolUses: [create('proposal.txt', 'from lucid\n')] },
    { text: 'Wrote proposal.txt.' },
    { text: 'Writing second.txt.', toolUses: [create('second.txt', 'second from lucid\n')] },
    { text: 'Wrote second.txt.' },
  ],
};

type Req = { body?: { messages?: Array<{ role: string; content: unknown }> } };

describe('Edits in the panel: an editable proposal, a past edit\u2019s diff, Restore to here', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let workspace: string;
  let panel: FrameLocator;
  const send = (text: string) => sendPrompt(page, panel, text);
  const reply = (text: string) => waitForReply(panel, text);
  const modifiedSide = () => page.locator('.monaco-diff-editor .editor.modified .view-lines').first();

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT, settings: { 'files.autoSave': 'off' } }); // unsaved changes are part of the test: no auto save
    ({ page, workspace } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('applies what the user saved on the proposed side, and tells the model', async () => {
    await send('Write proposal.txt');
    const allow = panel.getByTestId('approve-allow');
    await allow.waitFor({ timeout: 60_000 });
    assert.match(await panel.getByTestId('approval-edit-hint').innerText(), /Allow applies what you saved/);
    await page.locator('.tab', { hasText: 'proposal.txt (new file)' }).waitFor({ timeout: 30_000 });
    await modifiedSide().filter({ hasText: 'from lucid' }).waitFor({ timeout: 30_000 });
    await modifiedSide().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('edited by me\n');
    await page.locator('.tab.dirty', { hasText: 'proposal.txt' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+S');
    await page.locator('.tab.dirty', { hasText: 'proposal.txt' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'edit-proposal.png') });
    // More, unsaved: Allow asks first, and "Save and Apply" applies it too.
    await modifiedSide().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('and unsaved');
    await page.locator('.tab.dirty', { hasText: 'proposal.txt' }).waitFor({ timeout: 30_000 });
    await allow.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /proposal\.txt has unsaved changes/);
    await dialog.getByRole('button', { name: 'Save and Apply' }).click();
    await reply('Wrote proposal.txt.');
    assert.equal(fs.readFileSync(path.join(workspace, 'proposal.txt'), 'utf8'), 'edited by me\nand unsaved');
    const requests = (await (await fetch(`${bench!.fakeUrl}/_fake/requests`)).json()) as Req[];
    const told = JSON.stringify(requests.at(-1)?.body?.messages?.at(-1)?.content);
    assert.match(told, /The user modified your edit of proposal\.txt/);
    assert.match(told, /\+edited by me/);
    assert.equal(await page.locator('.tab', { hasText: 'proposal.txt (new file)' }).count(), 0, 'the proposal\u2019s diff is closed');
  });

  it('"Open diff" on the edit\u2019s card shows the content before and after that edit', async () => {
    const card = panel.locator('[data-testid="chat-item"][data-kind="tool"]').filter({ hasText: 'proposal.txt' });
    await card.getByTestId('open-edit-diff').click();
    await page.locator('.tab', { hasText: 'proposal.txt (created by Lucid)' }).waitFor({ timeout: 30_000 });
    await modifiedSide().filter({ hasText: 'and unsaved' }).waitFor({ timeout: 30_000 });
  });

  it('"Restore to here" puts back that request\u2019s files and the later ones; a file changed since can be skipped', async () => {
    await send('Write second.txt');
    await panel.getByTestId('approve-allow').click({ timeout: 60_000 });
    await reply('Wrote second.txt.');
    assert.equal(fs.readFileSync(path.join(workspace, 'second.txt'), 'utf8'), 'second from lucid\n');
    const lines = panel.getByTestId('edits-line');
    assert.deepEqual(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), ['superseded', 'undoable']);
    fs.writeFileSync(path.join(workspace, 'second.txt'), 'changed by me\n');
    await lines.first().getByTestId('restore-edits').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /second\.txt/);
    await dialog.getByRole('button', { name: 'Skip those' }).click();
    await panel.locator('[data-testid="edits-line"][data-state="undone"]').nth(1).waitFor({ timeout: 30_000 });
    assert.equal(fs.existsSync(path.join(workspace, 'proposal.txt')), false, 'the file the first request created is removed');
    assert.equal(fs.readFileSync(path.join(workspace, 'second.txt'), 'utf8'), 'changed by me\n', 'the file changed since is kept');
    assert.match(await lines.first().innerText(), /Undone: put back proposal\.txt/);
    await panel.locator('[data-testid="chat-item"][data-kind="info"]').filter({ hasText: 'Kept as they are' }).waitFor({ timeout: 10_000 });
  });
});
