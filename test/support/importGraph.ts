// Reads the import graph of src/ (static imports, `export … from`, require() and import()) and checks it.
import * as fs from 'fs';
import * as path from 'path';

export interface ModuleInfo {
  specifiers: string[];
}

const IMPORT_RE = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Map from a path relative to src/ (forward slashes) to the specifiers it imports. */
export function scanSources(srcRoot: string): Map<string, ModuleInfo> {
  const out = new Map<string, ModuleInfo>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const text = fs.readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        const specifiers: string[] = [];
        for (const m of text.matchAll(IMPORT_RE)) specifiers.push(m[1] ?? m[2] ?? m[3]);
        out.set(path.relative(srcRoot, p).split(path.sep).join('/'), { specifiers });
      }
    }
  };
  walk(srcRoot);
  return out;
}

const layerOf = (file: string) => file.split('/')[0];

/** The layers each layer may import from (besides itself and packages). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  shared: [],
  cli: ['core', 'shared'],
  vscode: ['core', 'shared'],
  webview: ['shared'],
};

/**
 * Inside core, lower modules never import higher ones: the memory store knows nothing of dreams or sharing, and
 * the dream's stages point one way (read → plan → judge → apply; the runner on top). A prefix of a path may not
 * import any of the prefixes listed for it.
 */
const CORE_FORBIDDEN: Array<[string, string[]]> = [
  ['core/shell/', ['core/mcp/', 'core/specialists/', 'core/outcome/', 'core/dream/', 'core/memory/', 'core/agent/', 'core/tools/', 'core/import/', 'core/sharing/']],
  ['core/errors/', ['core/mcp/', 'core/specialists/', 'core/outcome/', 'core/dream/', 'core/memory/', 'core/agent/', 'core/tools/', 'core/import/', 'core/sharing/', 'core/sessions/']],
  ['core/sessions/', ['core/mcp/', 'core/specialists/', 'core/outcome/', 'core/dream/', 'core/memory/', 'core/agent/', 'core/tools/', 'core/import/', 'core/sharing/']],
  ['core/memory/', ['core/mcp/', 'core/specialists/', 'core/outcome/', 'core/dream/', 'core/sharing/', 'core/agent/', 'core/tools/', 'core/import/']],
  ['core/dream/', ['core/mcp/', 'core/specialists/', 'core/sharing/', 'core/agent/', 'core/tools/', 'core/import/', 'core/outcome/']],
  // Outcomes wrap the agent loop; the agent knows nothing of them (their event shapes live with the agent's events).
  ['core/agent/', ['core/mcp/', 'core/outcome/', 'core/dream/', 'core/specialists/']],
  ['core/specialists/', ['core/outcome/', 'core/dream/']],
  ['core/tools/', ['core/mcp/', 'core/specialists/', 'core/outcome/', 'core/agent/']],
  ['core/dream/read/', ['core/dream/plan/', 'core/dream/judge/', 'core/dream/apply/', 'core/dream/duplicates/', 'core/dream/dreamRunner']],
  ['core/dream/duplicates/', ['core/dream/plan/', 'core/dream/judge/', 'core/dream/apply/', 'core/dream/read/', 'core/dream/dreamRunner']],
  ['core/dream/plan/', ['core/dream/judge/', 'core/dream/apply/', 'core/dream/dreamRunner']],
  ['core/dream/judge/', ['core/dream/apply/', 'core/dream/dreamRunner']],
  ['core/dream/apply/', ['core/dream/judge/', 'core/dream/dreamRunner']],
];

function coreProblem(file: string, target: string): string | undefined {
  for (const [from, forbidden] of CORE_FORBIDDEN) {
    if (!file.startsWith(from)) continue;
    const hit = forbidden.find((f) => target.startsWith(f));
    if (hit) return `${file} imports ${target} (${from} may not import ${hit})`;
  }
  return undefined;
}

function resolve(graph: Map<string, ModuleInfo>, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (graph.has(cand)) return cand;
  return base.endsWith('.js') && graph.has(base.replace(/\.js$/, '.ts')) ? base.replace(/\.js$/, '.ts') : base;
}

export function findImportProblems(graph: Map<string, ModuleInfo>): string[] {
  const problems: string[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, info] of graph) {
    const layer = layerOf(file);
    if (/(^|\/)index\.tsx?$/.test(file)) problems.push(`${file} is a barrel (index.ts): import from the module that owns the thing`);
    const targets: string[] = [];
    for (const spec of info.specifiers) {
      if (spec === 'vscode' && layer !== 'vscode') problems.push(`${file} imports 'vscode' (only src/vscode may)`);
      const target = resolve(graph, file, spec);
      if (!target) continue;
      const tLayer = layerOf(target);
      if (tLayer !== layer && !(ALLOWED[layer] ?? []).includes(tLayer)) {
        problems.push(`${file} imports ${target} (${layer} may not import ${tLayer})`);
      }
      const inner = coreProblem(file, target);
      if (inner) problems.push(inner);
      if (graph.has(target)) targets.push(target);
    }
    edges.set(file, targets);
  }
  // Cycles: depth-first search, reporting each cycle once (by its smallest member).
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') {
        const cycle = stack.slice(stack.indexOf(m));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = rotated.join(' -> ');
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(`import cycle: ${key} -> ${rotated[0]}`);
        }
      } else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return problems;
}
