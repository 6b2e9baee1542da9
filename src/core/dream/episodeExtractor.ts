// Reads one session's events and finds what went wrong and what fixed it: failure episodes (a failing
// command, its error signatures, and the later call that got past it) and user corrections. Noise is
// labelled, not dropped, so the report can say what was ignored and why.
import { extractErrorSignatures } from '../errors/errorExtract';
import { normalizeCommand } from '../errors/errorSignature';
import type { ReadEvent } from '../sessions/sessionSchema';
import { commandSegments, isInspection, mainIntent, targetArgs } from './commandIntent';
import { correctionIn } from './corrections';
import type { CorrectionEpisode, FailureEpisode, Resolution } from './dreamTypes';

/** A tool call paired with its result. */
export interface Call {
  id: string;
  name: string;
  input: Record<string, unknown>;
  command?: string;
  editTarget?: string;
  ok: boolean;
  output: string;
  /** Ids of notes recalled for this call (tool-failure recall). */
  recalled: string[];
}

const SHELL_TOOLS = new Set(['bash', 'Bash']);
const EDIT_TOOLS = new Set(['str_replace_based_edit_tool', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
/** How far ahead a resolution may be (calls). */
const LOOKAHEAD = 15;
/** Files whose edit is a setup step (config, dependencies), not a change to the code under work. */
const CONFIG_FILE = /(^|\/)(package\.json|[^/]*\.config\.[cm]?[jt]s|tsconfig[^/]*\.json|\.env[^/]*|\.npmrc|\.nvmrc|\.gitignore|Makefile|pyproject\.toml|setup\.cfg|requirements[^/]*\.txt|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|[^/]*\.ya?ml|\.eslintrc[^/]*|\.prettierrc[^/]*)$/;

export function pairCalls(events: ReadEvent[]): Call[] {
  const calls: Call[] = [];
  const byId = new Map<string, Call>();
  for (const e of events) {
    if (e.type === 'tool_call') {
      const input = (e.input && typeof e.input === 'object' ? e.input : {}) as Record<string, unknown>;
      const call: Call = { id: e.id, name: e.name, input, ok: true, output: '', recalled: [] };
      if (SHELL_TOOLS.has(e.name) && typeof input.command === 'string') call.command = input.command;
      const target = input.path ?? input.file_path ?? input.notebook_path;
      const editCmd = typeof input.command === 'string' ? input.command : 'write';
      if (EDIT_TOOLS.has(e.name) && typeof target === 'string' && editCmd !== 'view') call.editTarget = target;
      calls.push(call);
      byId.set(e.id, call);
    } else if (e.type === 'tool_result') {
      const call = byId.get(e.id);
      if (call) {
        call.ok = e.ok;
        call.output = e.output;
      }
    } else if (e.type === 'recall' && e.toolCallId) {
      byId.get(e.toolCallId)?.recalled.push(...e.noteIds);
    }
  }
  return calls;
}

const NOT_AN_ERROR = /request interrupted by user|blocked by hook|the user denied|denied by the approval policy|workspace is not trusted|\[cancelled:|\[timed out after/i;

function noiseOf(call: Call, sigs: FailureEpisode['signatures']): string | undefined {
  if (NOT_AN_ERROR.test(call.output)) return 'interrupted, denied or timed out: not an error of the project';
  const body = call.output.replace(/\[exit code \d+\]/g, '').trim();
  if (!sigs.length) {
    const segs = commandSegments(call.command ?? '');
    if (!body || segs.some((s) => ['grep', 'rg', 'find', 'test', '[', 'diff', 'cmp'].includes(s.program))) return 'a search or check with no match';
    return 'no recognisable error in the output';
  }
  if (sigs.every((s) => /\b(assert|expected|test failed|failing|tests? failed|fail )/i.test(s.key) || s.tool === 'test')) return 'a failing test: the code under work, not the setup';
  return undefined;
}

/** Intents that do the same job with another tool: installing dependencies is installing them. */
const INTENT_CLASSES = [new Set(['npm install', 'npm ci', 'npm i', 'pnpm install', 'pnpm i', 'yarn install', 'yarn', 'bun install'])];
const sameClass = (a: string, b: string) => INTENT_CLASSES.some((c) => c.has(a) && c.has(b));

const fold = (command: string) => command.trim().replace(/\s+/g, ' ');

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The program a "command not found" signature names, if any. */
const missingProgram = (sigs: FailureEpisode['signatures']) => sigs.map((s) => /command not found: (\S+)/.exec(s.key)?.[1]).find(Boolean);

function findResolution(calls: Call[], i: number, sigKeys: Set<string>, missing: string | undefined): Resolution | { noise: string } | undefined {
  const failed = calls[i];
  const failedNorm = normalizeCommand(failed.command!);
  const failedIntent = mainIntent(failed.command!);
  const failedTargets = new Set(targetArgs(failed.command!));
  const fixSteps: string[] = [];
  let codeEdited = false;
  for (let j = i + 1; j < Math.min(calls.length, i + 1 + LOOKAHEAD); j++) {
    const c = calls[j];
    if (c.editTarget && c.ok) {
      if (CONFIG_FILE.test(c.editTarget)) fixSteps.push(`edit ${c.editTarget}`);
      else codeEdited = true;
      continue;
    }
    if (!c.command) continue;
    const norm = normalizeCommand(c.command);
    if (isInspection(c.command)) continue;
    if (!c.ok) {
      // Another failure with the same error is another failed try; anything else is a new problem.
      const again = extractErrorSignatures(c.output, c.command).some((s) => sigKeys.has(s.key));
      if (again || norm === failedNorm) continue;
      continue;
    }
    if (norm === failedNorm) {
      if (codeEdited) return { noise: 'fixed by changing the code under work' };
      // The same call with other environment variables in front is a variant (`API_URL=… npm run e2e`).
      if (fold(c.command) !== fold(failed.command!)) return { kind: 'variant', command: c.command, fixSteps };
      return { kind: 'fix-then-retry', command: c.command, fixSteps };
    }
    const segs = commandSegments(c.command);
    const contains = norm.endsWith(failedNorm) || norm.includes(` ${failedNorm}`) || norm.includes(`&& ${failedNorm}`);
    const sameIntent = segs.some((s) => s.intent === failedIntent || sameClass(s.intent, failedIntent));
    const sharesTarget = [...targetArgs(c.command)].some((a) => failedTargets.has(a));
    // `docker-compose` not found, then `docker compose …` works: the same tool under its new name.
    const runsMissing = missing !== undefined && segs.some((s) => s.program === missing || `${s.program}-${s.intent.split(' ')[1] ?? ''}` === missing);
    if (runsMissing && missing && segs.some((s) => s.program !== missing && editDistance(s.program, missing) <= 2)) continue;
    if (contains || runsMissing || (sameIntent && (sharesTarget || failedTargets.size === 0 || segs.length > 1))) {
      if (codeEdited) return { noise: 'fixed by changing the code under work' };
      // Setup steps ran in between: they are the fix, not the change of flags (`--bail` dropped, say).
      if (fixSteps.length && sameIntent && !contains && !runsMissing) return { kind: 'fix-then-retry', command: c.command, fixSteps };
      return { kind: 'variant', command: c.command, fixSteps };
    }
    if (missing && segs.length === 1 && editDistance(segs[0].program, missing) <= 2 && segs[0].program !== missing) {
      return { noise: `a typo corrected in the next call (${missing} → ${segs[0].program})` };
    }
    fixSteps.push(c.command);
  }
  return undefined;
}

export interface SessionFindings {
  failures: FailureEpisode[];
  corrections: CorrectionEpisode[];
  calls: Call[];
}

export function extractEpisodes(sessionId: string, day: string, events: ReadEvent[]): SessionFindings {
  const calls = pairCalls(events);
  const failures: FailureEpisode[] = [];
  calls.forEach((call, i) => {
    if (call.ok || !call.command) return;
    const signatures = extractErrorSignatures(call.output, call.command).map(({ tool, key, line, code }) => ({ tool, key, line, ...(code ? { code } : {}) }));
    const episode: FailureEpisode = { sessionId, day, command: call.command, intent: mainIntent(call.command), signatures, excerpt: excerpt(call.output, signatures) };
    const noise = noiseOf(call, signatures);
    if (noise) episode.noise = noise;
    else {
      const r = findResolution(calls, i, new Set(signatures.map((s) => s.key)), missingProgram(signatures));
      if (r && 'noise' in r) episode.noise = r.noise;
      else if (r) episode.resolution = r;
    }
    failures.push(episode);
  });
  const corrections: CorrectionEpisode[] = [];
  for (const e of events) if (e.type === 'user_message') for (const text of correctionIn(e.text)) corrections.push({ sessionId, day, text });
  return { failures, corrections, calls };
}

/** The error lines, or the output's last lines, cut short. */
function excerpt(output: string, sigs: FailureEpisode['signatures']): string {
  const text = sigs.length ? sigs.map((s) => s.line).join('\n') : output.replace(/\[exit code \d+\]/g, '').trim().split('\n').slice(-3).join('\n');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
