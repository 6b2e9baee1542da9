// Path confinement for the memory tool: the model addresses `/memories/...`, which maps onto
// `.agent-memory/notes/`. Nothing the model sends may reach outside that folder, lexically or through a symlink.
import * as fs from 'fs/promises';
import * as path from 'path';

export const MEMORY_TOOL_ROOT = '/memories';

/** An error to return to the model as the tool result, with `is_error: true`. */
export class MemoryToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MemoryToolError';
  }
}

export interface ToolPath {
  /** As the model wrote it, for messages. */
  display: string;
  /** Relative to `notes/` with forward slashes; '' for `/memories` itself. */
  rel: string;
  /** Absolute path on disk. */
  full: string;
}

// Control characters, and characters Windows does not allow in file names (the notes are shared through git).
const BAD_CHARS = /[\u0000-\u001f\u007f:*?"<>|]/;

/**
 * Checks a model-supplied path and maps it into `notesDir`. Throws MemoryToolError, saying why.
 * `boundary` (the workspace) must contain the real notes folder: a cloned repository could ship
 * `.agent-memory/notes` as a link to the user's home.
 */
export async function resolveToolPath(notesDir: string, toolPath: unknown, boundary?: string): Promise<ToolPath> {
  if (typeof toolPath !== 'string' || toolPath === '') throw new MemoryToolError('A path is required, e.g. /memories/notes.md');
  const display = toolPath;
  const shown = JSON.stringify(display);
  if (display.includes('\0')) throw new MemoryToolError(`Path ${shown} contains a NUL character.`);
  if (display.includes('\\')) throw new MemoryToolError(`Path ${shown} contains a backslash: use / to separate folders.`);
  if (/%[0-9a-fA-F]{2}/.test(display)) {
    throw new MemoryToolError(`Path ${shown} contains percent-encoding (like %2e or %2f): write paths as plain text.`);
  }
  if (display !== MEMORY_TOOL_ROOT && !display.startsWith(`${MEMORY_TOOL_ROOT}/`)) {
    throw new MemoryToolError(`Path must start with ${MEMORY_TOOL_ROOT}, got: ${display}`);
  }
  const segments = display.slice(MEMORY_TOOL_ROOT.length).split('/').filter((s) => s !== '' && s !== '.');
  for (const s of segments) {
    if (s === '..') throw new MemoryToolError(`Path ${shown} contains "..": memory paths cannot leave ${MEMORY_TOOL_ROOT}.`);
    if (s.startsWith('.')) throw new MemoryToolError(`Path ${shown} names a hidden file or folder (${s}): not allowed in memory.`);
    if (BAD_CHARS.test(s)) {
      throw new MemoryToolError(`Path ${shown} contains a character not allowed in file names (control characters or : * ? " < > |).`);
    }
  }
  const root = path.resolve(notesDir);
  const full = path.join(root, ...segments);
  if (!inside(root, full)) {
    throw new MemoryToolError(`Path ${shown} would leave ${MEMORY_TOOL_ROOT}.`);
  }
  await refuseSymlinkEscape(root, full, shown, boundary);
  return { display, rel: segments.join('/'), full };
}

/**
 * The real path of the nearest existing ancestor of `full` (or of `full` itself) must stay inside the real
 * notes folder; otherwise a link inside `notes/` (e.g. `notes/x -> /etc`) would let the model read or write outside.
 */
async function refuseSymlinkEscape(root: string, full: string, shown: string, boundary?: string): Promise<void> {
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing exists yet, so nothing can be a link
    throw err;
  }
  if (boundary !== undefined && !inside(await fs.realpath(boundary), realRoot)) {
    throw new MemoryToolError(`The memory folder is a symbolic link to a place outside the workspace: refused (${shown}).`);
  }
  for (let current = full; ; current = path.dirname(current)) {
    try {
      await fs.lstat(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      if (current === root || path.dirname(current) === current) return;
      continue;
    }
    let real: string;
    try {
      real = await fs.realpath(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new MemoryToolError(`Path ${shown} goes through a broken symbolic link: refused.`);
      if (code === 'ELOOP') throw new MemoryToolError(`Path ${shown} goes through a symbolic link loop: refused.`);
      throw err;
    }
    if (!inside(realRoot, real)) {
      throw new MemoryToolError(`Path ${shown} resolves outside ${MEMORY_TOOL_ROOT} through a symbolic link: refused.`);
    }
    return;
  }
}

function inside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}
