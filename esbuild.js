// Builds the bundles: the extension host's activation entry and the rest of the extension (cjs, `vscode` external;
// the entry requires the rest on first use, so activation does not load it), webview (browser iife), CLI (node,
// shebang), and the dream's session-reading worker.
// Type-checking is separate: `npm run typecheck`.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
  define: { LUCID_VERSION: JSON.stringify(require('./package.json').version) },
};

/** The activation entry's `require('./extensionMain')` stays a require of the sibling bundle. */
const mainBundleExternal = {
  name: 'extension-main-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/extensionMain$/ }, () => ({ path: './extensionMain.js', external: true }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [mainBundleExternal],
  },
  {
    ...common,
    entryPoints: ['src/vscode/extensionMain.ts'],
    outfile: 'dist/extensionMain.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The dream's session-reading workers (src/core/dream/sessionPool.ts starts `dreamWorker.js` next to itself).
    ...common,
    entryPoints: ['src/core/dream/dreamWorker.ts'],
    outfile: 'dist/dreamWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  require('fs').chmodSync('dist/cli.js', 0o755);
}

module.exports = { builds };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
