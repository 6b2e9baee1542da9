// Anthropic's `bash_20250124` client tool: each call runs `bash -c` in the workspace folder, non-interactively.
// Result content: the output (stdout and stderr interleaved as a terminal shows them, capped head + tail),
// a blank line, then one or more bracketed status lines, always including how the command ended:
//   `[exit code N]` · `[timed out after N s: the command and its child processes were killed]`
//   `[cancelled: the command and its child processes were killed]` · `[killed by signal SIGX]`
//   `[background processes still running when the command finished were stopped]`
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { z } from 'zod';
import type { ToolBash20250124 } from '@anthropic-ai/sdk/resources/messages/messages';
import { readShellCommand } from '../shell/shellCommand';
import { AgentTool, ToolContext, ToolError, ToolOutcome, errorOutcome, parseInput, requestApproval } from './toolTypes';

export interface BashToolOptions {
  /** Per-command limit, default 120 000 ms. */
  timeoutMs?: number;
  /** Output kept for the model, default 30 000 characters (head and tail). */
  maxOutputChars?: number;
  /** Extra environment; `undefined` removes a variable. Applied after the non-interactive defaults. */
  env?: Record<string, string | undefined>;
  /** Shell binary, default `bash`. */
  shell?: string;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_OUTPUT_CHARS = 30_000;
const KILL_GRACE_MS = 500;
const PIPE_GRACE_MS = 250;
const WRAPPER = 'exec 2>&1; ';

const inputSchema = z.object({ command: z.string().optional(), restart: z.boolean().optional() });

/**
 * Non-interactive environment. Only variables that stop prompts and pagers without changing what tools do:
 * no CI=1 (it changes behaviour, e.g. pnpm's frozen lockfile) and no npm_config_yes (consent to download and run
 * packages is the user's call; with stdin closed npx cannot prompt anyway).
 */
export function commandEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    DEBIAN_FRONTEND: 'noninteractive',
    NO_COLOR: '1',
    TERM: 'dumb',
    FORCE_COLOR: undefined,
    ELECTRON_RUN_AS_NODE: undefined, // set in VS Code's extension host; would break `code` and Electron apps
    ANTHROPIC_API_KEY: undefined, // the user's key is Lucid's to use, not the commands' to print
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function createBashTool(opts: BashToolOptions = {}): AgentTool {
  const definition: ToolBash20250124 = { type: 'bash_20250124', name: 'bash' };
  return { name: 'bash', definition, run: (input, ctx) => runBash(input, ctx, opts) };
}

async function runBash(input: unknown, ctx: ToolContext, opts: BashToolOptions): Promise<ToolOutcome> {
  const startedAt = Date.now();
  let meta: ToolOutcome['meta'];
  try {
    const args = parseInput(inputSchema, input, 'bash');
    if (args.restart) return { content: 'tool has been restarted', isError: false, durationMs: Date.now() - startedAt };
    const command = args.command ?? '';
    if (command.trim() === '') throw new ToolError('Invalid input for bash: `command` is required (or `restart: true`).');
    meta = { kind: 'command', command };
    if (!ctx.trusted) {
      throw new ToolError('The command was not run: the workspace is not trusted, and Lucid runs no commands in an untrusted workspace.');
    }
    if (!fs.existsSync(ctx.workspaceRoot)) throw new ToolError(`The workspace folder ${ctx.workspaceRoot} does not exist.`);
    const intoMemory = writesIntoMemory(command, ctx.workspaceRoot);
    if (intoMemory.length) {
      throw new ToolError(`The command was not run: it writes into .agent-memory/ (${intoMemory.join(', ')}), which is Lucid's memory. ` +
        'Write notes with the memory tool (/memories/...).');
    }
    const decision = await requestApproval(ctx, { kind: 'command', command });
    if (ctx.signal.aborted) throw new ToolError('Cancelled: the command was not run.');
    if (!decision.allowed) throw new ToolError(`The user denied this command: ${decision.reason}`);
    const res = await execute(command, ctx, opts);
    const timeoutS = Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 100) / 10;
    const status: string[] = [];
    if (res.timedOut) status.push(`[timed out after ${timeoutS} s: the command and its child processes were killed]`);
    else if (res.aborted) status.push('[cancelled: the command and its child processes were killed]');
    else if (res.code !== null) status.push(`[exit code ${res.code}]`);
    else status.push(`[killed by signal ${res.signal ?? 'unknown'}]`);
    if (res.leftovers) status.push('[background processes still running when the command finished were stopped]');
    const output = res.output.replace(/\n+$/, '') || '(no output)';
    return {
      content: `${output}\n\n${status.join('\n')}`,
      isError: res.code !== 0 || res.timedOut || res.aborted,
      ...(res.code !== null ? { exitCode: res.code } : {}),
      durationMs: Date.now() - startedAt,
      meta,
    };
  } catch (err) {
    return errorOutcome(err, startedAt, meta);
  }
}

interface ExecResult {
  output: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  leftovers: boolean;
}

function execute(command: string, ctx: ToolContext, opts: BashToolOptions): Promise<ExecResult> {
  const out = new CappedOutput(opts.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
  const posix = process.platform !== 'win32';
  // `exec 2>&1` first: one pipe for both streams keeps their order; a parse error still arrives on stderr.
  const child = spawn(opts.shell ?? 'bash', ['-c', `${WRAPPER}${command}`], {
    cwd: ctx.workspaceRoot,
    env: commandEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'], // stdin is /dev/null: `read` gets EOF, nothing waits for input
    detached: posix, // its own process group (and session: no controlling terminal), so the whole tree can be killed
    windowsHide: true,
  });
  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
  // The output as it comes, for a live view (the panel's card, the CLI); what the model gets is the capped whole.
  const live = (text: string) => {
    out.push(text);
    if (text) ctx.onOutput?.(text);
  };
  child.stdout.on('data', (b: Buffer) => live(decoders[0].write(b)));
  child.stderr.on('data', (b: Buffer) => live(decoders[1].write(b)));

  const signalGroup = (sig: NodeJS.Signals | 0): boolean => {
    if (!child.pid) return false;
    try {
      if (posix) process.kill(-child.pid, sig);
      else if (sig !== 0) child.kill(sig);
      return true;
    } catch {
      return false; // ESRCH: nothing left in the group
    }
  };

  return new Promise<ExecResult>((resolve) => {
    const res: ExecResult = { output: '', code: null, signal: null, timedOut: false, aborted: false, leftovers: false };
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      ctx.signal.removeEventListener('abort', onAbort);
      for (const d of decoders) out.push(d.end());
      child.stdout.destroy();
      child.stderr.destroy();
      res.output = out.render().split(`\`${WRAPPER}`).join('`'); // bash quotes the line in syntax errors
      resolve(res);
    };
    const terminate = () => {
      signalGroup('SIGTERM');
      timers.push(setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS));
      // Something outside the group (setsid) may still hold the pipes: don't wait for it forever.
      timers.push(setTimeout(finish, KILL_GRACE_MS + 1000));
    };
    const onAbort = () => {
      res.aborted = true;
      terminate();
    };
    timers.push(
      setTimeout(() => {
        res.timedOut = true;
        terminate();
      }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    );
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    child.on('error', (err) => {
      out.push(`Could not start ${opts.shell ?? 'bash'}: ${err.message}`);
      finish();
    });
    child.on('exit', (code, signal) => {
      res.code = code;
      res.signal = signal;
      // The shell is gone; if the pipes stay open, background processes hold them: stop those.
      timers.push(
        setTimeout(() => {
          if (signalGroup('SIGKILL')) res.leftovers = !res.timedOut && !res.aborted;
          timers.push(setTimeout(finish, 100));
        }, PIPE_GRACE_MS),
      );
    });
    child.on('close', () => {
      if (signalGroup('SIGKILL')) res.leftovers = !res.timedOut && !res.aborted;
      finish();
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Keeps the first and last halves of a stream of text within a budget, counting what falls out of the middle. */
export class CappedOutput {
  private head = '';
  private tail = '';
  private total = 0;
  private droppedLines = 0;
  private readonly half: number;

  constructor(private readonly max: number) {
    this.half = Math.max(1, Math.floor(max / 2));
  }

  push(s: string): void {
    if (!s) return;
    this.total += s.length;
    if (this.head.length < this.half) {
      const room = this.half - this.head.length;
      this.head += s.slice(0, room);
      s = s.slice(room);
    }
    this.tail += s;
    if (this.tail.length > 4 * this.half) {
      const cut = this.tail.length - this.half;
      this.droppedLines += countLines(this.tail.slice(0, cut));
      this.tail = this.tail.slice(cut);
    }
  }

  render(): string {
    const clean = (t: string) => t.replace(/\r\n/g, '\n').replace(ANSI, '');
    if (this.total <= this.max) return clean(this.head + this.tail);
    let head = this.head;
    let tail = this.tail.slice(-(this.max - this.half));
    const nl = head.lastIndexOf('\n');
    if (nl >= head.length * 0.8) head = head.slice(0, nl + 1); // cut at a line end when one is near
    const first = tail.indexOf('\n');
    if (first >= 0 && first <= tail.length * 0.2) tail = tail.slice(first + 1);
    const lines = this.droppedLines + countLines(this.head.slice(head.length)) + countLines(this.tail.slice(0, this.tail.length - tail.length));
    const chars = this.total - head.length - tail.length;
    const marker = `[... ${chars.toLocaleString('en-US')} characters (${lines.toLocaleString('en-US')} lines) of output cut ...]`;
    return `${clean(head)}${head.endsWith('\n') ? '' : '\n'}\n${marker}\n\n${clean(tail)}`;
  }
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The files a command line writes (redirections, tee, cp/mv, sed -i, inline Python…) that lie in `.agent-memory/`. */
export function writesIntoMemory(command: string, workspaceRoot: string): string[] {
  const memory = path.join(path.resolve(workspaceRoot), '.agent-memory').toLowerCase();
  const inside = (f: string) => {
    const abs = path.resolve(workspaceRoot, f.replace(/^~(?=\/|$)/, process.env.HOME ?? '~')).toLowerCase();
    return abs === memory || abs.startsWith(memory + path.sep);
  };
  try {
    return [...new Set(readShellCommand(command).invocations.flatMap((i) => i.writes).filter(inside))];
  } catch {
    return [];
  }
}
