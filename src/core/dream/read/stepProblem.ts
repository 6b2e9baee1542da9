// The problem a failed step shows: its first error signature, classified (see ProblemClass), with what the error
// is about (the missing program, module, flag or path) and the file it points at. A refusal by a hook or a
// permission rule, and an agent tool's own error, are problems too. A failure with no recognisable error has no
// problem (a search that found nothing, a check that said no).
import { extractErrorSignatures, type ErrorSignature } from '../../errors/errorExtract';
import { signatureText } from '../../errors/errorSignature';
import type { Invocation } from '../../shell/shellCommand';
import type { Problem, ProblemClass } from './episodeTypes';
import { relativePath, type Step } from './sessionTimeline';

const MISSING_MODULE = /\b(?:no module named|cannot find (?:module|package)|could not resolve|unable to resolve|no required module provides package|cannot import module)\b/i;
const USAGE = /\b(?:unknown|unrecognized|unrecognised|invalid|illegal|no such) (?:option|flag|argument|command|choice|subcommand)s?\b|\bmissing script\b|\bnot registered\b|\busage:|\bsyntax error near\b|\bunexpected eof\b|\bunmatched\b|\bunterminated\b|\bfile or directory not found\b|\bno test files found\b|\bcan't open file\b|\bthe following arguments are required\b|\bexpected (?:one )?argument\b|\brequires? an argument\b|\bunknown command\b|\bno rule to make target\b|\bno such (?:target|task|recipe)\b|\benvironment variable\b[^.]*\b(?:required|missing|not set|must be set|undefined)\b|\b(?:missing|required)\b[^.]*\benvironment variable\b/i;
const TEST = /^test failed:|^test timeout|\bAssertionError\b/;

/** The subjects of a signature: the missing program, or the quoted names in it. */
function subjectsOf(sig: ErrorSignature): string[] {
  const missing = /command not found: (\S+)/.exec(sig.key)?.[1];
  if (missing) return [missing];
  const quoted = [...sig.key.matchAll(/'([^'<>]{1,120})'/g)].map((m) => m[1]);
  return [...new Set(quoted)];
}

function classOf(sig: ErrorSignature): ProblemClass {
  if (/command not found: /.test(sig.key)) return 'missing-program';
  if (sig.code === 'ModuleNotFoundError' || sig.code === 'TS2307' || (MISSING_MODULE.test(sig.key) && !/cannot import name/i.test(sig.key))) return 'missing-module';
  if (sig.code === 'syntax' || sig.code === 'EUSAGE' || USAGE.test(sig.key) || /was replaced or removed/.test(sig.key)) return 'usage';
  if (TEST.test(sig.key.replace(/^[\w.-]+(?: \w+)?: /, '')) || sig.code === 'AssertionError' || /\btest(?:s)? failed\b/i.test(sig.key)) return 'test';
  return 'runtime';
}

/** The operand a "not found" usage error is about (`pytest tests/x.py` → `tests/x.py`), if the call names it. */
function missingOperand(sig: ErrorSignature, inv: Invocation | undefined): string | undefined {
  if (!inv || !/not found|can't open file|no such file/i.test(sig.key)) return undefined;
  const line = sig.line;
  return [...inv.operands, ...(inv.script ? [inv.script] : [])].find((o) => o.length > 2 && /[/.]/.test(o) && line.includes(o.replace(/::.*$/, '')));
}

/**
 * The invocation of a shell step an error belongs to: the one it names (the missing program, the subcommand in
 * the error's words), else the first one of the tool that reported it (in `a && b`, b never ran when a failed),
 * else the last one that does work.
 */
export function failingInvocation(step: Step, subjects: string[] = [], errorTool?: string, errorLine?: string): Invocation | undefined {
  const invs = step.shell?.invocations ?? [];
  const working = invs.filter((i) => !i.reads);
  const named = working.find((i) => subjects.some((s) => i.program === s || i.identity.includes(s)));
  if (named) return named;
  // `x: command not found` for an x nobody ran: a substitution (backticks, `$(…)`) in an unquoted string or here-document.
  const substituted = invs.find((i) => subjects.some((s) => [i.text, i.heredoc && !i.heredoc.quoted ? i.heredoc.body : ''].some((t) => t.includes(`\`${s}`) || t.includes(`$(${s}`))));
  if (substituted) return substituted;
  const words = new Set((errorLine ?? '').toLowerCase().match(/[a-z][\w-]+/g) ?? []);
  const bySubcommand = working.find((i) => i.subcommand && i.program === errorTool && words.has(i.subcommand.split(' ')[0]));
  if (bySubcommand) return bySubcommand;
  const line = errorLine ?? '';
  const byOperand = working.find((i) => i.operands.some((o) => o.length > 2 && globMatches(o, line)));
  if (byOperand) return byOperand;
  // In `a && b` a failed call's output comes from the last one that ran: prefer the last of the reporting tool.
  const byTool = working.filter((i) => i.program === errorTool || i.wrappers.some((w) => w.startsWith(`${errorTool} `))).pop();
  return byTool ?? working[working.length - 1] ?? invs[invs.length - 1];
}

/** Whether an operand (a glob allowed) appears in a line. */
function globMatches(operand: string, line: string): boolean {
  if (!/[/.]/.test(operand)) return false;
  const re = new RegExp(operand.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^\\s\'"]*').replace(/\?/g, '.'));
  return re.test(line);
}

/** The invocation a problem belongs to. */
export function invocationOf(step: Step, problem: Problem): Invocation | undefined {
  return step.shell ? failingInvocation(step, problem.subjects, problem.tool, problem.line) : undefined;
}

export function problemOf(step: Step, workspace?: string): Problem | undefined {
  if (step.refused) {
    const reason = step.refused.reason.split('\n').map((l) => l.replace(/^[-\s]*(?:\[[^\]]*\]:\s*)?/, '').trim()).filter((l) => l && !/blocked by hook|hook error|^Permission to use/i.test(l))[0] ?? step.refused.reason.split('\n')[0];
    return { key: `refused by ${step.refused.by}: ${signatureText(reason).slice(0, 160)}`, class: 'refused', tool: step.tool, line: reason.slice(0, 300), subjects: [] };
  }
  if (!step.failed) return undefined;
  if (step.kind !== 'shell') {
    const first = step.output.split('\n').map((l) => l.trim()).find(Boolean);
    if (!first) return undefined;
    const sigs = extractErrorSignatures(step.output, '');
    const sig = sigs[0];
    // An MCP server's tool: its error is about how this project's server is set up (credentials, config), a
    // tool problem named by the tool, whatever program the signature guessed.
    if (sig && step.kind === 'other' && step.tool.startsWith('mcp__')) {
      const message = sig.key.replace(/^[^:]*:\s*/, '');
      return { key: `${step.tool}: ${message}`, class: 'tool', tool: step.tool, line: sig.line.slice(0, 300), subjects: [step.tool] };
    }
    if (sig && step.kind === 'other') return fromSignature(sig, step, workspace);
    // A tool's error is about the file it worked on (the same file too large to read, session after session).
    const target = step.target ? relativePath(step.target, workspace) : undefined;
    return { key: `${step.tool}: ${signatureText(first).slice(0, 160)}${target ? ` [${target}]` : ''}`, class: 'tool', tool: step.tool, line: first.slice(0, 300), subjects: target ? [target] : [] };
  }
  if (step.timedOut) return timeoutProblem(step);
  const command = step.shell?.invocations.find((i) => !i.reads)?.text ?? step.shell?.text ?? '';
  const sig = extractErrorSignatures(step.output, command)[0];
  if (!sig) return undefined;
  return fromSignature(sig, step, workspace);
}

/**
 * A command killed for running too long: a watch mode, a server started in the foreground, a suite too slow to run
 * whole. What it printed before is partial; the problem is that this call does not finish.
 */
function timeoutProblem(step: Step): Problem | undefined {
  const invs = step.shell?.invocations.filter((i) => !i.reads) ?? [];
  const inv = invs[invs.length - 1];
  if (!inv) return undefined;
  const said = /(?:Command )?timed out after [^\]\n:]+/i.exec(step.output)?.[0] ?? 'timed out';
  return { key: `timed out: ${inv.identity}`, class: 'timeout', tool: inv.program, line: said.trim(), subjects: [inv.program] };
}

function fromSignature(sig: ErrorSignature, step: Step, workspace?: string): Problem {
  const cls = classOf(sig);
  let subjects = subjectsOf(sig);
  let key = sig.key;
  const inv = failingInvocation(step, subjects, sig.tool, sig.line);
  const operand = cls === 'usage' ? missingOperand(sig, inv) : undefined;
  if (operand) {
    // "file or directory not found: <path>": which path is the point (the same wrong guess, session after session).
    subjects = [relativePath(operand, workspace)];
    key = `${sig.key} [${subjects[0]}]`;
  }
  if (cls === 'missing-module') subjects = [...new Set(subjects.flatMap((s) => [s, s.split(/[./]/)[0]]))].filter(Boolean);
  return {
    key,
    class: cls,
    tool: sig.tool,
    line: sig.line.slice(0, 300),
    subjects,
    ...(sig.origin ? { origin: relativePath(sig.origin, workspace) } : {}),
  };
}
