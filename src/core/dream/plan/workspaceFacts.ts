// What the code defines, read once per dream so notes can be checked against it (see staleCheck.ts):
// package.json scripts, Makefile targets, justfile recipes, local binaries, and a cached "does this path exist".
//
// Where it looks (bounded, so a huge monorepo costs a few hundred directory reads at most):
// - the root, the packages of npm/yarn `workspaces` and of `pnpm-workspace.yaml` (`*` and `**` globs, `**` at
//   most 3 levels deep, at most MAX_PACKAGES packages), and every folder one or two levels below the root
//   (undeclared sub-projects such as `web/` or `services/api/`), skipping dot folders and build output;
// - in each of those folders: `package.json`, `Makefile`/`makefile`/`GNUmakefile`, `justfile`/`Justfile`/`.justfile`,
//   and the names in `node_modules/.bin`.
// A fact set is `undefined` when nothing of its kind was found, and marked incomplete when a file could not be
// read or parsed (the root's or a workspace package's package.json), or a Makefile/justfile includes others (targets could come from anywhere): the check never
// calls a citation stale on an incomplete or missing fact set.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

export interface NameFacts {
  names: ReadonlySet<string>;
  /** Make pattern rules (`%.pb.go`), as regular expressions over a target name. */
  patterns: readonly RegExp[];
  /** False when some definition could not be read, so a missing name proves nothing. */
  complete: boolean;
}

export interface WorkspaceFacts {
  /** Scripts of every package.json found; undefined when the workspace has no package.json. */
  scripts?: NameFacts;
  /** Makefile targets; undefined when there is no Makefile. */
  makeTargets?: NameFacts;
  /** justfile recipes; undefined when there is no justfile. */
  justRecipes?: NameFacts;
  /** Names in any `node_modules/.bin` found; undefined when nothing is installed (a fresh clone). */
  binaries?: ReadonlySet<string>;
  /** Whether a path relative to the workspace root exists (cached). */
  exists(relPath: string): boolean;
}

const MAX_PACKAGES = 500;
const MAX_SCAN_DIRS = 400;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', 'target', 'vendor', 'tmp', 'temp']);
const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];
const JUSTFILES = ['justfile', 'Justfile', '.justfile'];

/** A cached existence test relative to `root`; paths escaping the root count as existing (not ours to judge). */
export function existsChecker(root: string): (relPath: string) => boolean {
  const cache = new Map<string, boolean>();
  return (relPath) => {
    const rel = path.posix.normalize(relPath.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
    if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return true;
    let hit = cache.get(rel);
    if (hit === undefined) {
      hit = fs.existsSync(path.join(root, rel));
      cache.set(rel, hit);
    }
    return hit;
  };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Expands workspace globs (`packages/*`, `apps/**`, `tools/cli`) to folders relative to root. */
async function expandWorkspaceGlobs(root: string, globs: string[]): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (rel: string, segs: string[], budget: number): Promise<void> => {
    if (found.size >= MAX_PACKAGES) return;
    if (segs.length === 0) {
      found.add(rel || '.');
      return;
    }
    const [seg, ...rest] = segs;
    if (seg === '**') {
      await walk(rel, rest, budget);
      if (budget > 0) for (const d of await subdirs(path.join(root, rel))) await walk(path.posix.join(rel, d), segs, budget - 1);
    } else if (/[*?[{]/.test(seg)) {
      const re = new RegExp(`^${seg.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      for (const d of await subdirs(path.join(root, rel))) if (re.test(d)) await walk(path.posix.join(rel, d), rest, budget);
    } else if (seg !== '.' && seg !== '..') {
      await walk(path.posix.join(rel, seg), rest, budget);
    }
  };
  for (const g of globs) {
    if (typeof g !== 'string' || g.startsWith('!')) continue;
    await walk('', g.replace(/^\.\//, '').split('/').filter(Boolean), 3);
  }
  return [...found];
}

async function workspaceGlobs(root: string, rootPkg: Record<string, unknown> | undefined): Promise<string[]> {
  const globs: string[] = [];
  const ws = rootPkg?.workspaces;
  if (Array.isArray(ws)) globs.push(...ws.filter((x): x is string => typeof x === 'string'));
  else if (ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages)) {
    globs.push(...((ws as { packages: unknown[] }).packages.filter((x): x is string => typeof x === 'string')));
  }
  const pnpm = await readText(path.join(root, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) {
    try {
      const doc = YAML.parse(pnpm) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) globs.push(...doc.packages.filter((x): x is string => typeof x === 'string'));
    } catch {
      /* an unreadable pnpm-workspace.yaml: its packages are still covered by the shallow scan */
    }
  }
  return globs;
}

/**
 * The folders (relative, '.' for the root) whose package.json, Makefile and justfile count, each marked `declared`
 * when it is the root or a workspace package (only those make the scripts incomplete when their package.json is
 * broken: a scanned folder may hold a deliberately broken test fixture).
 */
async function projectDirs(root: string, rootPkg: Record<string, unknown> | undefined): Promise<Array<{ dir: string; declared: boolean }>> {
  const declared = new Set<string>(['.', ...(await expandWorkspaceGlobs(root, await workspaceGlobs(root, rootPkg)))]);
  const dirs = new Set<string>(declared);
  let budget = MAX_SCAN_DIRS;
  for (const d1 of await subdirs(root)) {
    if (budget-- <= 0) break;
    dirs.add(d1);
    for (const d2 of await subdirs(path.join(root, d1))) {
      if (budget-- <= 0) break;
      dirs.add(`${d1}/${d2}`);
    }
  }
  return [...dirs].sort().map((dir) => ({ dir, declared: declared.has(dir) }));
}

/** Targets of a Makefile: `^name [name…]:` lines, minus special (`.PHONY`) targets; `%` rules become patterns. */
export function parseMakefile(text: string): { names: string[]; patterns: RegExp[]; complete: boolean } {
  const names: string[] = [];
  const patterns: RegExp[] = [];
  let complete = true;
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (/^\s*-?include\s|^\s*sinclude\s/.test(line)) complete = false;
    const m = /^([^\t#:=][^:=#]*?)\s*(?:::(?!=)|:(?![:=])|&:)/.exec(line);
    if (!m || /^\s*(?:export|override|define|ifn?eq|ifn?def|else|endif)\b/.test(m[1])) continue;
    for (const name of m[1].trim().split(/\s+/)) {
      if (name.includes('$')) complete = false;
      else if (name.includes('%')) patterns.push(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('%', '.+')}$`));
      else if (!name.startsWith('.') || name.includes('/')) names.push(name);
    }
  }
  return { names, patterns, complete };
}

/** Recipes of a justfile: `name args…:` lines (not `:=` assignments) and `alias name := …`. */
export function parseJustfile(text: string): { names: string[]; complete: boolean } {
  const names: string[] = [];
  let complete = true;
  for (const line of text.split(/\r?\n/)) {
    if (/^(?:import|mod)\b/.test(line)) complete = false;
    const alias = /^alias\s+([\w-]+)\s*:=/.exec(line);
    if (alias) names.push(alias[1]);
    const m = /^@?([A-Za-z_][\w-]*)(?:\s+[^:]*)?:(?![=:])/.exec(line);
    if (m && !/^(?:set|export|alias)$/.test(m[1])) names.push(m[1]);
  }
  return { names, complete };
}

class NameCollector {
  private readonly names = new Set<string>();
  private readonly patterns: RegExp[] = [];
  private complete = true;
  private found = false;

  add(names: Iterable<string>, complete: boolean, patterns: RegExp[] = []): void {
    this.found = true;
    for (const n of names) this.names.add(n);
    this.patterns.push(...patterns);
    this.complete &&= complete;
  }

  facts(): NameFacts | undefined {
    return this.found ? { names: this.names, patterns: this.patterns, complete: this.complete } : undefined;
  }
}

/** Reads the workspace's scripts, targets, recipes and binaries once; see the top of this file for the rules. */
export async function readWorkspaceFacts(root: string): Promise<WorkspaceFacts> {
  const parseJson = (text: string | undefined): Record<string, unknown> | null | undefined => {
    if (text === undefined) return undefined;
    try {
      const v = JSON.parse(text) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const rootPkg = parseJson(await readText(path.join(root, 'package.json')));
  const scripts = new NameCollector();
  const make = new NameCollector();
  const just = new NameCollector();
  const binaries = new Set<string>();
  let sawBin = false;
  for (const { dir, declared } of await projectDirs(root, rootPkg ?? undefined)) {
    const abs = path.join(root, dir);
    const pkg = dir === '.' ? rootPkg : parseJson(await readText(path.join(abs, 'package.json')));
    if (pkg === null) {
      if (declared) scripts.add([], false);
    }
    else if (pkg) {
      const s = pkg.scripts;
      scripts.add(s && typeof s === 'object' ? Object.keys(s) : [], true);
    }
    for (const name of MAKEFILES) {
      const text = await readText(path.join(abs, name));
      if (text === undefined) continue;
      const parsed = parseMakefile(text);
      make.add(parsed.names, parsed.complete, parsed.patterns);
      break; // make reads the first of GNUmakefile, makefile, Makefile
    }
    for (const name of JUSTFILES) {
      const text = await readText(path.join(abs, name));
      if (text === undefined) continue;
      const parsed = parseJustfile(text);
      just.add(parsed.names, parsed.complete);
      break;
    }
    try {
      for (const b of await fs.promises.readdir(path.join(abs, 'node_modules', '.bin'))) binaries.add(b);
      sawBin = true;
    } catch {
      /* nothing installed here */
    }
  }
  return {
    scripts: scripts.facts(),
    makeTargets: make.facts(),
    justRecipes: just.facts(),
    binaries: sawBin ? binaries : undefined,
    exists: existsChecker(root),
  };
}
