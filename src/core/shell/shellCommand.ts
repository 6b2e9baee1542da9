// A shell command line read for what it does: each simple command as an invocation (the program really run,
// behind `sudo`, `npx`, `python -m`, env assignments; its subcommand, flags, operands, the script or inline
// code it runs), the files it writes (redirections, `tee`, `sed -i`, `cp`/`mv`, here-documents into files,
// `open(…, 'w')` in inline Python), and whether the line's exit status can be trusted (a filter at the end of a
// pipe, or `|| true`, decide it whatever happened before).
import { parseShell, type Connector, type SimpleCommand } from './shellSyntax';
import { writesOf } from './shellWrites';
import {
  NESTED_SUBCOMMANDS,
  FILTERS, INLINE_CODE_FLAGS, INSPECTING_SUBCOMMANDS, INTERPRETERS, isInstall, READERS, SCRIPT_RUNNERS, WITH_SUBCOMMANDS,
  WRAPPER_SUBCOMMANDS, WRAPPERS,
} from './programRoles';

export interface Invocation {
  /** The program run, after wrappers: `pytest`, `python`, `git`, `bin/test`, `./x.sh`. Interpreter versions folded (`python3.9` → `python`). */
  program: string;
  /** As written (`python3`, `/usr/bin/python3`), for showing. */
  programAsWritten: string;
  /** Wrappers in front, outermost first (`sudo`, `npx`, `python -m`, `uv run`). */
  wrappers: string[];
  /** `NAME=value` assignments in front, as written. */
  env: string[];
  /** `test`, `run build`, `checkout`… for programs with subcommands. */
  subcommand?: string;
  /** Everything after program and subcommand, unquoted. */
  args: string[];
  /** Every word after the program, subcommand included, in the order written (unquoted). */
  words: string[];
  /** The flags among `args`, without values (`--foo=bar` → `--foo`). */
  flags: string[];
  /** The arguments that are not flags (files, test labels, packages, branches). */
  operands: string[];
  /** For an interpreter: the script file it runs. */
  script?: string;
  /** For an interpreter: code given inline (`-c`) or on stdin (a here-document). */
  code?: { via: 'inline' | 'stdin'; text: string };
  /** The here-document fed to the call, and whether its delimiter was quoted (`<<'EOF'`: taken literally). */
  heredoc?: { quoted: boolean; body: string };
  /** What the call is, for telling "the same call" from "another call": `pytest`, `npm run build`, `python x.py`. */
  identity: string;
  /** Files this call writes. */
  writes: string[];
  /** Those of `writes` it replaces whole (`> f`, `tee f`, `cp a f`, `open(f, 'w')`): it may have created them. */
  replaces: string[];
  /** Files it reads as input (`< file`). */
  stdinFile?: string;
  /** Only prints what it reads (cat, grep, ls, `git status`…). */
  reads: boolean;
  /** Installs dependencies or tools. */
  installs: boolean;
  /** Position in its pipe (0: the first command). */
  stage: number;
  /** The simple command as written. */
  text: string;
}

export interface ShellCommand {
  text: string;
  invocations: Invocation[];
  /** The bodies of the line's here-documents, in order. */
  heredocs: string[];
  /** Pipelines, each a list of indexes into `invocations`, with the connector to the next pipeline. */
  pipelines: Array<{ members: number[]; next?: Connector }>;
  /**
   * False when the line's exit status says nothing about the work it did: a pipe ending in a filter (`| head`,
   * `| grep`) whose first command is not itself a reader, or a list ending in `|| true` / `; echo …`.
   */
  statusTrustworthy: boolean;
  problems: string[];
}

/** Flags before a subcommand that take a value (`git -C dir`, `npm --prefix dir`, `mvn -f pom.xml`). */
const VALUE_FLAGS = new Set(['-C', '-c', '--prefix', '-f', '--file', '-w', '--workspace', '--filter', '-F', '--dir', '--cwd', '-p', '--project', '--manifest-path', '-pl']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `python3.11` → `python`, `/usr/bin/pip3` → `pip3`, `./bin/test` stays a path. */
export function programName(word: string): string {
  const base = word.startsWith('./') || word.startsWith('../') || (word.includes('/') && !word.startsWith('/')) ? word.replace(/^\.\//, '') : word.replace(/^.*\//, '');
  if (/^python\d*(\.\d+)?$/.test(base)) return 'python';
  if (/^pip\d(\.\d+)?$/.test(base)) return 'pip';
  if (/^(g\+\+|c\+\+)(-\d+)?$/.test(base)) return 'g++';
  return base;
}

function flagName(a: string): string {
  return a.startsWith('--') ? a.replace(/=.*$/, '') : a;
}

/** Reads one simple command as an invocation. */
function invocationOf(cmd: SimpleCommand, stage: number): Invocation | undefined {
  let words = [...cmd.words];
  const env: string[] = [];
  while (words.length && ASSIGNMENT.test(words[0])) env.push(words.shift()!);
  const wrappers: string[] = [];
  for (;;) {
    const w = words[0];
    if (w === undefined) break;
    const name = programName(w);
    if (WRAPPERS.has(name) && words.length > 1) {
      if (name === 'env') {
        words.shift();
        while (words.length && (words[0].startsWith('-') || ASSIGNMENT.test(words[0]))) {
          const x = words.shift()!;
          if (ASSIGNMENT.test(x)) env.push(x);
        }
      } else {
        words.shift();
        while (words.length && words[0].startsWith('-')) {
          const flag = words.shift()!;
          if (/^-(u|g|n|c|s|k|I|P|L)$/.test(flag) && name !== 'npx') words.shift(); // flags with a value (sudo -u x, xargs -n 1, timeout -s)
        }
        if (name === 'timeout' && /^\d/.test(words[0] ?? '')) words.shift();
      }
      wrappers.push(name);
      continue;
    }
    if (WRAPPER_SUBCOMMANDS[name]?.has(words[1] ?? '') && words.length > 2) {
      wrappers.push(`${name} ${words[1]}`);
      words = words.slice(2);
      if (name === 'docker' || name === 'docker-compose') {
        while (words.length && words[0].startsWith('-')) words.shift();
        words.shift(); // the container or service
      }
      while (words.length && words[0].startsWith('-') && name !== 'uv') words.shift();
      continue;
    }
    if (name === 'python' && words[1] === '-m' && words[2]) {
      // `python -m pytest` runs pytest; an interpreter given by its path (`/usr/bin/python3`) is kept as written.
      wrappers.push(`${w.startsWith('/') ? w : name} -m`);
      words = words.slice(2);
      break;
    }
    break;
  }
  if (!words.length) return undefined;
  const programAsWritten = words[0];
  const program = programName(words[0]);
  let rest = words.slice(1);
  let subcommand: string | undefined;
  if (WITH_SUBCOMMANDS.has(program) && rest.length) {
    // The subcommand is the first word that is not a flag (`mvn -q install`, `git -C dir status`); make's first target.
    let at = 0;
    while (at < rest.length && rest[at].startsWith('-')) at += VALUE_FLAGS.has(rest[at]) ? 2 : 1;
    const firstPositional = program === 'make' ? rest.find((a) => !a.startsWith('-') && !a.includes('=')) : rest[at];
    if (firstPositional !== undefined && (program === 'make' || /^[a-z][\w:.-]*$/i.test(firstPositional))) {
      const idx = rest.indexOf(firstPositional);
      subcommand = firstPositional;
      rest = rest.filter((_, i) => i !== idx);
      if (SCRIPT_RUNNERS.has(subcommand) && rest[idx] && !rest[idx].startsWith('-')) {
        subcommand = `run ${rest[idx]}`;
        rest = rest.filter((_, i) => i !== idx);
      } else if (NESTED_SUBCOMMANDS[program]?.has(subcommand) && rest[idx] && /^[a-z][\w-]*$/.test(rest[idx])) {
        // A group of verbs (`uv pip install`, `gh pr view`, `docker compose up`): the verb is part of what the call does.
        subcommand = `${subcommand} ${rest[idx]}`;
        rest = rest.filter((_, i) => i !== idx);
      } else if (program === 'git' && subcommand === 'stash' && rest[idx] && !rest[idx].startsWith('-')) {
        subcommand = `stash ${rest[idx]}`;
        rest = rest.filter((_, i) => i !== idx);
      }
    }
  }
  const flags = rest.filter((a) => a.startsWith('-') && a !== '-' && a !== '--').map(flagName);
  const operands = rest.filter((a) => !a.startsWith('-') || a === '-');
  const inv: Invocation = {
    program, programAsWritten, wrappers, env, ...(subcommand ? { subcommand } : {}), args: rest, words: words.slice(1), flags, operands,
    identity: subcommand ? `${program} ${subcommand}` : program, writes: [], replaces: [], reads: false, installs: false, stage, text: cmd.text,
  };
  if (cmd.heredoc) inv.heredoc = { quoted: cmd.heredoc.quoted, body: cmd.heredoc.body };
  readInterpreter(inv, cmd);
  const written = writesOf(inv, cmd);
  inv.writes = written.all;
  inv.replaces = written.replaced;
  const stdin = cmd.redirects.find((r) => r.op === '<' && (r.fd === undefined || r.fd === 0));
  if (stdin) inv.stdinFile = stdin.target;
  inv.installs = isInstall(program, subcommand ?? (program === 'yarn' && !rest.length ? '' : undefined));
  inv.reads = isReader(inv);
  return inv;
}

function readInterpreter(inv: Invocation, cmd: SimpleCommand): void {
  if (!INTERPRETERS.has(inv.program) || inv.wrappers.some((w) => w.endsWith(' -m'))) return;
  const inlineFlags = INLINE_CODE_FLAGS[inv.program] ?? [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i];
    if (inlineFlags.includes(a) && inv.args[i + 1] !== undefined && !inv.args[i + 1].startsWith('-')) {
      inv.code = { via: 'inline', text: inv.args[i + 1] };
      inv.identity = `${inv.program} ${a}`;
      return;
    }
    if (a === '-m' && inv.args[i + 1]) {
      inv.identity = `${inv.program} -m ${inv.args[i + 1]}`;
      return;
    }
    if (!a.startsWith('-')) {
      if (a !== '-') {
        inv.script = a;
        inv.identity = `${inv.program} ${a}`;
      }
      break;
    }
  }
  if (!inv.script && cmd.heredoc) {
    inv.code = { via: 'stdin', text: cmd.heredoc.body };
    inv.identity = `${inv.program} -`;
  }
}

function isReader(inv: Invocation): boolean {
  if (inv.writes.length) return false;
  if (inv.program === 'sed' && inv.flags.some((f) => /^-[a-zA-Z]*i/.test(f) || f === '--in-place')) return false;
  if (inv.program === 'env' || inv.program === 'printenv') return inv.operands.length === 0;
  if (READERS.has(inv.program)) return true;
  if (inv.subcommand && INSPECTING_SUBCOMMANDS.has(`${inv.program} ${inv.subcommand}`)) return true;
  // `tool --version`, `tool --help`: asks about the tool, does no work.
  const words = [...(inv.subcommand ? inv.subcommand.split(' ') : []), ...inv.args];
  return words.length > 0 && words.every((w) => /^(--version|-v|-V|--help|-h|help|version)$/.test(w));
}

/** Reads a command line (see the top of the file). */
export function readShellCommand(text: string): ShellCommand {
  const parsed = parseShell(text);
  const invocations: Invocation[] = [];
  const pipelines: ShellCommand['pipelines'] = [];
  for (const p of parsed.pipelines) {
    const members: number[] = [];
    p.commands.forEach((c, stage) => {
      const inv = invocationOf(c, stage);
      if (inv) {
        members.push(invocations.length);
        invocations.push(inv);
      }
    });
    if (members.length) pipelines.push({ members, ...(p.next ? { next: p.next } : {}) });
  }
  const heredocs = parsed.pipelines.flatMap((p) => p.commands.flatMap((c) => (c.heredoc ? [c.heredoc.body] : [])));
  return { text, invocations, heredocs, pipelines, statusTrustworthy: trustworthy(invocations, pipelines), problems: parsed.problems };
}

function trustworthy(invs: Invocation[], pipelines: ShellCommand['pipelines']): boolean {
  for (let p = 0; p < pipelines.length; p++) {
    const members = pipelines[p].members.map((i) => invs[i]);
    const last = members[members.length - 1];
    // `… | head`: head's status; unless what feeds it only reads (its status is not worth much anyway).
    if (members.length > 1 && FILTERS.has(last.program) && !members[0].reads) return false;
    const prev = pipelines[p - 1];
    // `x || true`, `x || echo failed`, `x; echo done`: the status is the fallback's.
    if (prev && (prev.next === '||' || prev.next === ';') && p === pipelines.length - 1 && members.every((m) => m.reads || m.program === 'exit')) {
      const before = pipelines[p - 1].members.map((i) => invs[i]);
      if (!before.every((m) => m.reads)) return false;
    }
  }
  return true;
}
