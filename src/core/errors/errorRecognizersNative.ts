// Recognisers for the shell, Python (python, pytest, pip), Rust (cargo, rustc), Go, C/C++ (gcc, clang, make),
// the JVM (javac, maven, gradle) and git. Same contract as errorRecognizersJs.ts.
import { baseName, following, packageName, preceding, quoted, toolOfCommand } from './errorKit';
import { signatureText as sig } from './errorSignature';
import type { ErrorTool, LineContext, Recognizer } from './errorTypes';

const SHELL = String.raw`(?:^|\s)[\w/.-]*\b(?:ba|z|da|k|fi|c|tc)?sh(?:\[\d+\])?: (?:line \d+: |\d+: )?`;
const MAKE = String.raw`^make(?:\[\d+\])?: \*\*\* `;
const PY_EXC = String.raw`((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Iteration))`;

function cTool(ctx: LineContext): ErrorTool {
  return /\bclang/.test(ctx.command) || /errors? generated\.|\bclang(?:\+\+)?:/.test(ctx.lowerOutput) ? 'clang' : 'gcc';
}

function pythonMessage(cls: string, msg: string | undefined): string {
  if (!msg) return cls === 'KeyboardInterrupt' ? 'interrupted' : 'raised';
  const m = msg.replace(/^global name /, 'name ').replace(/^No module named ([^'"\s]+)$/, "No module named '$1'");
  return sig(m);
}

const FRAME = /^\s*File "([^"]+)", line \d+/;

/** The exception line right after a traceback's frames (a frame, its source line, or a caret line before it). */
function closesTraceback(ctx: LineContext): boolean {
  if (!ctx.lowerOutput.includes('traceback (most recent call last)') && !ctx.lowerOutput.includes('file "')) return false;
  const before = preceding(ctx, 3);
  return before.some((l) => FRAME.test(l)) && !/^\s*(?:File |Traceback)/.test(ctx.lines[ctx.index]);
}

/** The innermost frame of the traceback ending at this line: the file the error points at. */
function originOf(ctx: LineContext): { origin?: string } {
  for (let i = ctx.index - 1; i >= 0 && i >= ctx.index - 12; i--) {
    const f = FRAME.exec(ctx.lines[i]);
    if (f) return { origin: f[1] };
    if (/^Traceback \(most recent call last\)/.test(ctx.lines[i].trim())) break;
  }
  return {};
}

function inPythonTraceback(ctx: LineContext): boolean {
  return (
    ctx.lowerOutput.includes('traceback (most recent call last)') ||
    /\bpython\d?(?:\.\d+)?\b|\.py\b/.test(ctx.command) ||
    preceding(ctx, 3).some((l) => /^File ".*", line \d+/.test(l))
  );
}

export const NATIVE_RECOGNIZERS: Recognizer[] = [
  // shell: every spelling of "command not found" gives the same key (errorSignature.ts canonicalises the text too).
  {
    re: new RegExp(`${SHELL}(?:command not found: ([^\\s:'"\`]+)|([^\\s:'"\`]+): (?:command )?not found)`),
    make: (m) => ({ tool: 'shell', message: `command not found: ${baseName(m[1] ?? m[2])}` }),
  },
  { re: /^([\w.@+-]+): command not found$/, make: (m) => ({ tool: 'shell', message: `command not found: ${m[1]}` }) },
  // zsh as Claude Code runs it on macOS: "(eval):1: command not found: rg", "zsh:1: command not found: rg"
  {
    re: /^(?:\(eval\)|[\w/.-]*\bz?sh):\d+: (?:command not found: ([^\s:'"`]+)|([^\s:'"`]+): command not found)/,
    make: (m) => ({ tool: 'shell', message: `command not found: ${baseName(m[1] ?? m[2])}` }),
  },
  {
    re: /^'([^']+)' is not recognized as an internal or external command|The term '([^']+)' is not recognized as the name of a cmdlet/,
    make: (m) => ({ tool: 'shell', message: `command not found: ${m[1] ?? m[2]}` }),
  },
  {
    re: new RegExp(`${SHELL}(\\S+): (Permission denied|No such file or directory)$`),
    make: (m) => ({ tool: 'shell', message: `${m[2].toLowerCase()}: ${baseName(m[1])}` }),
  },
  // rustc / cargo
  { re: /^error\[(E\d{4})\]: (.+)$/, make: (m) => ({ tool: 'rustc', code: m[1], message: sig(m[2]) }) },
  {
    re: /^\s*(?:error: )?failed to select a version for (?:the requirement )?[`'"]([\w-]+)/,
    make: (m) => ({ tool: 'cargo', message: `failed to select a version for the requirement '${m[1]}'` }),
  },
  {
    re: /^error: (no matching package named [`'][\w-]+[`'] found|failed to (?:load|parse) manifest.*|package [`'].+[`'] cannot be built.*)$/,
    make: (m) => ({ tool: 'cargo', message: sig(m[1]) }),
  },
  {
    re: /^error: failed to compile [`']([\w-]+)/,
    make: (m) => ({ tool: 'cargo', message: `failed to compile '${m[1]}'`, summary: true }),
  },
  {
    re: /^error: could not compile [`']([\w-]+)[`']/,
    make: (m) => ({ tool: 'cargo', message: `could not compile '${m[1]}'`, summary: true }),
  },
  // python / pytest / pip
  {
    re: new RegExp(`^E\\s+(ModuleNotFoundError|ImportError|SyntaxError)(?:: (.*))?$`),
    make: (m) => ({ tool: 'pytest', code: m[1], message: pythonMessage(m[1], m[2]) }),
  },
  // pytest's "E   SomeError: message" lines: the error under a failing test (an assertion is the test's own verdict).
  {
    re: /^E\s+((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Exit))(?:: (.*))?$/,
    make: (m) => (m[1] === 'AssertionError' || m[1].endsWith('.Failed') ? null : { tool: 'pytest', code: m[1], message: pythonMessage(m[1], m[2]) }),
  },
  {
    re: /^FAILED (\S+::\S+)/,
    make: (m) => ({ tool: 'pytest', message: `test failed: '${m[1].replace(/^.*?([\w.-]+(?:\/[\w.-]+)*::)/, '$1')}'` }),
  },
  {
    re: new RegExp(`^${PY_EXC}(?:: (.*))?$`),
    make: (m, ctx) => {
      if (m[1] === 'Error' || /^at /.test(following(ctx, 1)[0] ?? '') || !inPythonTraceback(ctx)) return null;
      return { tool: 'python', code: m[1], message: pythonMessage(m[1], m[2]), ...originOf(ctx) };
    },
  },
  // Any other exception class ends a traceback too (`KeyError`, `StopIteration`, `sphinx.errors.SphinxWarning`,
  // `django.core.exceptions.ImproperlyConfigured`): only right after the frames, never a loose `Name: text` line.
  {
    re: /^((?:[A-Za-z_]\w*\.)*[A-Z]\w*)(?:: (.*))?$/,
    make: (m, ctx) => {
      if (!closesTraceback(ctx)) return null;
      return { tool: 'python', code: m[1], message: pythonMessage(m[1], m[2]), ...originOf(ctx) };
    },
  },
  // `python -m pytest` without pytest: "/usr/bin/python3: No module named pytest" (the same error as the traceback form).
  {
    re: /^(?:\S*\/)?python[\d.]*: No module named ([\w.]+)$/,
    make: (m) => ({ tool: 'python', code: 'ModuleNotFoundError', message: pythonMessage('ModuleNotFoundError', `No module named '${m[1]}'`) }),
  },
  {
    re: /^(?:\S*\/)?python[\d.]*: can't open file '([^']+)': \[Errno \d+\] (.+)$/,
    make: (m) => ({ tool: 'python', message: `can't open file: ${sig(m[2])}`, origin: m[1] }),
  },
  {
    re: /(?:Could not find a version that satisfies the requirement|No matching distribution found for) ([^\s(]+)/,
    make: (m) => ({ tool: 'pip', message: `no matching distribution found for '${packageName(m[1])}'` }),
  },
  {
    re: /^error: externally-managed-environment/,
    make: () => ({ tool: 'pip', code: 'externally-managed-environment', message: 'this environment is externally managed' }),
  },
  // go
  {
    re: /^go: (cannot find main module|go\.mod file not found in current directory or any parent directory)/,
    make: (m) => ({ tool: 'go', message: m[1].startsWith('cannot') ? 'cannot find main module' : sig(m[1]) }),
  },
  {
    re: /^go: (?!downloading|finding|extracting|creating|added|upgraded|to add|found)(.*(?:cannot|not found|no required module|missing|invalid|unknown|no such|malformed|conflict|needed|inconsistent|requires go|does not contain|not in GOROOT|no Go files|exclude all Go files).*?)(?:; to update it:)?$/,
    make: (m) => ({ tool: 'go', message: sig(m[1]) }),
  },
  { re: /^((?:\.\/)?[\w./-]*\.go):\d+(?::\d+)?: (.+)$/, make: (m) => ({ tool: 'go', message: sig(m[2]), origin: m[1] }) },
  // javac (also as maven and ant print it): "Foo.java:43: error: cannot find symbol" + "symbol: class Bar"
  {
    re: /^(?:\[ERROR\] |\[javac\] )?\S+\.java:\[?\d+(?:,\d+)?\]?:? (?:error: )?(.+)$/,
    make: (m, ctx) => {
      if (/^(?:warning|Note):/.test(m[1])) return null;
      if (!/^cannot find symbol/.test(m[1])) return { tool: 'javac', message: sig(m[1]) };
      const sym = following(ctx, 3).map((l) => /symbol\s*:\s*(\w+\s+[\w.$]+)/.exec(l)?.[1]).find(Boolean);
      return { tool: 'javac', message: sym ? `cannot find symbol: ${sym.replace(/\s+/, ' ')}` : 'cannot find symbol' };
    },
  },
  // maven: "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:2.3.2:compile (default-compile) on project x: Compilation failure"
  {
    re: /^\[ERROR\] Failed to execute goal (?:([\w.-]+:[\w.-]+):[\w.-]+:([\w-]+) \([^)]*\) )?(?:on project [\w.-]+)?: (.+?)(?: -> \[Help \d+\])?$/,
    make: (m) => ({ tool: 'maven', message: `failed to execute goal${m[1] ? ` ${m[1]}:${m[2]}` : ''}: ${sig(m[3])}` }),
  },
  // gradle
  {
    re: /(?:^|> |: )(Could not resolve all (?:dependencies|files|artifacts) for configuration '[^']+'|Configuration with name '[^']+' not found|Execution failed for task '[^']+')/,
    make: (m) => ({ tool: 'gradle', message: sig(m[1]) }),
  },
  {
    re: /^\s*> Could not (?:find|resolve) ([\w.-]+:[\w.-]+)(?::[\w.+-]+)?\.?$/,
    make: (m) => ({ tool: 'gradle', message: `could not find '${m[1]}'` }),
  },
  // make
  {
    re: new RegExp(`${MAKE}No rule to make target [\`'‘]([^'’]+)['’]`),
    make: (m) => ({ tool: 'make', message: `no rule to make target ${quoted(m[1])}` }),
  },
  { re: new RegExp(`${MAKE}(No targets specified and no makefile found)`), make: (m) => ({ tool: 'make', message: sig(m[1]) }) },
  {
    re: new RegExp(`${MAKE}\\[(?:[^\\]]*?:\\d+: ?)?([^\\]]+?)\\] Error \\d+|^\\S*Makefile\\S*:\\d+: recipe for target '([^']+)' failed`),
    make: (m) => ({ tool: 'make', message: `recipe for target ${quoted((m[1] ?? m[2]).trim())} failed`, summary: true }),
  },
  // gcc / clang: "src/fb.c:1:10: fatal error: io.h: No such file or directory"
  {
    re: /^(?:In file included from .*)?(\S+?):\d+(?::\d+)?: (fatal error|error): (.+)$/,
    // The same shape from other checkers (`mypy`: "src/a.py:3: error: …") belongs to the program that ran.
    make: (m, ctx) => ({ tool: /\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|s|S|inc|ipp|tcc)$/.test(m[1]) || /\b(?:gcc|g\+\+|clang|cc|c\+\+|make|cmake|ninja)\b/.test(ctx.command) ? cTool(ctx) : toolOfCommand(ctx.command), message: `${m[2] === 'fatal error' ? 'fatal error: ' : ''}${sig(m[3])}`, origin: m[1] }),
  },
  {
    re: /undefined reference to (symbol )?[`'‘]([^'’@]+)/,
    make: (m, ctx) => ({ tool: cTool(ctx), message: `undefined reference to ${m[1] ?? ''}'${m[2]}'` }),
  },
  {
    re: /^(?:[\w.-]+-)?(?:clang(?:\+\+)?|gcc|g\+\+|cc|c\+\+|cc1|cc1plus): (?:fatal )?error: (.+)$/,
    make: (m, ctx) => ({
      tool: cTool(ctx),
      // gcc 8 says "command-line option", older "command line option"; the -Werror tag and hint are noise.
      message: sig(m[1].replace(/command-line/, 'command line').replace(/;\s*did you mean .*$|\s*\[-W[\w=-]+\]$/, '')),
      summary: /linker command failed/.test(m[1]),
    }),
  },
  {
    re: /^collect2(?:\.exe)?: error: ld returned \d+ exit status/,
    make: () => ({ tool: 'gcc', message: 'ld returned exit status', summary: true }),
  },
  // git
  {
    re: /^(?:error|fatal): pathspec '(.+)' did not match any file\(s\) known to git/,
    make: (m) => ({ tool: 'git', message: `pathspec ${quoted(m[1])} did not match any file(s) known to git` }),
  },
  {
    re: /^(?:error: )?(Your local changes to the following files|The following untracked working tree files) would be overwritten by (\w+)/,
    make: (m) => ({ tool: 'git', message: `${sig(m[1])} would be overwritten by ${m[2]}` }),
  },
  { re: /^fatal: [Nn]ot a git repository/, make: () => ({ tool: 'git', message: 'not a git repository' }) },
  {
    re: /^CONFLICT \(([^)]+)\): Merge conflict in (.+)$/,
    make: (m) => ({ tool: 'git', message: `merge conflict (${m[1]}) in ${sig(m[2])}` }),
  },
  { re: /^\s*! \[rejected\]\s+\S+ -> \S+ \((.+)\)/, make: (m) => ({ tool: 'git', message: `push rejected (${sig(m[1])})` }) },
  { re: /^error: src refspec (\S+) does not match any/, make: (m) => ({ tool: 'git', message: `src refspec '${m[1]}' does not match any` }) },
  { re: /^fatal: (.+)$/, make: (m) => ({ tool: 'git', message: sig(m[1]) }) },
  // any CLI: "error: unknown option '--foo'" — the flag is the meaningful part; the tool is whatever ran.
  {
    re: /^(?:error|Error|ERROR):? ((?:unknown|unrecognized|invalid) (?:option|flag|argument|command)s?):? [`'"‘]?(-{0,2}[\w.=-]+)/,
    make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: `${m[1].toLowerCase()} '${m[2]}'` }),
  },
];
