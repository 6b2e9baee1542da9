// The system prompt: stable instructions, then the memory (digest + the notes most relevant to the
// request). The last block carries `cache_control`, so tools + system form one cached prefix that every
// turn after the first reads from the cache.
import type { TextBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';

export interface PromptNote {
  id: string;
  /** Path under notes/ (the model sees it under /memories). */
  file: string;
  kind: string;
  title: string;
  body: string;
}

export interface MemoryContext {
  digest: string;
  notes: PromptNote[];
  tokens: number;
}

export interface SystemPromptInput {
  workspaceName: string;
  platform: string;
  memory: MemoryContext;
  trusted: boolean;
  /** A specialist's role (it works for a lead agent and reports back). */
  role?: { name: string; prompt: string };
  /** The tools it has (default: all). */
  tools?: string[];
  /** It can delegate to specialists. */
  delegates?: boolean;
  /** The project's own instructions (CLAUDE.md, AGENTS.md). */
  projectInstructions?: string;
}

const TOOL_LINES: Record<string, string> = {
  bash: '- Use `bash` to run commands in the workspace folder (no interactive input: pass flags such as --yes).',
  str_replace_based_edit_tool: '- Use `str_replace_based_edit_tool` to view and edit files; paths are relative to the workspace root.',
  search_workspace: '- Use `search_workspace` to find code.',
};

const MEMORY = `Memory: this repository has a memory in .agent-memory/, written by you, by Lucid's dreams and by the team.
- It is shown below, and notes whose triggers match a failing command are attached to that command's result.
- Prefer a remembered fix over rediscovering it. If a note turns out to be wrong, say so.`;

const SAVING = `- When you learn something durable and specific to this project (a command that must be run a certain
  way, a build error and its fix, a convention the user taught you), save it with the \`memory\` tool as a
  short note under /memories. Never save secrets, one-off facts, or things true of every project.`;

const DELEGATING = `Specialists: with the \`delegate\` tool you can hand a self-contained piece of work to a specialist (its own
context, the same repository and memory). Several \`delegate\` calls in one turn run in parallel; each returns the
specialist's report. Give each a complete task: it sees nothing of this conversation.`;

function instructions(input: SystemPromptInput): string {
  const has = (t: string) => !input.tools || input.tools.includes(t);
  const who = input.role
    ? `You are Lucid's \`${input.role.name}\` specialist, working for a lead agent inside the user's repository through tools.\n${input.role.prompt.trim()}\nYour final answer is your report to the lead: say what you found or did, with file paths and the exact commands.`
    : "You are Lucid, a coding agent working inside the user's repository through tools.";
  const tools = Object.entries(TOOL_LINES).filter(([t]) => has(t)).map(([, line]) => line);
  return [
    [who, ...tools, '- Keep changes focused on what was asked. When a command fails, read the error before retrying.'].join('\n'),
    [MEMORY, ...(has('memory') ? [SAVING] : [])].join('\n'),
    ...(input.delegates ? [DELEGATING] : []),
  ].join('\n\n');
}

function memoryText(memory: MemoryContext): string {
  const parts = ['<lucid-memory>'];
  parts.push(memory.digest.trim() || '(The memory is empty so far.)');
  if (memory.notes.length) {
    parts.push('', '## Notes relevant to this request');
    for (const n of memory.notes) parts.push('', `### ${n.title} (${n.kind}, /memories/${n.file})`, n.body.trim());
  }
  parts.push('</lucid-memory>');
  return parts.join('\n');
}

export function buildSystemPrompt(input: SystemPromptInput): TextBlockParam[] {
  const env = `Workspace: ${input.workspaceName}. Platform: ${input.platform}.${
    input.trusted ? '' : ' The workspace is NOT trusted: commands and edits will be refused; you can only read.'
  }`;
  const project = input.projectInstructions?.trim()
    ? `\n\n<project-instructions>\nThe project's own instructions for agents (follow them unless the user says otherwise):\n\n${input.projectInstructions.trim()}\n</project-instructions>`
    : '';
  return [
    { type: 'text', text: `${instructions(input)}\n\n${env}${project}` },
    { type: 'text', text: memoryText(input.memory), cache_control: { type: 'ephemeral' } },
  ];
}
