// What kind of tool a call used, by its name, across agents: Lucid (`bash`, `str_replace_based_edit_tool`),
// Claude Code (`Bash`, `Edit`, `Read`, `Grep`…), Cline and others (`execute_command`, `write_to_file`…). MCP tools
// (`mcp__server__tool`) and anything unknown are `other`.

export type StepKind = 'shell' | 'edit' | 'read' | 'search' | 'other';

const SHELL = new Set(['bash', 'Bash', 'shell', 'execute_command', 'run_terminal_cmd', 'run_command', 'terminal', 'exec_command']);
const EDIT = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'write_to_file', 'replace_in_file', 'apply_diff', 'edit_file', 'create_file', 'insert_content', 'search_and_replace']);
const READ = new Set(['Read', 'read_file', 'view_file', 'NotebookRead', 'open_file']);
const SEARCH = new Set(['Grep', 'Glob', 'LS', 'search_workspace', 'search_files', 'list_files', 'codebase_search', 'grep_search', 'file_search', 'list_dir']);
const TEXT_EDITOR = /^str_replace_(?:based_)?edit(?:or|_tool)?$/;

export function stepKindOf(name: string, input: Record<string, unknown>): StepKind {
  if (SHELL.has(name)) return typeof input.command === 'string' ? 'shell' : 'other';
  if (TEXT_EDITOR.test(name)) return input.command === 'view' ? 'read' : 'edit';
  if (EDIT.has(name)) return 'edit';
  if (READ.has(name)) return 'read';
  if (SEARCH.has(name)) return 'search';
  return 'other';
}

/** The file an edit or read tool works on. */
export function targetOf(name: string, input: Record<string, unknown>): string | undefined {
  if (SHELL.has(name)) return undefined;
  const t = input.path ?? input.file_path ?? input.notebook_path ?? input.target_file ?? input.filename;
  return typeof t === 'string' && t ? t : undefined;
}
