// Browser end-to-end: "Lucid: Add Selection to Chat" (ctrl+alt+l) attaches the editor's selection as a chip with
// its path and lines; an image dropped into the input becomes a chip; both go with the next request (the selection
// as a fenced block headed `path:start-end`, the image as an image block). Saves a screenshot for the README.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, shots, type Workbench } from './workbench';

const SCRIPT = { turns: [{ text: 'I see the imports and the image.' }] };
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type Req = { body?: { messages?: Array<{ role: string; content: Array<{ type: string; text?: string; source?: { media_type: string; data: string } }> | string }> } };

describe('Attach a selection and an image to a request', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let page: Page;
  let panel: FrameLocator;

  before(async () => {
    bench = await openWorkbench({ script: SCRIPT });
    ({ page } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('sends the selection with its path and lines, and the dropped image', async () => {
    // Focus the workbench (not the panel's webview) before Quick Open; the file search may take a moment to index.
    // Quick Open can miss the first Ctrl+P while the workbench is still starting: ask again until it shows.
    const quickOpen = page.locator('.quick-input-widget input');
    for (let i = 0; i < 5 && !(await quickOpen.isVisible()); i++) {
      await page.locator('.monaco-workbench .part.editor').first().click();
      await page.keyboard.press('Control+P');
      await quickOpen.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }
    await quickOpen.fill('src/index.ts');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 90_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown'); // lines 1-2 (the selection ends at the start of line 3)
    await page.keyboard.press('Control+Alt+L');
    const chip = panel.getByTestId('selection-chip');
    await chip.waitFor({ timeout: 30_000 });
    assert.match(await chip.innerText(), /src\/index\.ts:1-2/);
    await panel.getByTestId('prompt-input').evaluate((input, png) => {
      // Runs in the webview (the test's own lib has no DOM types).
      type Ctor = new (...args: unknown[]) => { items: { add(f: unknown): void } };
      const w = globalThis as unknown as { DataTransfer: Ctor; DragEvent: new (type: string, init: object) => Event; File: new (parts: unknown[], name: string, o: object) => unknown };
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([bytes], 'dot.png', { type: 'image/png' }));
      (input as { dispatchEvent(e: Event): boolean }).dispatchEvent(new w.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, PNG);
    await panel.getByTestId('image-chip').filter({ hasText: 'dot.png' }).waitFor({ timeout: 10_000 });
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('What do these lines import?');
    await page.screenshot({ path: path.join(shots, 'selection.png') });
    await panel.getByTestId('send-button').click();
    await panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'I see the imports' }).waitFor({ timeout: 60_000 });
    const user = panel.locator('[data-testid="chat-item"][data-kind="user"]').last();
    assert.match(await user.innerText(), /What do these lines import\?[\s\S]*src\/index\.ts:1-2/);
    assert.equal(await panel.getByTestId('selection-chip').count(), 0, 'the chips go with the request');
    assert.equal(await panel.getByTestId('image-chip').count(), 0);
    const requests = (await (await fetch(`${bench!.fakeUrl}/_fake/requests`)).json()) as Req[];
    const content = requests.at(-1)?.body?.messages?.at(-1)?.content;
    assert.ok(Array.isArray(content), 'the request has content blocks');
    const text = content.filter((b) => b.type === 'text').map((b) => b.text).join('\n');
    assert.match(text, /```src\/index\.ts:1-2\nimport \{ orderUrl, userUrl \} from '\.\/generated\/api';\n\n```/);
    assert.match(text, /What do these lines import\?/);
    const image = content.find((b) => b.type === 'image');
    assert.deepEqual(image?.source && [image.source.media_type, image.source.data], ['image/png', PNG]);
  });
});
