// Small helpers the per-toolchain recognisers share.
import { signatureText } from './errorSignature';
import type { ErrorTool, LineContext } from './errorTypes';

/** A name as it appears in a key: quoted, so its case is kept, with any path in it normalised. */
export function quoted(name: string): string {
  return signatureText(`'${name.replace(/'/g, '')}'`);
}

/**
 * A module name as it appears in a key: a package (`axios`, `@scope/pkg`) or a relative specifier
 * (`./generated/client`) is the same on every machine and is the point of the error, so it is kept; an absolute
 * path is normalised like any path.
 */
export function moduleName(name: string): string {
  const n = name.replace(/'/g, '');
  return n.startsWith('/') || /^[a-z]:[\\/]/i.test(n) || n.startsWith('~') ? quoted(n) : `'${n}'`;
}

/** The next `count` non-blank lines after the current one (trimmed). */
export function following(ctx: LineContext, count: number, from = ctx.index + 1): string[] {
  const out: string[] = [];
  for (let i = from; i < ctx.lines.length && out.length < count; i++) {
    const t = ctx.lines[i].trim();
    if (t) out.push(t);
  }
  return out;
}

/** The previous `count` non-blank lines before the current one (trimmed, nearest first). */
export function preceding(ctx: LineContext, count: number): string[] {
  const out: string[] = [];
  for (let i = ctx.index - 1; i >= 0 && out.length < count; i--) {
    const t = ctx.lines[i].trim();
    if (t) out.push(t);
  }
  return out;
}

/** The last segment of a path, so `'/home/u/app/package.json'` gives `package.json`. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/** A package spec without its version: `@pm2/agent@~1.0.2` gives `@pm2/agent`, `clap = "^4"` gives `clap`. */
export function packageName(spec: string): string {
  const s = spec.trim().replace(/^['"`]|['"`]$/g, '');
  const at = s.indexOf('@', 1);
  return (at > 0 ? s.slice(0, at) : s).split(/\s*(?:==|>=|<=|~=|!=|[=<>~^ ])\s*/)[0];
}

/** True when the command runs `word` as a program or script (npx vitest, npm run jest, python -m pytest). */
export function commandUses(ctx: LineContext, word: RegExp): boolean {
  return word.test(ctx.command);
}

const KNOWN_TOOLS = new Set<ErrorTool>(['tsc', 'eslint', 'npm', 'pnpm', 'yarn', 'node', 'jest', 'vitest', 'mocha', 'python', 'pytest', 'pip', 'cargo', 'rustc', 'go', 'gcc', 'clang', 'make', 'javac', 'gradle', 'maven', 'git']);

/** The tool a command runs, when it is one we name (npx vitest → vitest, python3 -m pytest → pytest). */
export function toolOfCommand(command: string): ErrorTool {
  const words = command.split(/\s+/).filter((w) => w && !/^[A-Za-z_]\w*=/.test(w));
  const skip = new Set(['npx', 'pnpx', 'exec', 'run', 'dlx', 'env', 'sudo', 'time', '-m']);
  for (const w of words) {
    const name = baseName(w).replace(/^(python|pip)\d(?:\.\d+)?$/, '$1').replace(/^(?:g\+\+|cc)$/, 'gcc') as ErrorTool;
    if (KNOWN_TOOLS.has(name)) {
      if ((name === 'python' || name === 'npm' || name === 'pnpm' || name === 'yarn') && words.length > 1) continue;
      return name;
    }
    if (!skip.has(w)) return /^[a-z][\w.+-]*$/i.test(name) && !/^(?:cd|echo|cat|bash|sh)$/.test(name) ? name.toLowerCase() : 'unknown';
  }
  return 'unknown';
}
