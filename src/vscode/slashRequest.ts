// A request typed as a slash command, from the host's side: what the panel does with `/name args` once the core
// has resolved it (resolveSlash): a custom command sends its prompt (the chat shows what was typed), Lucid's own
// commands act in the panel, an unknown one is an error listing those there are. Pure: no `vscode` import.
import type { SlashCommand, SlashResolution } from '../core/agent/slashCommands';
import type { SlashCommandView } from '../shared/panelState';

export type SlashAction =
  | { kind: 'send'; prompt: string; display: string }
  | { kind: 'compact' | 'clear' | 'cost' | 'memory' | 'dream' }
  | { kind: 'model'; model?: string }
  | { kind: 'error'; message: string };

/** What to do with a typed request (`typed` as the user wrote it). */
export function slashAction(typed: string, r: SlashResolution): SlashAction {
  switch (r.kind) {
    case 'none':
      return { kind: 'send', prompt: typed, display: typed };
    case 'prompt':
      return { kind: 'send', prompt: r.prompt, display: typed.trim() };
    case 'unknown':
      return { kind: 'error', message: `Unknown command /${r.name}. Available: ${r.available.map((n) => `/${n}`).join(', ')} (a project's own commands live in .claude/commands/).` };
    case 'built-in':
      if (r.name === 'model') return r.args ? { kind: 'model', model: r.args.split(/\s+/)[0] } : { kind: 'model' };
      return { kind: r.name };
  }
}

/** The list the panel offers when the input starts with `/`. */
export function slashCommandViews(commands: SlashCommand[]): SlashCommandView[] {
  return commands.map((c) => ({ name: c.name, description: c.description, ...(c.argumentHint ? { argumentHint: c.argumentHint } : {}), custom: !!c.file }));
}
