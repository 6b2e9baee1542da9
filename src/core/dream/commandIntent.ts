// What a shell command is trying to do, so a dream can tell "the same call, changed" from "another call".
// `npm test test/a.ts 2>&1 | head` → segments [{ program: 'npm', intent: 'npm test', args: ['test/a.ts'] }].

export interface CommandSegment {
  /** The program as run, without wrappers: `npx vitest` → `vitest` (wrapper kept in `wrapper`). */
  program: string;
  wrapper?: string;
  /** Program plus subcommand where the program has subcommands: `npm test`, `git checkout`, `cargo build`. */
  intent: string;
  args: string[];
  text: string;
}

const WRAPPERS = new Set(['npx', 'pnpx', 'bunx', 'sudo', 'time', 'env', 'nohup', 'exec']);
const WRAPPER_SUBCOMMANDS: Record<string, string[]> = { pnpm: ['exec', 'dlx'], yarn: ['dlx', 'exec'], npm: ['exec'], uv: ['run'], poetry: ['run'], bundle: ['exec'] };
const WITH_SUBCOMMANDS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'git', 'cargo', 'go', 'docker', 'kubectl', 'pip', 'pip3', 'poetry', 'uv', 'dotnet', 'gradle', './gradlew', 'mvn', 'gh', 'deno', 'rustup', 'make']);
/** Subcommands that take a script name, which is part of the intent (`npm run build`). */
const SCRIPT_RUNNERS = new Set(['run', 'run-script']);

/** Splits a shell line into words, honouring quotes (no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) words.push(cur);
  return words;
}

/** The commands of a line joined by `&&`, `||`, `;`, `|` (each pipeline's first command only). */
export function commandSegments(line: string): CommandSegment[] {
  const out: CommandSegment[] = [];
  const firstLine = line.split(/\n/)[0];
  for (const chainPart of firstLine.split(/\s*(?:&&|\|\||;)\s*/)) {
    const text = chainPart.split(/\s\|\s|\|(?!\|)/)[0].trim();
    const seg = parseSegment(text);
    if (seg) out.push(seg);
  }
  return out;
}

function parseSegment(text: string): CommandSegment | undefined {
  let words = shellWords(text.replace(/\s\d?>&\d|\s\d?>>?\s*\S+|\s<\s*\S+/g, ' '));
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
  if (!words.length) return undefined;
  let wrapper: string | undefined;
  if (WRAPPERS.has(words[0])) {
    wrapper = words[0];
    words = words.slice(1);
    while (words.length && words[0].startsWith('-')) words = words.slice(1);
  } else if (WRAPPER_SUBCOMMANDS[words[0]]?.includes(words[1])) {
    wrapper = `${words[0]} ${words[1]}`;
    words = words.slice(2);
  }
  if (!words.length) return undefined;
  const program = words[0].startsWith('./') ? words[0] : words[0].replace(/^.*\//, '');
  let intent = program;
  let rest = words.slice(1);
  if (WITH_SUBCOMMANDS.has(program) && rest.length && !rest[0].startsWith('-')) {
    intent = `${program} ${rest[0]}`;
    if (SCRIPT_RUNNERS.has(rest[0]) && rest[1] && !rest[1].startsWith('-')) {
      intent = `${program} run ${rest[1]}`;
      rest = rest.slice(2);
    } else rest = rest.slice(1);
  }
  return { program, ...(wrapper ? { wrapper } : {}), intent, args: rest, text };
}

/** The intents of a command line, in order, without the read-only helpers around them (`cd`, `echo`, `head`…). */
export function commandIntents(line: string): string[] {
  return commandSegments(line)
    .filter((s) => !PASSIVE.has(s.program))
    .map((s) => s.intent);
}

const PASSIVE = new Set(['cd', 'echo', 'printf', 'true', 'head', 'tail', 'cat', 'grep', 'sleep', 'clear', 'pwd', 'ls', 'wc', 'sort']);

/** The main intent of a command line: its first non-passive command (or the first command). */
export function mainIntent(line: string): string {
  const segs = commandSegments(line);
  return (segs.find((s) => !PASSIVE.has(s.program)) ?? segs[0])?.intent ?? line.trim().split(/\s+/)[0] ?? '';
}

/** Arguments that name something specific (files, test labels, packages): shared ones suggest the same target. */
export function targetArgs(line: string): string[] {
  return commandSegments(line)
    .flatMap((s) => s.args)
    .filter((a) => !a.startsWith('-') && a.length > 2 && !/^\d+$/.test(a));
}

/** Read-only inspection commands: never a fix step. */
export function isInspection(line: string): boolean {
  const segs = commandSegments(line);
  return segs.length > 0 && segs.every((s) => PASSIVE.has(s.program) || INSPECTION_INTENTS.has(s.intent) || INSPECTION_PROGRAMS.has(s.program) || isVersionOrHelp(s));
}

/** `vitest --version`, `tsc -v`, `make --help`: asks about the tool, does no work. */
export function isVersionOrHelp(s: CommandSegment): boolean {
  const words = [s.intent.split(' ').slice(1), s.args].flat();
  return words.length > 0 && words.every((w) => /^(--version|-v|-V|--help|-h|help|version)$/.test(w));
}

const INSPECTION_PROGRAMS = new Set(['find', 'which', 'type', 'rg', 'less', 'file', 'stat', 'du', 'df', 'env', 'printenv', 'tree']);
const INSPECTION_INTENTS = new Set(['git status', 'git log', 'git diff', 'git show', 'git branch', 'git remote', 'npm ls', 'npm view', 'npm list', 'pnpm ls', 'yarn why', 'npm config', 'gh pr']);
