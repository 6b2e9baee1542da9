// The memory tab's list of the project's instruction files (CLAUDE.md, .claude/CLAUDE.md, AGENTS.md): which ones
// the agent reads, their size, and how much of each the cap leaves out (the cap is shared, in the files' order, as
// loadProjectInstructions applies it). Pure Node: no `vscode` import.
import { loadProjectInstructions, MAX_INSTRUCTION_CHARS } from '../core/agent/projectInstructions';
import type { MemoryViewData } from '../shared/panelState';

export async function instructionFiles(workspaceRoot: string, maxChars = MAX_INSTRUCTION_CHARS): Promise<NonNullable<MemoryViewData['instructions']>> {
  const { files } = await loadProjectInstructions(workspaceRoot, maxChars);
  let used = 0;
  return {
    maxChars,
    files: files.map(({ file, chars }) => {
      const kept = Math.min(chars, Math.max(0, maxChars - used));
      used += kept;
      return { file, chars, cut: chars - kept };
    }),
  };
}
