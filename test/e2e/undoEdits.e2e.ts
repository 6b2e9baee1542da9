// Browser end-to-end: after a request that edited files, "Undo these edits" puts them back; a file changed since
// the agent wrote it is overwritten only after VS Code's modal question. Saves media/screenshots/undo-edits.png (the
// line with "Undo these edits" after the request).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, shots, type Workbench } from './workbench';

const SCRIPT = {
  turns: [
    { text: 'Writing the note.', toolUses: [{ name: 'str_replace_based_edit_tool', input: { command: 'create', path: 'undo-me.txt', file_text: 'written by lucid\n' } }] },
    { text: 'Done: undo-me.txt is written.' },
  ],
};

describe('Undo a request\'s edits from the panel', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let workspace: string;
  let panel: FrameLocator;

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT, settings: { 'lucid.approval.edits': 'allow' } });
    ({ page, workspace } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('lists the edited file after the request and, after the modal question about a file changed since, puts it back', async () => {
    const file = path.join(workspace, 'undo-me.txt');
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('Write undo-me.txt');
    await panel.getByTestId('send-button').click();
    const line = panel.getByTestId('edits-line');
    await line.waitFor({ timeout: 60_000 });
    assert.match(await line.innerText(), /Edited 1 file: undo-me\.txt/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'written by lucid\n');
    await panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'Done: undo-me.txt is written.' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'undo-edits.png') });
    fs.writeFileSync(file, 'changed by me\n'); // a conflict: changed since Lucid wrote it
    await panel.getByTestId('undo-edits').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /undo-me\.txt changed since Lucid wrote it/);
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await panel.locator('[data-testid="edits-line"][data-state="undone"]').waitFor({ timeout: 30_000 });
    assert.match(await line.innerText(), /Undone: put back undo-me\.txt/);
    assert.equal(fs.existsSync(file), false, 'the file the request created is removed');
    assert.equal(await panel.getByTestId('undo-edits').count(), 0);
  });
});
