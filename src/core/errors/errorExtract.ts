// Picks the meaningful error lines out of a command's output and turns each into a stable signature:
// the first error of each kind, not the stack frames, progress lines or "complete log" pointers; deduped;
// at most a handful. Summary lines (make's "Error 1", "ld returned 1 exit status", npm's "code 1") count
// only when nothing more specific was found.
import { JS_RECOGNIZERS } from './errorRecognizersJs';
import { NATIVE_RECOGNIZERS } from './errorRecognizersNative';
import type { ErrorSignature, LineContext, Recognized, Recognizer } from './errorTypes';

export type { ErrorSignature, ErrorTool } from './errorTypes';

/** Shell first (its lines can appear inside npm's), then the JS tools, then the rest. */
const RECOGNIZERS: Recognizer[] = [...NATIVE_RECOGNIZERS.slice(0, 4), ...JS_RECOGNIZERS, ...NATIVE_RECOGNIZERS.slice(4)];

const MAX_SIGNATURES = 5;
/** Very long outputs: the head and the tail hold the errors; the middle is usually progress. */
const MAX_SCAN = 200_000;
const MAX_LINE = 2_000;
// A line worth trying recognisers on mentions one of these (cheap pre-filter; every recogniser's line does).
const CANDIDATE =
  /err|fail|fatal|not found|cannot|could not|couldn't|no rule|undefined|exception|interrupt|exit|timeout|eaddr|eacces|not recognized|permission denied|no such file|did not match|overwritten|not a git|conflict|rejected|refspec|no matching|no targets|● |× |✗ |\d\) |go: |\.go:\d|unable|usage|invalid option|no test files/i;

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

/** The error signatures in a command's output, most meaningful first in order of appearance. */
export function extractErrorSignatures(output: string, command = ''): ErrorSignature[] {
  if (!output || !output.trim()) return [];
  const text = scanText(output);
  const lines = text.split(/\r?\n/);
  const ctx: LineContext = { lines, index: 0, command: command.toLowerCase(), lowerOutput: text.toLowerCase() };
  const strong = new Map<string, ErrorSignature>();
  const weak = new Map<string, ErrorSignature>();
  const seen = new Set<string>(); // a repeated line (the same error per file, per retry) is read once
  for (let i = 0; i < lines.length && strong.size < MAX_SIGNATURES; i++) {
    const line = lines[i].trimEnd();
    if (!line || line.length > MAX_LINE || seen.has(line) || !CANDIDATE.test(line)) continue;
    seen.add(line);
    ctx.index = i;
    const found = recognize(line, ctx);
    if (!found || !found.message) continue;
    const key = keyOf(found);
    const into = found.weak ? weak : strong;
    if (!into.has(key)) into.set(key, { tool: found.tool, ...(found.code ? { code: found.code } : {}), key, line: line.trim() });
  }
  return [...(strong.size ? strong : weak).values()].slice(0, MAX_SIGNATURES);
}
