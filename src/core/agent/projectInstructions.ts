// The project's own instructions for agents: `CLAUDE.md` and `AGENTS.md` at the workspace root (and
// `.claude/CLAUDE.md`), the files Claude Code, Codex and others read, so a team's existing guidance applies here
// too. Lucid's own exported block in them (a copy of the memory digest) is left out: the memory is already in
// the prompt. Within a size cap; what is cut is said.
import * as fs from 'fs/promises';
import * as path from 'path';

export const INSTRUCTION_FILES = ['CLAUDE.md', '.claude/CLAUDE.md', 'AGENTS.md'];
/** About 6,000 tokens. */
export const MAX_INSTRUCTION_CHARS = 24_000;
const LUCID_BLOCK = /<!-- lucid:memory:start -->[\s\S]*?<!-- lucid:memory:end -->\n?/g;

export interface ProjectInstructions {
  /** What goes into the system prompt (empty when there are none). */
  text: string;
  files: Array<{ file: string; chars: number }>;
  /** Characters left out by the cap. */
  cut: number;
}

export async function loadProjectInstructions(workspaceRoot: string, maxChars = MAX_INSTRUCTION_CHARS): Promise<ProjectInstructions> {
  const parts: string[] = [];
  const files: ProjectInstructions['files'] = [];
  let used = 0;
  let cut = 0;
  for (const rel of INSTRUCTION_FILES) {
    let text: string;
    try {
      const file = path.join(workspaceRoot, rel);
      if (!(await fs.lstat(file)).isFile()) continue; // not a directory, not a symlink out of the workspace
      text = (await fs.readFile(file, 'utf8')).replace(LUCID_BLOCK, '').trim();
    } catch {
      continue;
    }
    if (!text) continue;
    const room = Math.max(0, maxChars - used);
    const kept = text.length > room ? text.slice(0, room) : text;
    cut += text.length - kept.length;
    used += kept.length;
    files.push({ file: rel, chars: text.length });
    if (kept) parts.push(`## ${rel}\n${kept}${kept.length < text.length ? `\n…[${text.length - kept.length} characters of ${rel} left out: the instructions are capped]` : ''}`);
  }
  return { text: parts.join('\n\n'), files, cut };
}

/**
 * Nested instructions: once the agent works on a file below a folder that has its own CLAUDE.md or AGENTS.md
 * (below the root, whose files are in the system prompt), that folder's instructions, once per session.
 */
export class NestedInstructions {
  private readonly seen = new Set<string>();

  constructor(private readonly root: string, private readonly maxChars = MAX_INSTRUCTION_CHARS / 4) {}

  /** The instructions newly in force for `file` (absolute or workspace-relative), or undefined. */
  async for(file: string): Promise<string | undefined> {
    const abs = path.resolve(this.root, file);
    const rel = path.relative(this.root, path.dirname(abs));
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const parts: string[] = [];
    const dirs = rel.split(path.sep).map((_, i, all) => all.slice(0, i + 1).join(path.sep));
    for (const dir of dirs) {
      for (const name of ['CLAUDE.md', 'AGENTS.md']) {
        const f = path.join(this.root, dir, name);
        if (this.seen.has(f)) continue;
        this.seen.add(f);
        try {
          if (!(await fs.lstat(f)).isFile()) continue;
          const text = (await fs.readFile(f, 'utf8')).replace(LUCID_BLOCK, '').trim();
          const shown = `${dir.split(path.sep).join('/')}/${name}`;
          if (text) parts.push(`Instructions in ${shown} (they apply to work in ${dir.split(path.sep).join('/')}/):\n${text.length > this.maxChars ? `${text.slice(0, this.maxChars)}\n…[cut]` : text}`);
        } catch {
          // no such file
        }
      }
    }
    return parts.length ? parts.join('\n\n') : undefined;
  }
}
