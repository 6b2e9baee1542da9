// Anthropic's `memory_20250818` client tool over the memory store's `notes/` (seen by the model as /memories).
// A write to memory is an edit like any other: it goes through the approval policy first (`deny` refuses it,
// `ask` shows the change), and what the agent writes starts unverified (see memoryTool.ts).
import * as path from 'path';
import type { MemoryStore } from '../memory/memoryStore';
import { MemoryToolError, runMemoryCommand } from '../memory/memoryTool';
import { previewMemoryWrite } from '../memory/memoryToolPreview';
import { unifiedDiff } from './textEditorTool';
import { requestApproval, type AgentTool, type ToolOutcome } from './toolTypes';

const WRITES = new Set(['create', 'str_replace', 'insert', 'delete', 'rename']);

export function createMemoryNotesTool(store: MemoryStore, onWrite?: () => void): AgentTool {
  return {
    name: 'memory',
    definition: { type: 'memory_20250818', name: 'memory' },
    async run(input, ctx): Promise<ToolOutcome> {
      const started = Date.now();
      const command = String((input as { command?: unknown } | null)?.command ?? '');
      const file = String((input as { path?: unknown; old_path?: unknown }).path ?? (input as { old_path?: unknown }).old_path ?? '');
      const meta = { kind: 'edit' as const, file };
      const refused = (content: string): ToolOutcome => ({ content, isError: true, durationMs: Date.now() - started, meta });
      if (WRITES.has(command) && !ctx.trusted) return refused('The workspace is not trusted: memory notes cannot be written.');
      try {
        let run = input;
        let note = '';
        if (WRITES.has(command)) {
          const preview = await previewMemoryWrite(store.paths.notes, path.dirname(store.paths.root), input);
          if (preview) {
            const diff = unifiedDiff(preview.file, preview.before, preview.after);
            const decision = await requestApproval(ctx, { kind: 'edit', file: preview.file, diff, before: preview.before, after: preview.after });
            if (!decision.allowed) return refused(`The memory was not changed: ${decision.reason}`);
            const changed = decision.replacement !== undefined && decision.replacement !== preview.after ? userVersion(input, preview.before, decision.replacement) : undefined;
            if (changed) [run, note] = [changed, '\nThe user changed your proposed note before allowing it: what was written is their version.'];
          }
        }
        const content = await runMemoryCommand(store, run);
        if (WRITES.has(command)) onWrite?.();
        return { content: content + note, isError: false, durationMs: Date.now() - started, meta: command === 'view' ? { kind: 'view', file } : meta };
      } catch (err) {
        return refused(err instanceof MemoryToolError ? err.message : `Error: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** The command that writes the user's version of a proposed note instead of the agent's (create or edit). */
function userVersion(input: unknown, before: string | undefined, text: string): unknown {
  const cmd = input as { command: string; path?: string };
  if (cmd.command === 'create') return { ...cmd, file_text: text };
  if ((cmd.command === 'str_replace' || cmd.command === 'insert') && before !== undefined) {
    return { command: 'str_replace', path: cmd.path, old_str: before, new_str: text };
  }
  return undefined; // delete and rename have no text to change
}
