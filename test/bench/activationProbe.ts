// Run as a script in a fresh Node process: loads the real bundle (dist/extension.js) with a do-nothing stand-in for
// the `vscode` module, calls activate(), and prints the milliseconds from before the bundle's require to the end of
// activate(), and those of the require alone, as JSON. The stand-in answers every property with another stand-in,
// so whatever the extension touches at activation costs nothing of its own: what is measured is the bundle.
import Module = require('module');
import { readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

const API_NAMES = ['window', 'commands', 'workspace', 'env', 'extensions', 'languages', 'authentication', 'tasks', 'debug', 'scm',
  'l10n', 'chat', 'lm', 'tests', 'notebooks', 'comments', 'version', 'Uri', 'EventEmitter', 'Disposable', 'ViewColumn', 'StatusBarAlignment',
  'ThemeColor', 'ThemeIcon', 'ProgressLocation', 'Range', 'Position', 'Selection', 'TreeItem', 'TreeItemCollapsibleState', 'MarkdownString',
  'RelativePattern', 'FileType', 'FileSystemError', 'ConfigurationTarget', 'CancellationTokenSource', 'CancellationError', 'LogLevel',
  'WorkspaceEdit', 'TextEdit', 'QuickPickItemKind', 'DiagnosticSeverity', 'TabInputText', 'TabInputTextDiff', 'FileChangeType',
  'FileDecoration', 'DataTransferItem', 'SnippetString', 'CodeAction', 'CodeActionKind', 'EndOfLine', 'UIKind', 'ColorThemeKind'];

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

function standIn(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {
    return standIn();
  };
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return function* () {};
      if (!cache.has(key)) cache.set(key, standIn());
      return cache.get(key);
    },
    set(_t, key, value) {
      cache.set(key, value);
      return true;
    },
    construct: () => standIn() as object,
  });
}

function fakeContext(root: string): unknown {
  const packageJSON = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const memento = new Map<string, unknown>();
  const state = { get: (k: string, d?: unknown) => (memento.has(k) ? memento.get(k) : d), update: async (k: string, v: unknown) => void memento.set(k, v), keys: () => [...memento.keys()] };
  const known: Record<string, unknown> = {
    subscriptions: [],
    extension: { packageJSON, id: 'lucid-dev.lucid' },
    extensionPath: root,
    workspaceState: state,
    globalState: { ...state, setKeysForSync: () => undefined },
  };
  const rest = standIn() as Record<PropertyKey, unknown>;
  return new Proxy(known, { get: (t, k) => (k in t ? t[k as string] : rest[k]) });
}

function main(): void {
  const bundle = path.resolve(process.argv[2] ?? 'dist/extension.js');
  // esbuild's `import * as vscode` copies the module's own keys: name the API's namespaces and classes.
  const api = standIn() as Record<string, unknown>;
  const vscode = Object.fromEntries(API_NAMES.map((k) => [k, api[k]]));
  const mod = Module as unknown as { _load: Loader };
  const load = mod._load;
  mod._load = (request, parent, isMain) => (request === 'vscode' ? vscode : load(request, parent, isMain));
  const t0 = performance.now();
  const ext = require(bundle) as { activate(ctx: unknown): unknown };
  const t1 = performance.now();
  ext.activate(fakeContext(path.dirname(path.dirname(bundle))));
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ requireMs: +(t1 - t0).toFixed(1), activationMs: +(t2 - t0).toFixed(1) })}\n`);
  // Timers the extension started (idle dreams, status polling) must not keep the probe alive.
  process.exit(0);
}

if (require.main === module) main();
