// The specialists' settings in a real extension host: `lucid.agents.enabled` (on by default) and
// `lucid.agents.maxParallel` (3 by default, 1 to 8) are contributed and read with their defaults; a workspace can
// turn specialists off. (The browser test shows what the lead does with each: test/e2e/specialists.e2e.ts.)
import { strict as assert } from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lucid-dev.lucid';

describe('Lucid specialists settings in a real extension host', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('contributes lucid.agents.enabled and lucid.agents.maxParallel with their bounds', () => {
    const props = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties;
    assert.deepEqual([props['lucid.agents.enabled'].type, props['lucid.agents.enabled'].default], ['boolean', true]);
    const parallel = props['lucid.agents.maxParallel'];
    assert.deepEqual([parallel.type, parallel.default, parallel.minimum, parallel.maximum], ['integer', 3, 1, 8]);
  });

  it('reads the defaults, and a workspace value over them', async () => {
    const config = () => vscode.workspace.getConfiguration('lucid');
    assert.equal(config().get('agents.enabled'), true);
    assert.equal(config().get('agents.maxParallel'), 3);
    await config().update('agents.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(config().get('agents.enabled'), false);
      assert.equal(config().inspect('agents.enabled')?.workspaceValue, false);
    } finally {
      await config().update('agents.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(config().get('agents.enabled'), true);
  });
});
