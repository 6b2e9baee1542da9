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
