// A session as the dream reads it: one step per tool call, with what the call was (a whole shell command read
// by shell/shellCommand, a file edited, read or searched, another tool), whether it ran at all (a call denied,
// cancelled or never answered did not), whether the environment refused it (a hook, a permission rule),
// whether it failed (judged from its output when a pipe or a fallback hides the exit status), the files it
// wrote, and which of those it created. Across the session: the files it created (its scratch files and new
// code) and the existing files it changed (the code under work), in the order they happened.
import { extractErrorSignatures, outputShowsFailure, withoutWrapperLines } from '../../errors/errorExtract';
import { readShellCommand, type ShellCommand } from '../../shell/shellCommand';
import type { ReadEvent } from '../../sessions/sessionSchema';
import { stepKindOf, targetOf, type StepKind } from './toolKinds';

export interface Step {
  /** Position in the session (0-based, every tool call counts). */
  index: number;
  callId: string;
  tool: string;
  kind: StepKind;
  input: Record<string, unknown>;
  /** The whole shell command, read (shell steps). */
  shell?: ShellCommand;
  /** The file an edit or read tool works on, relative to the workspace when it can be. */
  target?: string;
  /** False for a call that never ran: denied, cancelled, stopped while waiting, never answered. */
  ran: boolean;
  /** The environment refused the call (a hook or a permission rule): it did not run, and that is worth knowing. */
  refused?: { by: 'hook' | 'rules'; reason: string };
  exitCode?: number;
  failed: boolean;
  /** Killed for running too long (a watch mode, a server, a slow suite): its output says nothing either way. */
  timedOut?: boolean;
  /** The output without the wrapper's status lines. */
  output: string;
  /** Files this call wrote, and those among them it created. */
  writes: string[];
  creates: string[];
  /** Notes recalled for this call after it failed. */
  recalled: string[];
}

export interface Timeline {
  steps: Step[];
  /** Files the session created (scratch scripts, new code), with the step that created each. */
  created: Map<string, number>;
  /** Existing files the session changed (the code under work), with the step that first changed each. */
  edited: Map<string, number>;
  /** The user's first request, in one sentence. */
  request?: string;
}

const NOT_RUN = [
  /^(?:Error: )?The user denied this command/i,
  /^(?:Error: )?Cancelled: /i,
  /^(?:Error: )?The command was not run: the workspace is not trusted/i,
  /The user doesn't want to proceed with this tool use/i,
  /^\[Request interrupted by user/i,
  /^(?:Error: )?The user denied this edit/i,
];
const SHELL_COMPLAINT = /not found|syntax error|unexpected EOF|Permission denied|No such file/;
/** Claude Code's Bash tool, and others, when they kill a command that ran too long. */
const TIMED_OUT = /^(?:Error: )?Command timed out after \d|^The last command <command>[\s\S]{0,3000}?<\/command> timed out/i;
const HOOK = /(?:operation|command) blocked by (?:a )?hook|hook (?:error|blocked|denied)|PreToolUse:\w+ hook/i;
const RULES = /Permission to use \S+ (?:with command .* )?has been denied|requested permissions? to (?:use|write to|read|edit|run) .{0,200}?(?:haven't|have not) granted it yet|denied by (?:a )?permission rule|not allowed by your permission settings|was blocked\. For security|may only (?:change directories|access files) (?:to|in|within)|outside (?:of )?the allowed (?:working )?director/i;

/** Commands repeat across sessions (`npm test`, `git status`): read each text once per process, within a bound. */
const parsed = new Map<string, ShellCommand>();
function readShellCommandCached(text: string): ShellCommand {
  let hit = parsed.get(text);
  if (!hit) {
    if (parsed.size >= 20_000) parsed.clear();
    hit = readShellCommand(text);
    parsed.set(text, hit);
  }
  return hit;
}

/** Exit code stated in the output by a wrapper (`Error: exit code 2`, `[exit code 2]`). */
function statedExitCode(output: string): number | undefined {
  const m = /^(?:Error: )?exit code (-?\d+)\s*$/im.exec(output.slice(0, 200)) ?? /\[exit code (-?\d+)\]\s*$/.exec(output.slice(-200));
  return m ? Number(m[1]) : undefined;
}

interface Pending {
  step: Step;
}

export function readTimeline(events: ReadEvent[], workspace?: string): Timeline {
  const steps: Step[] = [];
  const byId = new Map<string, Pending>();
  let request: string | undefined;
  for (const e of events) {
    if (e.type === 'user_message' && request === undefined && !e.text.startsWith('[Request interrupted')) request = firstSentence(e.text);
    if (e.type === 'tool_call') {
      const input = (e.input && typeof e.input === 'object' ? e.input : {}) as Record<string, unknown>;
      const kind = stepKindOf(e.name, input);
      const step: Step = { index: steps.length, callId: e.id, tool: e.name, kind, input, ran: false, failed: false, output: '', writes: [], creates: [], recalled: [] };
      if (kind === 'shell' && typeof input.command === 'string') step.shell = readShellCommandCached(input.command);
      const target = targetOf(e.name, input);
      if (target) step.target = relativePath(target, workspace);
      steps.push(step);
      byId.set(e.id, { step });
    } else if (e.type === 'tool_result') {
      const p = byId.get(e.id);
      if (p) settle(p.step, e.ok, e.output, e.exitCode ?? undefined);
    } else if (e.type === 'approval' && e.decision === 'denied') {
      const p = byId.get(e.toolCallId);
      if (p) p.step.ran = false;
    } else if (e.type === 'recall' && e.toolCallId) {
      byId.get(e.toolCallId)?.step.recalled.push(...e.noteIds);
    }
  }
  const created = new Map<string, number>();
  const edited = new Map<string, number>();
  const seen = new Set<string>();
  for (const s of steps) {
    if (s.ran && !s.failed) {
      s.writes = writesOf(s, workspace);
      for (const w of s.writes) {
        if (created.has(w) || edited.has(w)) continue;
        if (isCreate(s, w, seen, workspace)) {
          created.set(w, s.index);
          s.creates.push(w);
        } else edited.set(w, s.index);
      }
    }
    for (const p of [...mentionedBefore(s, workspace), ...s.writes]) seen.add(p);
  }
  return { steps, created, edited, ...(request ? { request } : {}) };
}

function settle(step: Step, ok: boolean, rawOutput: string, exitCode: number | undefined): void {
  const text = rawOutput.trim();
  if (NOT_RUN.some((re) => re.test(text))) return;
  if (HOOK.test(text.slice(0, 400))) {
    step.refused = { by: 'hook', reason: text };
    step.output = text;
    return;
  }
  if (RULES.test(text.slice(0, 400))) {
    step.refused = { by: 'rules', reason: text };
    step.output = text;
    return;
  }
  step.ran = true;
  step.output = withoutWrapperLines(rawOutput).trim();
  const code = exitCode ?? statedExitCode(rawOutput);
  if (code !== undefined) step.exitCode = code;
  if (/\[(?:timed out after|cancelled:|killed by signal)/.test(rawOutput.slice(-300)) || TIMED_OUT.test(text.slice(0, 3200))) {
    // Killed before it finished: its output says nothing either way.
    step.ran = !/\[cancelled:/.test(rawOutput.slice(-300));
    step.failed = step.ran;
    if (/\[timed out after/.test(rawOutput.slice(-300)) || TIMED_OUT.test(text.slice(0, 3200))) step.timedOut = true;
    return;
  }
  if (step.shell && !step.shell.statusTrustworthy) {
    const command = step.shell.invocations.find((i) => !i.reads)?.text ?? step.shell.text;
    step.failed = outputShowsFailure(step.output, command);
  } else step.failed = !ok || (code !== undefined && code !== 0);
  // The shell's own complaint (a command not found, a syntax error) is a failure whatever the status says.
  if (step.shell && !step.failed && SHELL_COMPLAINT.test(step.output)) step.failed = extractErrorSignatures(step.output, '').some((x) => x.tool === 'shell');
}

/** Paths a step names before it runs (its operands, its target): a file named before it is written already existed. */
function mentionedBefore(s: Step, workspace: string | undefined): string[] {
  if (s.target && s.kind !== 'edit') return [s.target];
  if (!s.shell) return [];
  return s.shell.invocations.filter((i) => i.reads || i.writes.length === 0).flatMap((i) => [...i.operands, ...(i.script ? [i.script] : [])]).filter((o) => /[./]/.test(o)).map((o) => relativePath(o, workspace));
}

function writesOf(s: Step, workspace: string | undefined): string[] {
  if (s.kind === 'edit' && s.target) return [s.target];
  if (!s.shell) return [];
  return [...new Set(s.shell.invocations.flatMap((i) => i.writes).map((w) => relativePath(w, workspace)))];
}

/** Whether a step created `file` (rather than changing a file that was there). */
function isCreate(s: Step, file: string, seen: Set<string>, workspace: string | undefined): boolean {
  if (/^\/tmp\//.test(file)) return true;
  if (s.kind === 'edit') {
    if (/^(?:File created successfully|Created )/m.test(s.output)) return true;
    if (s.input.command === 'create') return !seen.has(file);
    return false;
  }
  if (seen.has(file)) return false;
  // Only a write that replaces the whole file creates it: `>>`, `sed -i`, `ed`, `patch` need it to be there.
  return s.shell?.invocations.some((i) => i.replaces.some((w) => relativePath(w, workspace) === file)) ?? false;
}

/** A path relative to the workspace when it is inside it (`/testbed/a/b.py` → `a/b.py`), without `./`. */
export function relativePath(p: string, workspace: string | undefined): string {
  let out = p.trim().replace(/^\.\//, '');
  if (workspace) {
    const base = workspace.replace(/\/+$/, '').split('/').pop();
    if (base && base !== '~') {
      const at = out.indexOf(`/${base}/`);
      if (at >= 0 && out.startsWith('/')) out = out.slice(at + base.length + 2);
    }
  }
  return out;
}

function firstSentence(text: string): string {
  const plain = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const m = /^(.{20,240}?[.!?])(?:\s|$)/.exec(plain);
  return (m ? m[1] : plain.slice(0, 240)).trim();
}
