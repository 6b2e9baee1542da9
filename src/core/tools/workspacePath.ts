// Confines the paths tools touch to the workspace folder: no `..` escapes, no absolute paths elsewhere,
// no symlinks leading outside, nothing inside `.agent-memory/` (the memory tool's), and (for writes) nothing
// inside `.git/`.
import * as fs from 'fs';
import * as path from 'path';
import { ToolError } from './toolTypes';

export interface ResolveOptions {
  /** Also refuses paths inside a `.git` folder (git's internals are not for editing). */
  forWrite?: boolean;
}

/** The memory folder: notes change only through the memory tool, dreams and people's own editors. */
const MEMORY_FOLDER = '.agent-memory';

/** Percent-encoded `.`, `/`, `\` or NUL: a path written like a URL to slip past checks. */
const ENCODED_TRICK = /%(?:2e|2f|5c|00|25)/i;

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!path.isAbsolute(rel) && !/^\.\.(?:[\\/]|$)/.test(rel));
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync.native(root);
  } catch {
    throw new ToolError(`The workspace folder ${root} does not exist.`);
  }
}

/**
 * The real path the tool may use for `p` (relative to the workspace, or absolute inside it).
 * Symlinks are followed: the result is where the bytes actually live, and that must be inside the workspace too.
 * Throws ToolError with a message for the model when the path is refused.
 */
export function resolveInWorkspace(root: string, p: string, opts: ResolveOptions = {}): string {
  if (typeof p !== 'string' || p.trim() === '') throw new ToolError('A path is required.');
  if (p.includes('\0')) throw new ToolError(`Refused path ${JSON.stringify(p)}: it contains a NUL byte.`);
  if (ENCODED_TRICK.test(p)) {
    throw new ToolError(`Refused path ${JSON.stringify(p)}: percent-encoded characters are not decoded; write the path plainly.`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) throw new ToolError(`Refused path ${p}: give a file path, not a URL.`);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) {
    throw new ToolError(`Refused path ${p}: the home folder is outside the workspace; use a path relative to the workspace.`);
  }
  const lexicalRoot = path.resolve(root);
  const rootReal = realRoot(lexicalRoot);
  let abs: string;
  if (path.isAbsolute(p)) {
    abs = path.resolve(p);
    if (!isInside(lexicalRoot, abs) && !isInside(rootReal, abs)) {
      throw new ToolError(`Refused path ${p}: it is outside the workspace (${lexicalRoot}). Use a path inside the workspace.`);
    }
    if (isInside(lexicalRoot, abs) && !isInside(rootReal, abs)) abs = path.join(rootReal, path.relative(lexicalRoot, abs));
  } else {
    abs = path.resolve(rootReal, p);
    if (!isInside(rootReal, abs)) throw new ToolError(`Refused path ${p}: it leads outside the workspace.`);
  }
  const real = realOfNearestAncestor(abs, p);
  if (!isInside(rootReal, real)) {
    throw new ToolError(`Refused path ${p}: it goes through a symbolic link to ${real}, which is outside the workspace.`);
  }
  const first = path.relative(rootReal, real).split(/[\\/]/)[0].toLowerCase();
  if (first === MEMORY_FOLDER) {
    throw new ToolError(`Refused path ${p}: ${MEMORY_FOLDER}/ is Lucid's memory. Read and write notes with the memory tool ` +
      '(/memories/...); sessions and caches there are not for editing.');
  }
  if (opts.forWrite) {
    const parts = path.relative(rootReal, real).split(/[\\/]/);
    if (parts.some((s) => s.toLowerCase() === '.git')) {
      throw new ToolError(`Refused path ${p}: files inside .git are git's internals; use git commands instead.`);
    }
  }
  return real;
}

/** The real path of `abs`: realpath of its nearest existing ancestor, plus the part that does not exist yet. */
function realOfNearestAncestor(abs: string, shown: string): string {
  const tail: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...tail);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      let exists = false;
      try {
        fs.lstatSync(cur);
        exists = true;
      } catch {
        /* does not exist: go up */
      }
      if (exists) {
        // lstat sees it but realpath fails: a dangling symlink (or a loop), whose target we cannot check.
        throw new ToolError(`Refused path ${shown}: ${path.basename(cur)} is a symbolic link that cannot be resolved (${code}).`);
      }
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      tail.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

/** The workspace-relative form of a path resolveInWorkspace returned, with forward slashes (for messages and diffs). */
export function workspaceRelative(root: string, abs: string): string {
  const rel = path.relative(realRoot(path.resolve(root)), abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}
