// Browser end-to-end of outcomes in a real VS Code: an outcome attached in the panel from the team's rubric
// (.agent-memory/rubrics/default.md), a request graded twice (the first grade sends the work back with the
// `run:` check unmet, the agent works again, the second grade is satisfied), the outcome card updated live through
// both iterations, and "Lucid: Define Outcome" from the command palette. Saves media/screenshots/outcome.png.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { openPanel, openWorkbench, runCommand, shots, type Workbench } from './workbench';

const AGENT = { systemContains: 'You are Lucid' };
const GRADER = { systemContains: 'strict, fair grader' };
const RUBRIC = '# What a greeting needs\n\n- The answer tells the reader where the greeting is\n- run: grep -q hello greeting.txt\n';

const grade = (result: string, met: [boolean, boolean], explanation: string) => ({
  when: GRADER,
  toolUses: [{
    name: 'grade_outcome',
    input: {
      criteria: [
        { criterion: 'The answer tells the reader where the greeting is', met: met[0], explanation: met[0] ? 'The answer names greeting.txt.' : 'The answer names no file.' },
        { criterion: 'run: grep -q hello greeting.txt', met: met[1], explanation: met[1] ? 'The file says hello.' : 'There is no greeting.txt yet.' },
      ],
      result,
      explanation,
    },
  }],
});

const SCRIPT = {
  turns: [
    { when: AGENT, text: 'The greeting will go in greeting.txt.' },
    grade('needs_revision', [true, false], 'greeting.txt does not exist yet: write it.'),
    { when: { ...AGENT, lastUserTextContains: 'needs revision' }, text: 'Writing it now.', toolUses: [{ name: 'bash', input: { command: 'echo hello > greeting.txt' } }] },
    { when: AGENT, text: 'Created **greeting.txt**; it says hello.' },
    grade('satisfied', [true, true], 'greeting.txt says hello and the answer names it.'),
  ],
};

describe('Outcomes in a real VS Code, in a real browser', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let workspace: string;
  let page: Page;
  let panel: FrameLocator;
  const card = () => panel.getByTestId('outcome-card');

  before(async () => {
    bench = await openWorkbench({
      script: SCRIPT,
      prepare: (w) => {
        const rubrics = path.join(w, '.agent-memory', 'rubrics');
        fs.mkdirSync(rubrics, { recursive: true });
        fs.writeFileSync(path.join(rubrics, 'api-docs.md'), '- Every exported function is documented\n');
        fs.writeFileSync(path.join(rubrics, 'default.md'), RUBRIC);
      },
    });
    ({ page, workspace } = bench);
    panel = await openPanel(page);
  });

  after(async () => {
    await bench?.close();
  });

  it('attaches an outcome from the team rubric in the panel: a chip above the input', async () => {
    await panel.getByTestId('outcome-button').click();
    const form = panel.getByTestId('outcome-form');
    await form.waitFor();
    assert.equal(await panel.getByTestId('outcome-rubric').inputValue(), 'default.md', 'default.md is offered first');
    assert.deepEqual(await panel.getByTestId('outcome-rubric').locator('option').allInnerTexts(), ['default.md', 'api-docs.md', 'Type criteria…']);
    assert.equal(await panel.getByTestId('outcome-criteria').inputValue(), RUBRIC);
    // The host checks what the form sends: without a description it says why, and the form keeps what was there.
    await panel.getByTestId('outcome-attach').click();
    const problem = panel.getByTestId('outcome-problem');
    await problem.waitFor();
    assert.match(await problem.innerText(), /Describe the result/);
    assert.equal(await problem.getAttribute('role'), 'alert');
    assert.equal(await panel.getByTestId('outcome-criteria').inputValue(), RUBRIC);
    assert.equal(await panel.getByTestId('outcome-chip').isVisible(), false);
    await panel.getByTestId('outcome-description-input').fill('A greeting.txt that says hello');
    assert.equal(await panel.getByTestId('outcome-max-iterations').inputValue(), '3');
    await panel.getByTestId('outcome-attach').click();
    const chip = panel.getByTestId('outcome-chip');
    await chip.waitFor();
    await form.waitFor({ state: 'hidden' });
    assert.equal(await problem.isVisible(), false);
    const text = await chip.innerText();
    assert.match(text, /Outcome: A greeting\.txt that says hello/);
    assert.match(text, /2 criteria from default\.md · up to 3 iterations/);
  });

  it('shows the outcome card through two iterations: sent back with the check unmet, then satisfied', async () => {
    await panel.getByTestId('prompt-input').click();
    await page.keyboard.type('Write a greeting file');
    await panel.getByTestId('send-button').click();
    await card().waitFor({ timeout: 60_000 });
    assert.equal(await panel.locator('[data-testid="chat-item"][data-kind="user"]').innerText(), 'Write a greeting file');
    await panel.getByTestId('outcome-chip').waitFor({ state: 'hidden' }); // the request took the outcome

    // Iteration 2 asks to run its command: by then the card shows the first grade and the iteration under way.
    const allow = panel.getByTestId('approve-allow');
    await allow.waitFor({ timeout: 60_000 });
    assert.equal(await card().getAttribute('data-phase'), 'working');
    assert.equal(await card().getByTestId('outcome-iteration').innerText(), 'Iteration 2 of 3');
    assert.deepEqual(await card().getByTestId('outcome-criterion').evaluateAll((els) => els.map((e) => e.getAttribute('data-met'))), ['true', 'false']);
    assert.match(await card().getByTestId('outcome-check').innerText(), /grep -q hello greeting\.txt\s*exit 2/);
    assert.match(await card().getByTestId('outcome-explanation').innerText(), /greeting\.txt does not exist yet/);
    const revision = panel.locator('[data-testid="chat-item"][data-kind="revision"]');
    assert.match(await revision.innerText(), /Sent back for revision: iteration 2 of 3/);
    await allow.click();

    await panel.locator('[data-testid="outcome-card"][data-result="satisfied"]').waitFor({ timeout: 60_000 });
    assert.equal(await card().getByTestId('outcome-iteration').innerText(), 'Iteration 2 of 3');
    assert.match(await card().getByTestId('outcome-status').innerText(), /✓\s*Satisfied/);
    const criteria = card().getByTestId('outcome-criterion');
    assert.deepEqual(await criteria.evaluateAll((els) => els.map((e) => e.getAttribute('data-met'))), ['true', 'true']);
    assert.match(await criteria.nth(0).innerText(), /The answer tells the reader where the greeting is/);
    assert.deepEqual(await criteria.locator('.sr-only').evaluateAll((els) => els.map((e) => e.textContent)), ['Met: ', 'Met: '], 'met is said in text, not only in colour');
    assert.match(await card().getByTestId('outcome-check').innerText(), /grep -q hello greeting\.txt\s*exit 0/);
    assert.match(await card().getByTestId('outcome-grades').innerText(), /iteration 1: needs revision \(1 of 2 met\) · iteration 2: satisfied \(2 of 2 met\)/);
    assert.equal(fs.readFileSync(path.join(workspace, 'greeting.txt'), 'utf8'), 'hello\n');
    await panel.locator('[data-testid="chat-item"][data-kind="assistant"]').filter({ hasText: 'it says hello' }).waitFor();
    await card().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'outcome.png') });
  });

  it('"Lucid: Define Outcome" picks a rubric (default.md first), asks for the result, and attaches it; the chip removes it', async () => {
    await runCommand(page, 'Lucid: Define Outcome');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'default.md' }).first().waitFor();
    assert.match(await rows.first().innerText(), /default\.md/);
    assert.ok((await rows.allInnerTexts()).some((t) => t.includes('Type criteria')), 'typing the criteria is offered');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').filter({ hasText: 'the result' }).waitFor();
    await page.locator('.quick-input-widget input').fill('Docs for the greeting');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').filter({ hasText: 'iterations' }).waitFor();
    assert.equal(await page.locator('.quick-input-widget input').inputValue(), '3');
    await page.keyboard.press('Enter');
    const chip = panel.getByTestId('outcome-chip');
    await chip.waitFor({ timeout: 30_000 });
    assert.match(await chip.innerText(), /Outcome: Docs for the greeting/);
    assert.match(await chip.innerText(), /2 criteria from default\.md · up to 3 iterations/);
    await panel.getByTestId('outcome-remove').click();
    await chip.waitFor({ state: 'hidden' });
  });
});
