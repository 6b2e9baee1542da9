// `lucid import claude-code [--from DIR|FILE] [--workspace DIR] [--skip-sidechains] [--json]`
import * as path from 'path';
import { parseArgs } from 'util';
import { importClaudeCode, type ImportResult } from '../core/import/claudeCodeImport';
import { CliError, type CliIo } from './cliIo';

export const IMPORT_USAGE = `Usage: lucid import claude-code [--from DIR|FILE] [--workspace DIR] [--skip-sidechains] [--json]
       Imports Claude Code session transcripts (default: ~/.claude/projects/<workspace path>/) into
       .agent-memory/sessions/, redacted; running it again imports only what is new or grew.`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(r: ImportResult, workspace: string): string {
  const rel = (f: string) => path.relative(workspace, f) || f;
  const lines = [`From ${r.from}:`];
  for (const s of r.imported) lines.push(`  ${s.replaced ? 'updated ' : 'imported'} ${s.sessionId} → ${rel(s.file)} (${plural(s.events, 'event')})`);
  const already = r.skipped.filter((s) => s.reason === 'already imported').length;
  const empty = r.skipped.length - already;
  lines.push(
    `${r.imported.length} imported, ${already} already imported${empty ? `, ${empty} empty` : ''}${r.failed.length ? `, ${r.failed.length} failed` : ''}${r.problems.length ? `, ${plural(r.problems.length, 'problem')}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        json: { type: 'boolean', default: false },
        'skip-sidechains': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n${IMPORT_USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const [what, ...extra] = positionals;
  if (what !== 'claude-code' || extra.length) {
    throw new CliError(what ? `unknown import source '${[what, ...extra].join(' ')}'\n${IMPORT_USAGE}` : IMPORT_USAGE, 2);
  }
  const workspace = path.resolve(io.cwd, values.workspace ?? '.');
  const home = io.env.HOME || io.env.USERPROFILE || undefined;
  let result: ImportResult;
  try {
    result = await importClaudeCode({
      workspaceRoot: workspace,
      ...(values.from !== undefined ? { from: path.resolve(io.cwd, values.from) } : {}),
      ...(home ? { home } : {}),
      sidechains: values['skip-sidechains'] ? 'skip' : 'keep',
    });
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  for (const p of result.problems) io.err(`lucid: ${p}\n`);
  io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result, workspace));
  return result.failed.length ? 1 : 0;
}
