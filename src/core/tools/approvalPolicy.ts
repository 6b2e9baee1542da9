// The approval policy: which commands and edits run without asking, which are refused, and which go to the user.
// `isReadOnlyCommand` is deliberately conservative: anything it cannot fully understand is "not read-only" (= ask).

/** `agent`: the specialist that asks (absent for the lead agent). */
export type ApprovalRequest =
  | { kind: 'command'; command: string; agent?: string }
  | { kind: 'edit'; file: string; diff: string; before?: string; after: string; agent?: string };

/**
 * `replacement`: for an edit, the whole content the user chose instead of the proposal (they changed the proposed side
 * before allowing it); the tool writes it and tells the model.
 */
export type ApprovalDecision = { allowed: true; how: 'auto' | 'user' | 'allowlist'; replacement?: string } | { allowed: false; reason: string };

export type ApprovalGate = (req: ApprovalRequest) => Promise<ApprovalDecision>;

export type ApprovalMode = 'ask' | 'allow' | 'deny';

export interface ApprovalPolicyOptions {
  edits: ApprovalMode;
  commands: ApprovalMode;
  trusted: boolean;
  /** Asks the user; without it, anything that needs asking is denied. */
  ask?: (req: ApprovalRequest) => Promise<ApprovalDecision>;
  /** Read-only commands (see isReadOnlyCommand) run without asking in 'ask' mode. Default true. */
  readOnlyAllowlist?: boolean;
  /** Exact commands (trimmed) the user chose to always allow; read live, so the caller may add to it later. */
  alwaysAllowed?: Set<string>;
}

export const UNTRUSTED_REASON =
  'The workspace is not trusted: Lucid does not run commands or write files in an untrusted workspace.';

export function createApprovalGate(opts: ApprovalPolicyOptions): ApprovalGate {
  return async (req) => {
    if (!opts.trusted) return { allowed: false, reason: UNTRUSTED_REASON };
    const mode = req.kind === 'command' ? opts.commands : opts.edits;
    const what = req.kind === 'command' ? 'Running commands' : 'Editing files';
    if (mode === 'deny') return { allowed: false, reason: `${what} is denied by the approval policy.` };
    if (mode === 'allow') return { allowed: true, how: 'auto' };
    if (req.kind === 'command') {
      if (opts.alwaysAllowed?.has(req.command.trim())) return { allowed: true, how: 'allowlist' };
      if (opts.readOnlyAllowlist !== false && isReadOnlyCommand(req.command)) return { allowed: true, how: 'allowlist' };
    }
    if (!opts.ask) return { allowed: false, reason: `${what} needs approval and no one is available to approve it.` };
    try {
      return await opts.ask(req);
    } catch (err) {
      return { allowed: false, reason: `The approval request failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

export const PLAN_MODE_REASON =
  'Plan mode: nothing is changed until the user approves your plan. Read what you need with read-only tools, then answer with the plan (the files to change, the commands to run, how to check the result).';

/** Plan mode over a gate: while `planning()` says so, edits and commands that are not read-only are refused. */
export function withPlanMode(inner: ApprovalGate, planning: () => boolean): ApprovalGate {
  return async (req) => {
    if (planning() && (req.kind === 'edit' || !isReadOnlyCommand(req.command))) return { allowed: false, reason: PLAN_MODE_REASON };
    return inner(req);
  };
}

// ---- read-only command recognition ----

interface Word {
  text: string;
  /** Has an unquoted glob character (*, ?, [) — its expansion could start with '-' when the first char is one. */
  globStart: boolean;
}

const SAFE_REDIRECT = /^(?:[12]?>>?\/dev\/null|&>\/dev\/null|[12]?>&[12])$/;

/**
 * Splits a command line into pipeline segments joined by `|`, `&&` or `||`. Returns undefined for anything
 * beyond that: `;`, `&`, newlines, `$`, backticks, subshells, braces, comments, heredocs, and redirections other than
 * to /dev/null or between stdout and stderr.
 */
function splitCommandLine(line: string): Word[][] | undefined {
  const segments: Word[][] = [[]];
  let word: Word | undefined;
  const endWord = () => {
    if (word) segments[segments.length - 1].push(word);
    word = undefined;
  };
  const add = (c: string, glob = false) => {
    word ??= { text: '', globStart: false };
    if (glob && word.text === '') word.globStart = true;
    word.text += c;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      add(line.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '$' || line[j] === '`') return undefined;
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        text += line[j];
      }
      if (j >= line.length) return undefined;
      add(text);
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length || line[i + 1] === '\n') return undefined;
      add(line[++i]);
    } else if (c === '|' || (c === '&' && line[i + 1] === '&')) {
      endWord();
      if (line[i + 1] === c) i++;
      else if (line[i + 1] === '&') return undefined; // `|&`
      if (segments[segments.length - 1].length === 0) return undefined;
      segments.push([]);
    } else if (c === '>' || (c === '&' && line[i + 1] === '>')) {
      let fd = '';
      if (word && /^[12]$/.test(word.text)) [fd, word] = [word.text, undefined];
      else endWord();
      const m = /^(&?>>?&?)[ \t]*([\w/.-]+)/.exec(line.slice(i));
      if (!m || !SAFE_REDIRECT.test(fd + m[1] + m[2])) return undefined;
      i += m[0].length - 1;
    } else if ('$`;&<()\n\r{}'.includes(c) || ((c === '#' || c === '!') && !word)) {
      return undefined;
    } else {
      add(c, c === '*' || c === '?' || c === '[');
    }
  }
  endWord();
  return segments.some((s) => s.length === 0) ? undefined : segments;
}

/** Plain commands whose every form only reads (or prints). */
const ALWAYS_READ_ONLY = new Set([
  'ls', 'cat', 'head', 'wc', 'pwd', 'echo', 'grep', 'egrep', 'fgrep', 'which', 'cut', 'nl', 'stat',
  'basename', 'dirname', 'realpath', 'readlink', 'du', 'df', 'whoami', 'uname', 'true', 'false', 'cd', 'diff', 'cmp',
  'tr', 'comm',
]);
const VERSION_ONLY = new Set(['node', 'npm', 'npx', 'pnpm', 'yarn', 'python', 'python3', 'tsc', 'rustc', 'cargo', 'deno', 'bun']);
const GIT_READ_ONLY = new Set(['status', 'log', 'diff', 'show', 'branch', 'rev-parse', 'ls-files', 'blame', 'remote']);
const FIND_WRITES = /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/;
const BRANCH_FLAGS = new Set(['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--list', '-l', '--show-current', '--merged', '--no-merged', '--contains']);

const shortFlagHas = (arg: string, letters: string) => /^-[^-]/.test(arg) && [...arg.slice(1)].some((l) => letters.includes(l));

function isReadOnlySimple(words: Word[]): boolean {
  const [cmd, ...args] = words.map((w) => w.text);
  if (!/^[a-z][a-z0-9._-]*$/.test(cmd) || words[0].globStart) return false; // no paths, no assignments
  // Reading is only "safe" inside the workspace: absolute paths, ~ and .. go to the user.
  if (args.some((a) => /^[/~]|=[/~]|(^|[/=])\.\.($|\/)/.test(a))) return false;
  // Any glob that could expand to a flag is refused for commands that have writing flags.
  const globFlag = words.slice(1).some((w) => w.globStart);
  if (ALWAYS_READ_ONLY.has(cmd)) return true;
  switch (cmd) {
    case 'tail':
      return !args.some((a) => a.startsWith('--f') || a === '--retry' || shortFlagHas(a, 'fF'));
    case 'sort':
      return !globFlag && !args.some((a) => a.startsWith('--o') || a.startsWith('--comp') || shortFlagHas(a, 'o'));
    case 'uniq':
      return args.filter((a) => !a.startsWith('-')).length <= 1; // a second operand is an output file
    case 'tree':
      return !globFlag && !args.some((a) => shortFlagHas(a, 'o') || a.startsWith('--o'));
    case 'rg':
      return !globFlag && !args.some((a) => a.startsWith('--pre'));
    case 'find':
      return !globFlag && !args.some((a) => FIND_WRITES.test(a));
    case 'sed':
      return !globFlag && isReadOnlySed(args);
    case 'git':
      return !globFlag && isReadOnlyGit(args);
    case 'go':
      return args.length === 1 && args[0] === 'version';
  }
  return VERSION_ONLY.has(cmd) && args.length === 1 && ['--version', '-v', '-V'].includes(args[0]);
}

function isReadOnlySed(args: string[]): boolean {
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--quiet' || a === '-E' || a === '-r' || a === '--regexp-extended') continue;
    if (a === '-e') scripts.push(args[++i] ?? '');
    else if (a.startsWith('-')) return false; // -i, --in-place, -f, -s, …
    else if (scripts.length === 0) scripts.push(a);
  }
  const print = /^(?:\d+|\$)(?:,(?:\d+|\$))?p$/;
  const subst = /^s\/(?:[^/\\]|\\.)*\/(?:[^/\\]|\\.)*\/[gpI0-9]*$/;
  return scripts.length > 0 && scripts.every((s) => print.test(s) || subst.test(s));
}

function isReadOnlyGit(args: string[]): boolean {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '--no-pager') i++;
    else if (args[i] === '-C') i += 2;
    else if (args[i] === '--version' && args.length === 1) return true;
    else return false; // -c can define aliases, pagers, …
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!GIT_READ_ONLY.has(sub)) return false;
  if (rest.some((a) => a.startsWith('--output') || a === '--ext-diff' || a.startsWith('--exec'))) return false;
  if (sub === 'branch') return rest.every((a) => BRANCH_FLAGS.has(a) || (a.startsWith('--format=') || a.startsWith('--sort=')));
  if (sub === 'remote') return rest.every((a) => a === '-v' || a === '--verbose');
  return true;
}

/** True when every part of the command line only reads; see splitCommandLine for what is refused outright. */
export function isReadOnlyCommand(command: string): boolean {
  const segments = splitCommandLine(command.trim());
  return !!segments && segments.every(isReadOnlySimple);
}
