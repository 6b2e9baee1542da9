// Outcomes in a real extension host: "Lucid: Define Outcome" is contributed (palette and the view's title bar) and,
// called with an argument, attaches an outcome read from the team's rubric without asking anything; an outcome
// that is not valid is refused and nothing is attached.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lucid-dev.lucid';

/** What the command returns (PendingOutcome in src/shared/panelState.ts), as far as the tests read it. */
interface PendingOutcome {
  description: string;
  rubric: string;
  maxIterations: number;
  rubricName?: string;
  criteria: string[];
}

function workspace(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root && root.scheme === 'file', 'a workspace folder on disk is open');
  return root.fsPath;
}

describe('Lucid outcomes in a real extension host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    const rubrics = path.join(workspace(), '.agent-memory', 'rubrics');
    fs.mkdirSync(rubrics, { recursive: true });
    fs.writeFileSync(path.join(rubrics, 'default.md'), '# Done means\n\n- The README explains the build\n- run: `npm test`\n');
  });

  it('registers lucid.defineOutcome, in the palette and the panel title bar', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('lucid.defineOutcome'));
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
    const command = contributes.commands.find((c: { command: string }) => c.command === 'lucid.defineOutcome');
    assert.deepEqual([command?.title, command?.category], ['Define Outcome', 'Lucid']);
    assert.ok(contributes.menus['view/title'].some((m: { command: string; when: string }) => m.command === 'lucid.defineOutcome' && m.when === 'view == lucid.panel'));
  });

  it('attaches an outcome from a team rubric by name, without asking', async () => {
    const pending = await vscode.commands.executeCommand<PendingOutcome | undefined>('lucid.defineOutcome', { description: 'A README for new contributors', rubricName: 'default', maxIterations: 2 });
    assert.deepEqual(pending, {
      description: 'A README for new contributors',
      rubric: '# Done means\n\n- The README explains the build\n- run: `npm test`',
      maxIterations: 2,
      rubricName: 'default.md',
      criteria: ['The README explains the build', 'run: `npm test`'],
    });
  });

  it('attaches typed criteria with the default iteration limit', async () => {
    const pending = await vscode.commands.executeCommand<PendingOutcome | undefined>('lucid.defineOutcome', { description: 'Tests for add()', rubric: 'covers negative numbers\nrun: npm test' });
    assert.equal(pending?.maxIterations, 3);
    assert.deepEqual(pending?.criteria, ['covers negative numbers', 'run: npm test']);
    assert.equal(pending?.rubricName, undefined);
  });

  it('refuses an outcome that is not valid and attaches nothing', async () => {
    for (const args of [
      { description: '   ', rubric: '- a' },
      { description: 'x', rubric: '- a', maxIterations: 21 },
      { description: 'x', rubricName: 'no-such-rubric' },
      { description: 'x' },
    ]) {
      assert.equal(await vscode.commands.executeCommand('lucid.defineOutcome', args), undefined, JSON.stringify(args));
    }
  });
});
