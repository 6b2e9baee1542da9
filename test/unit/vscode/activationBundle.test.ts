// Activation loads only the small entry bundle: the side panel, the agent, dreams, secretlint and every library
// are in the second bundle, loaded on first use. Built here from the sources with the project's own esbuild config.
import { strict as assert } from 'assert';
import * as path from 'path';
import * as esbuild from 'esbuild';

const repo = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require(path.join(repo, 'esbuild.js')) as { builds: esbuild.BuildOptions[] };

async function bundle(outfile: string): Promise<{ inputs: string[]; text: string }> {
  const config = builds.find((b) => b.outfile === outfile);
  assert.ok(config, `esbuild.js builds ${outfile}`);
  const result = await esbuild.build({ ...config, absWorkingDir: repo, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const out = result.outputFiles.find((f) => f.path.endsWith(path.basename(outfile)))!;
  return { inputs: Object.keys(result.metafile.inputs), text: out.text };
}

describe('the activation bundle', function () {
  this.timeout(60_000);

  it('holds no library and none of the panel, agent or dream code; it requires the rest from its sibling bundle', async () => {
    const { inputs, text } = await bundle('dist/extension.js');
    assert.deepEqual(inputs.filter((i) => i.includes('node_modules')), [], 'no library is loaded at activation');
    for (const heavy of ['src/vscode/panelView.ts', 'src/core/agent/', 'src/core/memory/', 'src/core/dream/dreamRunner.ts', 'src/core/redact/secretlintScan.ts']) {
      assert.ok(!inputs.some((i) => i.startsWith(heavy)), `${heavy} is not in the activation bundle`);
    }
    assert.match(text, /require\("\.\/extensionMain\.js"\)/);
    assert.ok(text.length < 64 * 1024, `the activation bundle is ${Math.round(text.length / 1024)} KB`);
  });

  it('the rest is a bundle of its own that has the panel and what activation handed over', async () => {
    const { inputs } = await bundle('dist/extensionMain.js');
    for (const file of ['src/vscode/extensionMain.ts', 'src/vscode/panelView.ts', 'src/core/redact/secretlintScan.ts']) assert.ok(inputs.includes(file), file);
  });
});
