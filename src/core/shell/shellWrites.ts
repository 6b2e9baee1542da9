// The files a shell call writes: redirections, `tee`, in-place editors (`sed -i`, `perl -i`, `ed`), `cp`/`mv`
// destinations, `touch`, and `open(…, 'w')` / `Path(…).write_text(` in inline Python; and those among them it
// replaces whole (so it may have created them), as opposed to appending or editing in place.
import type { SimpleCommand } from './shellSyntax';

/** What of a call decides what it writes. */
export interface WritingCall {
  program: string;
  args: string[];
  flags: string[];
  operands: string[];
  code?: { text: string };
}

const DEV_NULL = /^\/dev\/(null|stdout|stderr|tty)$|^&?\d$|^-$/;

const PY_WRITE = /\bopen\(\s*(?:r|f)?['"]([^'"\n]+)['"]\s*,\s*(?:mode\s*=\s*)?['"][wax]\+?b?['"]|\bPath\(\s*['"]([^'"\n]+)['"]\s*\)\s*\.\s*write_(?:text|bytes)\(/g;

/** The files a call writes, and those it replaces whole. */
export function writesOf(inv: WritingCall, cmd: SimpleCommand): { all: string[]; replaced: string[] } {
  const all = new Set<string>();
  const replaced = new Set<string>();
  const add = (f: string, whole: boolean) => {
    all.add(f);
    if (whole) replaced.add(f);
  };
  for (const r of cmd.redirects) {
    if ((r.op === '>' || r.op === '>>' || r.op === '&>' || r.op === '&>>' || r.op === '>|') && r.target && !DEV_NULL.test(r.target)) add(r.target, r.op !== '>>' && r.op !== '&>>');
  }
  const ops = inv.operands;
  switch (inv.program) {
    case 'tee':
      ops.forEach((o) => !DEV_NULL.test(o) && add(o, !inv.flags.includes('-a')));
      break;
    case 'sed':
    case 'perl':
      if (inv.flags.some((f) => /^-[a-zA-Z]*i/.test(f) || f === '--in-place')) {
        // The script is the first operand, or the value of each -e/-f; the files are the rest.
        const scripts = new Set(inv.args.flatMap((a, i) => (/^-[a-zA-Z]*[ef]$/.test(a) && inv.args[i + 1] !== undefined ? [inv.args[i + 1]] : [])));
        const files = scripts.size ? ops.filter((o) => !scripts.has(o)) : ops.slice(1);
        files.forEach((f) => add(f, false));
      }
      break;
    case 'awk':
      if (inv.args.join(' ').includes('-i inplace')) ops.slice(2).forEach((f) => add(f, false));
      break;
    case 'ed':
    case 'ex':
    case 'truncate':
      ops.forEach((f) => add(f, false));
      break;
    case 'touch':
      ops.forEach((f) => add(f, true));
      break;
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln':
      if (ops.length >= 2) add(ops[ops.length - 1], true);
      break;
    case 'dd': {
      const of = inv.args.find((a) => a.startsWith('of='));
      if (of) add(of.slice(3), true);
      break;
    }
  }
  if (inv.code) for (const m of inv.code.text.matchAll(PY_WRITE)) add(m[1] ?? m[2], /['"][wx]/.test(m[0]) || !!m[2]);
  const ok = (f: string) => !!f && !f.includes('$') && !f.startsWith('-');
  return { all: [...all].filter(ok), replaced: [...replaced].filter(ok) };
}

