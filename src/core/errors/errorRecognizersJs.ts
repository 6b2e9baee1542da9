// Recognisers for the JavaScript/TypeScript toolchains: tsc, eslint, npm, pnpm, yarn, node, jest, vitest, mocha.
// Each turns one meaningful error line (plus, where the tool splits it, a line or two after it) into the
// message part of a signature key; stack frames, progress and log-file lines simply match nothing.
import { baseName, commandUses, following, moduleName, packageName, toolOfCommand } from './errorKit';
import { signatureText as sig } from './errorSignature';
import type { LineContext, Recognizer } from './errorTypes';

const NPM = String.raw`^npm (?:ERR!|error)`;

function npmCodeMessage(code: string, ctx: LineContext): { message: string; summary?: boolean } {
  const rest = following(ctx, 6)
    .filter((l) => /^npm (?:ERR!|error) /.test(l))
    .map((l) => l.replace(/^npm (?:ERR!|error)\s+/, ''))
    .filter((l) => l && !/^(?:errno|syscall|path|command|signal|code|A complete log)\b/.test(l));
  if (/^\d+$/.test(code) || code === 'ELIFECYCLE') return { message: 'command failed', summary: true };
  if (code === 'E404') {
    const missing = rest.map((l) => /'(.+?)' is not in (?:the npm|this) registry/.exec(l)?.[1]).find(Boolean);
    const got = rest.map((l) => /404 Not Found(?: - GET \S*\/|: )(\S+?)(?: - |$)/.exec(l)?.[1]).find(Boolean);
    const name = missing ?? (got ? decodeURIComponent(got.replace(/%2f/gi, '/')) : undefined);
    return { message: name ? `'${packageName(name)}' is not in the npm registry` : 'not found' };
  }
  if (code === 'ENOENT') {
    const what = rest.map((l) => /ENOENT: (no such file or directory), (\w+) '(.+?)'/.exec(l)).find(Boolean);
    return { message: what ? `${what[1]}, ${what[2]} '${baseName(what[3])}'` : 'no such file or directory' };
  }
  const first = rest[0]?.replace(new RegExp(`^${code}:?\\s*`), '');
  return { message: first ? sig(first) : code.toLowerCase() };
}

/** tsc's message; a missing module keeps its name (`Cannot find module './generated/api'`). */
function tscMessage(text: string): string {
  const mod = /^Cannot find module '([^']+)'/.exec(text);
  return mod ? `cannot find module ${moduleName(mod[1])}` : sig(text.replace(/ or its corresponding type declarations/, ''));
}

/** The file a tsc error points at: `src/a.ts(4,26): error …` or `src/a.ts:4:26 - error …`. */
function tscOrigin(line: string): { origin?: string } {
  const m = /^\s*([^\s(:]+\.[cm]?[jt]sx?)(?:\(\d+,\d+\)|:\d+:\d+)/.exec(line);
  return m ? { origin: m[1] } : {};
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Mocha prints a failure as "  1) suite\n       nested\n         test name:" — join it back into one name. */
function mochaTestName(first: string, ctx: LineContext): string | null {
  const parts = [first.replace(/:$/, '')];
  if (first.endsWith(':')) return parts[0];
  const base = indentOf(ctx.lines[ctx.index]);
  for (let i = ctx.index + 1; i < ctx.lines.length && i <= ctx.index + 5; i++) {
    const l = ctx.lines[i];
    if (!l.trim() || indentOf(l) <= base) return null;
    parts.push(l.trim().replace(/:$/, ''));
    if (l.trimEnd().endsWith(':')) return parts.join(' ');
  }
  return null;
}

export const JS_RECOGNIZERS: Recognizer[] = [
  // tsc: "src/a.ts(4,26): error TS2307: Cannot find module 'express'." / "src/a.ts:4:26 - error TS2307: …"
  {
    re: /\berror (TS\d{4,5}): (.+)$/,
    make: (m, ctx) => ({
      tool: 'tsc',
      code: m[1],
      message: tscMessage(m[2]),
      ...tscOrigin(ctx.lines[ctx.index]),
    }),
  },
  // eslint (stylish): "  3:37  error  Parsing error: Unexpected token /" / "  2:7  error  'x' is … never used  no-unused-vars"
  {
    re: /^\s*\d+:\d+\s+error\s+(.+?)(?:\s{2,}(@?[a-z][\w-]*(?:\/[\w-]+)*))?\s*$/,
    make: (m) => ({ tool: 'eslint', code: m[2], message: sig(m[1]) }),
  },
  // npm: "npm ERR! code ERESOLVE" + the lines that explain it.
  {
    re: new RegExp(`${NPM} code (\\S+)`),
    make: (m, ctx) => ({ tool: 'npm', code: /^\d+$/.test(m[1]) ? undefined : m[1], ...npmCodeMessage(m[1], ctx) }),
  },
  { re: new RegExp(`${NPM} ERESOLVE (.+)$`), make: (m) => ({ tool: 'npm', code: 'ERESOLVE', message: sig(m[1]) }) },
  {
    re: new RegExp(`${NPM} [Mm]issing script:? "?([^"\\s]+)"?`),
    make: (m) => ({ tool: 'npm', message: `missing script: '${m[1]}'` }),
  },
  { re: new RegExp(`${NPM} (Exit handler never called)`), make: (m) => ({ tool: 'npm', message: sig(m[1]) }) },
  { re: new RegExp(`${NPM} (Unsupported URL Type "[^"]+")`), make: (m) => ({ tool: 'npm', code: 'EUNSUPPORTEDPROTOCOL', message: sig(m[1]) }) },
  // Any other "npm error <Message>" line, as a fallback (the code line and its explanation win).
  {
    re: new RegExp(`${NPM} (?!code |errno |syscall |path |signal |command |cwd |A complete log|[Ll]og files|enoent |\\s)([A-Z][^:]{3,}:? .{4,})$`),
    make: (m) => ({ tool: 'npm', message: sig(m[1]), fallback: true }),
  },
  // A package whose engines field rules out the Node (or npm) that runs it (yarn and pnpm refuse to install).
  {
    re: /The engine "([\w-]+)" is incompatible with this module\. Expected version "([^"]+)"/,
    make: (m) => ({ tool: 'node', code: 'EBADENGINE', message: `engine '${m[1]}' is incompatible: expected '${m[2]}'` }),
  },
  // `npx tsc` without TypeScript installed runs an unrelated package that says so: tsc is missing.
  { re: /This is not the tsc command you are looking for/, make: () => ({ tool: 'shell', message: 'command not found: tsc' }) },
  {
    re: new RegExp(`${NPM} (?:Test failed|weird error \\d+|not ok code)`),
    make: () => ({ tool: 'npm', message: 'command failed', summary: true }),
  },
  // pnpm: " ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because …"
  {
    re: /\b(ERR_PNPM_[A-Z0-9_]+)\b:?\s*(.*)$/,
    make: (m) => ({ tool: 'pnpm', code: m[1], message: sig(m[2].split(/\s+because\s+/)[0]) || m[1] }),
  },
  {
    re: /^\s*ELIFECYCLE\s+Command failed/,
    make: () => ({ tool: 'pnpm', code: 'ELIFECYCLE', message: 'command failed', summary: true }),
  },
  // yarn berry: "Usage Error: The project in /x/package.json doesn't seem to have been installed - running …"
  {
    re: /^(?:➤ YN\d{4}: .*?)?Usage Error: (.+)$/,
    make: (m) => ({ tool: 'yarn', message: sig(m[1].split(/\s+-\s+/)[0]) }),
  },
  // yarn classic: "error Couldn't find package "axios" on the "npm" registry." / "error Command failed with exit code 1."
  {
    re: /^error (?:An unexpected error occurred: )?([A-Z"'].+)$/,
    make: (m, ctx) => {
      const yarnish = /\byarn\b/.test(ctx.command) || ctx.lowerOutput.includes('yarn') || /Couldn't find package/.test(m[1]);
      if (!yarnish) return null;
      if (/^Command failed with exit code/.test(m[1])) return { tool: 'yarn', message: 'command failed', summary: true };
      return { tool: 'yarn', message: sig(m[1]) };
    },
  },
  // jest: "● Test suite failed to run" and, indented in its details, the error that stopped it (an ESM import, a transform).
  {
    re: /^\s*● Test suite failed to run\s*$/,
    make: (_m, ctx) => {
      const cause = following(ctx, 40).map((l) => /^\s*([A-Z]\w*Error)(?: \[[A-Z0-9_]+\])?: (.+)$/.exec(l)).find(Boolean);
      return cause ? { tool: toolOfCommand(ctx.command) === 'vitest' ? 'vitest' : 'jest', code: cause[1], message: sig(`${cause[1]}: ${cause[2]}`) } : null;
    },
  },
  // ESLint 9 without a flat config: "ESLint couldn't find an eslint.config.(js|mjs|cjs) file."; older: "No ESLint configuration found".
  { re: /^(?:ESLint couldn't find (?:an? |the )?(.+?)\.?|(No ESLint configuration found)\b.*)$/, make: (m) => ({ tool: 'eslint', message: sig(m[1] ? `couldn't find ${m[1]}` : m[2]) }) },
  // jest: "Cannot find module 'tape' from 'test.js'" (the importing file varies; the missing module is the point).
  { re: /^\s*Cannot find module '([^']+)' from '[^']*'/, make: (m) => ({ tool: 'jest', message: `cannot find module ${moduleName(m[1])}` }) },
  {
    re: /^\s*● (?!Test suite failed to run|Console\b|Validation (?:Error|Warning)|Deprecation Warning)(\S.*)$/,
    make: (m) => ({ tool: 'jest', message: `test failed: '${m[1].trim()}'` }),
  },
  // vitest: " FAIL  src/user.test.js > createUser > sets the default role"
  {
    re: /^\s*(?:FAIL|×|✗)\s+\S+\.[cm]?[jt]sx?\s+>\s+(.+?)(?:\s+\d+ms)?$/,
    make: (m) => ({ tool: 'vitest', message: `test failed: '${m[1].replace(/\s+\w*Error:.*$/, '').trim()}'` }),
  },
  // mocha: "Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; …"
  { re: /\bError: [Tt]imeout of \d+ms exceeded/, make: () => ({ tool: 'mocha', message: 'test timeout exceeded' }) },
  {
    re: /^\s+\d+\) (\S.*)$/,
    make: (m, ctx) => {
      const name = mochaTestName(m[1].trim(), ctx);
      return name ? { tool: 'mocha', message: `test failed: '${name}'` } : null;
    },
  },
  // node: module resolution, busy ports, and any uncaught error followed by its stack.
  {
    re: /^(?:\{ |\[)?(?:Error|\w+Error)(?: \[([A-Z_]+)\])?: Cannot find (module|package) '([^']+)'/,
    make: (m) => ({ tool: 'node', code: m[1] ?? 'MODULE_NOT_FOUND', message: `cannot find ${m[2]} ${moduleName(m[3])}` }),
  },
  {
    re: /\bError: listen (EADDRINUSE|EACCES|EADDRNOTAVAIL)\b[^\n]*?(?::(\d{1,5}))?\s*$/,
    make: (m) => {
      const what = m[1] === 'EADDRINUSE' ? 'address already in use' : m[1] === 'EACCES' ? 'permission denied' : 'address not available';
      return { tool: 'node', code: m[1], message: m[2] ? `${what} :${m[2]}` : what };
    },
  },
  {
    re: /^(?:Uncaught )?([A-Z]\w*Error)(?: \[([A-Z0-9_]+)\])?: (.+)$/,
    make: (m, ctx) => {
      if (!/^at /.test(following(ctx, 1)[0] ?? '')) return null;
      return { tool: 'node', code: m[2] ?? m[1], message: sig(m[3]) };
    },
  },
  // vitest with a filter that matches nothing: "No test files found, exiting with code 1".
  { re: /^No test files found, exiting with code \d+/, make: () => ({ tool: 'vitest', message: 'no test files found' }) },
  // A CLI refusing a flag it no longer has (ESLint 9: "Invalid option '--ext' - perhaps you meant '-c'?").
  {
    re: /^Invalid option '(--?[\w-]+)'/,
    make: (m, ctx) => ({ tool: commandUses(ctx, /\beslint\b/) ? 'eslint' : 'unknown', message: `invalid option '${m[1]}'` }),
  },
  // A plain "Error: message" line (what `throw new Error(...)` prints, and many CLIs): a fallback, so anything
  // more specific in the same output wins. A wrapper's "Error: exit code 1" is not a message (see errorExtract).
  { re: /^(?:Uncaught )?Error: (.{8,})$/, make: (m, ctx) => ({ tool: toolOfCommand(ctx.command), message: sig(m[1]), fallback: true }) },
];
