// Recognisers for errors any program prints, after the toolchain ones had their chance: the shell's own parse
// errors, argparse-style `prog: error: …` lines, `ERROR: …`/`Error: …` usage lines, `Sphinx error:`-style headers
// whose message is on the next line, sed's and grep's own errors, and linters' structured log lines
// (`level=error msg="…"`, JSON `{"level":"error",…}`, GitHub annotations `::error …::msg`). The tool is the
// program the command ran, when it is one we name.
import { following, toolOfCommand } from './errorKit';
import { signatureText as sig } from './errorSignature';
import type { Recognizer } from './errorTypes';

const SHELL = String.raw`^(?:[\w/.-]*\b(?:ba|z|da|k)?sh)(?:\[\d+\])?: (?:-c: )?(?:line \d+: )?`;

/** The program a usage error names: `pytest: error: …` → pytest; else the command's tool. */
const named = (prog: string | undefined, command: string) => (prog && /^[a-z][\w.-]*$/i.test(prog) && !/^(error|fatal|warning)$/i.test(prog) ? prog.replace(/\.py$/, '').toLowerCase() : toolOfCommand(command));

export const GENERIC_RECOGNIZERS: Recognizer[] = [
  // bash: -c: line 1: syntax error near unexpected token `('  ·  unexpected EOF while looking for matching `"'
  {
    re: new RegExp(`${SHELL}(syntax error near unexpected token|unexpected EOF while looking for matching|syntax error: unexpected end of file)(.*)$`),
    make: (m) => ({ tool: 'shell', code: 'syntax', message: sig(`${m[1]}${m[2].replace(/^ `?(.).*$/, " '$1'")}`) }),
  },
  // sed: -e expression #1, char 47: unknown command: `"'  ·  grep: Unmatched [, [^, [:, [., or [=
  {
    re: /^(sed|grep|awk|gawk|find|xargs|tar|cp|mv|chmod|ln|mkdir|tr|cut): (?:-e expression #\d+, char \d+: )?((?:unknown|unmatched|unterminated|invalid|unrecognized|missing|extra|unexpected|unbalanced|illegal|Unmatched|Invalid)\b.*)$/,
    make: (m) => ({ tool: m[1], message: sig(m[2].replace(/`(.)'$/, "'$1'")) }),
  },
  // ls: cannot access 'x': No such file or directory · rm: cannot remove 'x': … · cat: x: No such file or directory
  {
    re: /^(ls|rm|cat|cp|mv|stat|cd|head|tail|chmod|touch|mkdir|rmdir|find|du|wc|nl|sed|grep|diff|tar|unzip|ln|less|file): (?:cannot (?:access|remove|stat|open|read|create directory) )?[`'‘]?([^'’`:]+?)[`'’]?: (No such file or directory|Not a directory|Is a directory|Permission denied|File exists)$/,
    make: (m) => ({ tool: m[1], message: `${m[3].toLowerCase()}: ${sig(`'${m[2]}'`)}`, origin: m[2] }),
  },
  // jest and others: Option "testPathPattern" was replaced by "--testPathPatterns".
  {
    re: /^\s*(?:Unknown )?[Oo]ption [`'"‘“]?(-{0,2}[\w.-]+)[`'"’”]? (?:was replaced by|has been replaced by|was renamed to|was removed|is deprecated and was removed|is not supported)/,
    make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: `option '${m[1].replace(/^-+/, '')}' was replaced or removed` }),
  },
  // argparse and many CLIs: "pytest: error: unrecognized arguments: --foo", "usage: … \n x: error: …"
  {
    re: /^([\w.-]+): error: (.+)$/,
    make: (m, ctx) => ({ tool: named(m[1], ctx.command), message: sig(m[2].replace(/^(unrecognized arguments|argument [\w/-]+|the following arguments are required):\s*(\S+).*$/, '$1: $2')) }),
  },
  // "ERROR: file or directory not found: tests/x.py" (pytest), "ERROR: Could not open requirements file" (pip)
  {
    re: /^(?:ERROR|Error|error|FATAL|fatal): (?!exit code \d+$)(.{6,})$/,
    make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: sig(m[1]), fallback: true }),
  },
  // "Sphinx error:" / "Configuration error:" headers: the message is the next line.
  {
    re: /^([A-Z][\w ]{1,30}) error:$/,
    make: (m, ctx) => {
      const next = following(ctx, 1)[0];
      return next ? { tool: toolOfCommand(ctx.command), message: sig(`${m[1].toLowerCase()} error: ${next}`) } : null;
    },
  },
  // Docker without access to its daemon.
  {
    re: /(permission denied while trying to connect to the Docker daemon socket|Cannot connect to the Docker daemon at \S+?)\.? (?:Is the docker daemon running\?)?/,
    make: (m) => ({ tool: 'docker', message: sig(m[1].replace(/ at \S+$/, '')) }),
  },
  // GitHub's CLI without a login: "To get started with GitHub CLI, please run:  gh auth login".
  { re: /^To get started with GitHub CLI, please run:\s+gh auth login/, make: () => ({ tool: 'gh', message: 'not logged in (gh auth login)' }) },
  // golangci-lint / logrus: level=error msg="…"
  { re: /\blevel=(?:error|fatal)\b.*?\bmsg="((?:[^"\\]|\\.)+)"/, make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: sig(m[1]) }) },
  // JSON log lines: {"level":"error","msg":"…"} / {"severity":"ERROR","message":"…"}
  {
    re: /^\{.*"(?:level|severity)"\s*:\s*"(?:error|fatal|ERROR|FATAL)".*"(?:msg|message)"\s*:\s*"((?:[^"\\]|\\.)+)"/,
    make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: sig(m[1]) }),
  },
  // GitHub annotations: ::error file=a.ts,line=3::Cannot find name 'x'
  { re: /^::error(?: [^:]*)?::(.+)$/, make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: sig(m[1]) }) },
];
