// Anthropic's `memory_20250818` client tool over the memory store's `notes/` (seen by the model as /memories).
import type { MemoryStore } from '../memory/memoryStore';
import { MemoryToolError, runMemoryCommand } from '../memory/memoryTool';
import type { AgentTool, ToolOutcome } from './toolTypes';

const WRITES = new Set(['create', 'str_replace', 'insert', 'delete', 'rename']);

export function createMemoryNotesTool(store: MemoryStore, onWrite?: () => void): AgentTool {
  return {
    name: 'memory',
    definition: { type: 'memory_20250818', name: 'memory' },
    async run(input, ctx): Promise<ToolOutcome> {
      const started = Date.now();
      const command = String((input as { command?: unknown } | null)?.command ?? '');
      const path = String((input as { path?: unknown; old_path?: unknown }).path ?? (input as { old_path?: unknown }).old_path ?? '');
      const meta = { kind: 'edit' as const, file: path };
      if (WRITES.has(command) && !ctx.trusted) {
        return { content: 'The workspace is not trusted: memory notes cannot be written.', isError: true, durationMs: 0, meta };
      }
      try {
        const content = await runMemoryCommand(store, input);
        if (WRITES.has(command)) onWrite?.();
        return { content, isError: false, durationMs: Date.now() - started, meta: command === 'view' ? { kind: 'view', file: path } : meta };
      } catch (err) {
        const message = err instanceof MemoryToolError ? err.message : `Error: ${err instanceof Error ? err.message : String(err)}`;
        return { content: message, isError: true, durationMs: Date.now() - started, meta };
      }
    },
  };
}
