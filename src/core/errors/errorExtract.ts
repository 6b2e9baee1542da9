// Picks the meaningful error lines out of a command's output and turns each into a stable signature:
// the first error of each kind, not the stack frames, progress lines or "complete log" pointers; deduped;
// at most a handful. Summary lines (make's "Error 1", "ld returned 1 exit status", npm's "code 1") and the
// lines a tool wrapper adds ("Error: exit code 1", "[exit code 2]") are never signatures: they say that
// something failed, not what, and would file dozens of unrelated failures under one key. A plain
// "Error: message" line is a signature only when nothing more specific was found.
import { GENERIC_RECOGNIZERS } from './errorRecognizersGeneric';
import { JS_RECOGNIZERS } from './errorRecognizersJs';
import { NATIVE_RECOGNIZERS } from './errorRecognizersNative';
import type { ErrorSignature, LineContext, Recognized, Recognizer } from './errorTypes';

export type { ErrorSignature, ErrorTool } from './errorTypes';

/** Shell first (its lines can appear inside npm's), then the JS tools, then the rest. */
const RECOGNIZERS: Recognizer[] = [...NATIVE_RECOGNIZERS.slice(0, 4), ...JS_RECOGNIZERS, ...NATIVE_RECOGNIZERS.slice(4), ...GENERIC_RECOGNIZERS];

const MAX_SIGNATURES = 5;
/** Very long outputs: the head and the tail hold the errors; the middle is usually progress. */
const MAX_SCAN = 200_000;
const MAX_LINE = 2_000;
// A line worth trying recognisers on mentions one of these (cheap pre-filter; every recogniser's line does).
const CANDIDATE =
  /err|fail|fatal|not found|cannot|could not|couldn't|no rule|undefined|exception|interrupt|exit|timeout|eaddr|eacces|not recognized|permission denied|no such file|did not match|overwritten|not a git|conflict|rejected|refspec|no matching|no targets|● |× |✗ |\d\) |go: |\.go:\d|unable|usage|invalid option|no test files|no module named|can't open|unmatched|unterminated|unexpected|unknown|unrecognized|invalid|not registered|no such|level=|::error|^E\s{2,}\S|replaced by|was removed|renamed to|incompatible|unsupported|not the \w+ command you are looking for|gh auth login/i;

/** Lines a tool wrapper adds around a command's own output: the exit status, not an error message. */
export const WRAPPER_LINE = /^\s*(?:Error: )?(?:exit code|exited with code|process exited with code|command exited with code) -?\d+\.?\s*$|^\s*\[(?:exit code -?\d+|timed out after[^\]]*|cancelled:[^\]]*|killed by signal[^\]]*|background processes[^\]]*)\]\s*$/i;

/** What every wrapper line holds (`exit`, in any case, or `[`): lines without it are not looked at. */
const WRAPPER_HINT = /\[|exit/gi;

/**
 * The output without the wrapper's status lines: the same text as splitting it into lines, leaving those out and
 * joining the rest, but only the lines with a hint of one are tested, and an output without any is returned as is.
 */
export function withoutWrapperLines(output: string): string {
  const dropped: Array<[number, number]> = [];
  WRAPPER_HINT.lastIndex = 0;
  for (let m = WRAPPER_HINT.exec(output); m; m = WRAPPER_HINT.exec(output)) {
    const start = output.lastIndexOf('\n', m.index) + 1;
    const nl = output.indexOf('\n', m.index);
    const end = nl < 0 ? output.length : nl;
    if (WRAPPER_LINE.test(output.slice(start, end))) dropped.push([start, end]);
    WRAPPER_HINT.lastIndex = end; // the next line
  }
  if (dropped.length === 0) return output;
  const kept: string[] = []; // runs of kept lines, each without the newline before the dropped line
  let at = 0;
  let more = true;
  for (const [start, end] of dropped) {
    if (start > at) kept.push(output.slice(at, start - 1));
    if (end < output.length) at = end + 1;
    else more = false;
  }
  if (more) kept.push(output.slice(at));
  return kept.join('\n');
}

/** A line worth trying after a traceback: an exception class, with or without a message. */
const EXCEPTION_LINE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?::\s|$)/;

function scanText(output: string): string {
  const text = output.length > MAX_SCAN ? `${output.slice(0, MAX_SCAN / 2)}\n${output.slice(-MAX_SCAN / 2)}` : output;
  // ANSI colours and docker/buildkit step prefixes ("#9 25.53 ") hide the line starts the recognisers anchor on.
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/^#\d+ \d+(?:\.\d+)? /gm, '');
}

function keyOf(r: Recognized): string {
  return `${r.tool}${r.code ? ` ${r.code}` : ''}: ${r.message}`;
}

function recognize(line: string, ctx: LineContext): Recognized | null {
  for (const r of RECOGNIZERS) {
    const m = r.re.exec(line);
    if (!m) continue;
    const found = r.make(m, ctx);
    if (found) return found;
  }
  return null;
}

interface Scan {
  signatures: ErrorSignature[];
  /** A summary line ("Error 1", "command failed") was seen. */
  summary: boolean;
}

function scan(output: string, command: string): Scan {
  if (!output || !output.trim()) return { signatures: [], summary: false };
  const text = scanText(output);
  const lines = text.split(/\r?\n/);
  const ctx: LineContext = { lines, index: 0, command: command.toLowerCase(), lowerOutput: text.toLowerCase() };
  const traceback = ctx.lowerOutput.includes('traceback (most recent call last)') || ctx.lowerOutput.includes('  file "');
  const strong = new Map<string, ErrorSignature>();
  const fallback = new Map<string, ErrorSignature>();
  let summary = false;
  const seen = new Set<string>(); // a repeated line (the same error per file, per retry) is read once
  for (let i = 0; i < lines.length && strong.size < MAX_SIGNATURES; i++) {
    const line = lines[i].trimEnd();
    if (!line || line.length > MAX_LINE || seen.has(line) || WRAPPER_LINE.test(line)) continue;
    if (!CANDIDATE.test(line) && !(traceback && EXCEPTION_LINE.test(line))) continue;
    seen.add(line);
    ctx.index = i;
    const found = recognize(line, ctx);
    if (!found || !found.message) continue;
    if (found.summary) {
      summary = true;
      continue;
    }
    const key = keyOf(found);
    const into = found.fallback ? fallback : strong;
    if (!into.has(key)) into.set(key, { tool: found.tool, ...(found.code ? { code: found.code } : {}), key, line: line.trim(), ...(found.origin ? { origin: found.origin } : {}) });
  }
  return { signatures: [...(strong.size ? strong : fallback).values()].slice(0, MAX_SIGNATURES), summary };
}

/** The error signatures in a command's output, most meaningful first in order of appearance. */
export function extractErrorSignatures(output: string, command = ''): ErrorSignature[] {
  return scan(output, command).signatures;
}

/** Whether the output says something failed: a signature, or a summary line such as make's "Error 2". */
export function outputShowsFailure(output: string, command = ''): boolean {
  const s = scan(output, command);
  return s.signatures.length > 0 || s.summary;
}
