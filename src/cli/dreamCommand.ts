// `lucid dream [--workspace DIR] [--review] [--no-llm] [--json] [--budget N] [--export AGENTS.md,CLAUDE.md]`
import * as path from 'path';
import { parseArgs } from 'util';
import type { ExportTarget } from '../core/dream/apply/agentsExport';
import { DreamBusyError } from '../core/dream/dreamLock';
import { createDreamJudge } from '../core/dream/judge/dreamJudge';
import { renderReport } from '../core/dream/apply/dreamReport';
import { runDream } from '../core/dream/dreamRunner';
import { createModelClient } from '../core/model/modelClient';
import { CliError, type CliIo } from './cliIo';

export const DREAM_USAGE = `Usage: lucid dream [--workspace DIR] [--review] [--no-llm] [--json] [--budget TOKENS] [--export AGENTS.md,CLAUDE.md]
  Reviews the sessions recorded since the last dream and refines .agent-memory.
  --review   write a proposal to accept or reject instead of changing notes
  --no-llm   skip the model pass (also skipped when ANTHROPIC_API_KEY is not set)`;

export async function dreamCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string', short: 'w' },
      review: { type: 'boolean', default: false },
      'no-llm': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      budget: { type: 'string' },
      export: { type: 'string' },
      model: { type: 'string' },
    },
  });
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'\n${DREAM_USAGE}`, 2);
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(Number.isInteger(budget) && budget >= 100)) throw new CliError('--budget must be a whole number of tokens, at least 100', 2);
  const exportTo = values.export ? (values.export.split(',').map((s) => s.trim()) as ExportTarget[]) : undefined;
  if (exportTo?.some((t) => t !== 'AGENTS.md' && t !== 'CLAUDE.md')) throw new CliError('--export takes AGENTS.md, CLAUDE.md or both (comma-separated)', 2);
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  const judge = !values['no-llm'] && apiKey ? createDreamJudge(createModelClient({ apiKey, baseURL: io.env.ANTHROPIC_BASE_URL || undefined, model: values.model ?? io.env.LUCID_MODEL })) : undefined;
  const workspaceRoot = path.resolve(io.cwd, values.workspace ?? '.');
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runDream({ workspaceRoot, review: values.review, budgetTokens: budget, judge, exportTo, signal: ac.signal, onProgress: values.json ? undefined : (m) => io.err(`lucid: ${m}\n`) });
    if (values.json) io.out(`${JSON.stringify({ changed: result.changed, proposal: result.proposal ?? null, report: result.report }, null, 2)}\n`);
    else if (!result.changed && result.report.sessionsRead === 0) io.out('Nothing new since the last dream: memory unchanged.\n');
    else io.out(renderReport(result.report) + (result.proposal ? `\nProposal written to ${path.relative(io.cwd, result.proposal)}: review it in VS Code ("Lucid: Review Dream Proposal").\n` : ''));
    return 0;
  } catch (err) {
    if (err instanceof DreamBusyError) throw new CliError(err.message, 3);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
