// What a note cites that the code must still define: package scripts, make targets, just recipes and project
// paths. Only concrete places are read: inline code and code blocks of the title and body, `triggers.commands`
// and `scope`; prose is never parsed for citations.
//
// Commands (each line split on `&&`, `||`, `;`, `|`; env assignments, `sudo`, `time` skipped):
// - `npm run X`, `npm test|t|tst|start`, `pnpm run X`, `pnpm test|start` → script X, strictly (these fail without it);
// - `pnpm X` (X not a pnpm command), `yarn X`, `yarn run X`, `yarn workspace P X` → script X, loosely (they also run
//   a binary called X);
// - `make T…` (flags and VAR=value skipped; `-C`/`-f` make the line unjudgeable) → targets; `just R` → recipe;
// - `./x.sh`, `scripts/x.sh args`, `bash|sh|node|python… <file>` → a path that is run;
// - other arguments that look like project files → mentioned paths; `cd D` makes later paths relative to D.
// Lines that look like command output (errors, `> ` echo, `at …` frames, comments) are skipped: the files they name
// are often missing by design (the error is about them). So are paths near "create"/"generate", placeholders
// (`<file>`, `$DIR`, `{name}`, `...`), URLs, absolute and home paths, globs without a literal folder (`**/*.ts`) and
// build output (`node_modules/`, `dist/`, `generated/`…). A mentioned path needs a `/` and a file extension,
// a leading `./` or a trailing `/`, so `origin/main`, `@scope/pkg` and `application/json` are not paths.
import * as path from 'path';
import type { Note } from '../../memory/noteSchema';

export type Citation =
  | { kind: 'script'; name: string; strict: boolean; cited: string }
  | { kind: 'make'; name: string; cited: string }
  | { kind: 'just'; name: string; cited: string }
  /** `run`: executed, must exist; `scope`: the note's scope; `mention`: named in passing. */
  | { kind: 'path'; path: string; strength: 'run' | 'scope' | 'mention'; cited: string };

const PNPM_BUILTINS = new Set(('add install i update up upgrade remove rm uninstall un link ln unlink import rebuild rb prune ' +
  'fetch patch patch-commit patch-remove audit list ls outdated why licenses exec dlx create init publish pack store root bin ' +
  'env setup config c get set server deploy dedupe doctor recursive multi m help self-update cat-file cat-index find-hash ' +
  'install-test it ci run-script').split(' '));
const YARN_BUILTINS = new Set(('add install remove upgrade upgrade-interactive up dlx exec node bin cache config info init link ' +
  'unlink list login logout outdated owner pack plugin publish rebuild set stage tag team version versions why workspaces ' +
  'constraints dedupe explain npm patch patch-commit search import global generate-lock-entry audit autoclean check create ' +
  'help licenses policies unplug sdks').split(' '));
const INTERPRETERS = new Set(['bash', 'sh', 'zsh', 'source', '.', 'node', 'python', 'python3', 'ruby', 'perl', 'tsx', 'ts-node', 'pwsh']);
const PREFIXES = new Set(['sudo', 'time', 'env', 'exec', 'nohup', 'command']);
const FLAGS_WITH_VALUE = new Set(['-w', '--workspace', '--prefix', '-F', '--filter', '-C', '--dir', '--cwd']);
const GENERATED = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', 'target', '.next', '.nuxt', '.turbo', '.cache',
  'tmp', 'temp', 'generated', '__generated__', 'gen', '.venv', 'venv', '__pycache__', '.git']);
const OUTPUT_LINE = /\b(?:error|err!|errors|cannot|can't|not found|no such file|enoent|missing|failed|fatal|warning|warn|exception|traceback|expected)\b|^\s*at\s|^\s*(?:>|#|\/\/)/i;
const CREATE_CONTEXT = /\b(?:create|creates|creating|generate|generates|generated|touch|write|writes|copy|rename|renamed|move|moved|add|adds)\b[^.\n]{0,40}$/i;
const NAME = /^[\w@.:/+-]+$/;
const SCRIPT_EXT = /\.(?:sh|bash|zsh|js|mjs|cjs|ts|mts|py|rb|pl|ps1)$/;

/** Every citation of a note, in a stable order (title, body, commands, scope), deduplicated. */
export function extractCitations(note: Note): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  const push = (c: Citation) => {
    const key = c.kind === 'path' ? `path:${c.path}:${c.strength}` : `${c.kind}:${c.name}:${'strict' in c ? c.strict : ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  for (const text of [note.title, note.body]) {
    for (const { code, before } of codeSpans(text)) {
      for (const line of code.split(/\r?\n/)) citationsOfLine(line, CREATE_CONTEXT.test(before), push);
    }
  }
  for (const cmd of note.triggers.commands) citationsOfLine(cmd, false, push);
  for (const s of note.scope) {
    const p = projectPath(s, 'scope');
    if (p) push({ kind: 'path', path: p, strength: 'scope', cited: s });
  }
  return out;
}

/** Fenced blocks and inline code spans, each with the prose just before it. */
function codeSpans(text: string): Array<{ code: string; before: string }> {
  const spans: Array<{ code: string; before: string }> = [];
  const re = /^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$|(`+)([^`\n]+?)\3/gm;
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    spans.push({ code: m[2] ?? m[4], before });
  }
  return spans;
}

function words(segment: string): string[] {
  return [...segment.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function citationsOfLine(rawLine: string, createContext: boolean, push: (c: Citation) => void): void {
  const line = rawLine.replace(/^\s*\$\s+/, '');
  if (!line.trim() || OUTPUT_LINE.test(line)) return;
  let cwd: string | undefined = '';
  for (const segment of line.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const w = words(segment);
    while (w.length && (/^[A-Za-z_]\w*=/.test(w[0]) || PREFIXES.has(w[0]))) w.shift();
    if (w.length === 0) continue;
    const [prog, ...args] = w;
    const cited = w.join(' ');
    const at = (p: string) => (cwd === undefined ? undefined : path.posix.join(cwd, p));
    const addPath = (token: string, strength: 'run' | 'mention') => {
      if (createContext && strength === 'mention') return;
      const p = projectPath(token, strength);
      const rel = p && at(p);
      if (rel) push({ kind: 'path', path: rel, strength, cited });
    };
    if (prog === 'cd') {
      const dir = args[0] && projectPath(args[0].replace(/\/?$/, '/'), 'mention');
      if (dir) addPath(args[0].replace(/\/?$/, '/'), 'mention');
      cwd = dir ? at(dir) : undefined;
      continue;
    }
    const rest = args.filter((a) => !a.startsWith('-'));
    if (prog === 'npm' || prog === 'pnpm' || prog === 'yarn') {
      scriptCitation(prog, args, cited, push);
    } else if (prog === 'make') {
      if (args.some((a) => /^(?:-C|-f|--directory|--file|--makefile)/.test(a))) continue;
      for (const t of args.filter((a, i) => !a.startsWith('-') && !a.includes('=') && !(/^-j$/.test(args[i - 1] ?? '') && /^\d+$/.test(a)))) {
        if (NAME.test(t)) push({ kind: 'make', name: t, cited });
      }
    } else if (prog === 'just') {
      if (rest[0] && NAME.test(rest[0])) push({ kind: 'just', name: rest[0], cited });
    } else if (INTERPRETERS.has(prog) && rest[0] && (rest[0].includes('/') || SCRIPT_EXT.test(rest[0]))) {
      addPath(rest[0], 'run');
      rest.slice(1).forEach((a) => addPath(a, 'mention'));
    } else if (prog.includes('/') && (prog.startsWith('./') || args.length > 0)) {
      addPath(prog, 'run');
      rest.forEach((a) => addPath(a, 'mention'));
    } else {
      [prog, ...rest].forEach((a) => addPath(a, 'mention'));
    }
  }
}

/** The script named by an npm/pnpm/yarn command, if any. */
function scriptCitation(prog: string, args: string[], cited: string, push: (c: Citation) => void): void {
  if (args.includes('--if-present')) return;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (FLAGS_WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith('-')) positional.push(args[i]);
  }
  let [sub, name] = positional;
  if (!sub) return;
  if (prog === 'yarn' && sub === 'workspace') [sub, name] = [positional[2], positional[3]];
  if (!sub) return;
  let script: string | undefined;
  let strict = prog !== 'yarn';
  if (sub === 'run' || sub === 'run-script' || (prog === 'npm' && (sub === 'rum' || sub === 'urn'))) script = name;
  else if (['test', 't', 'tst'].includes(sub) && prog !== 'yarn') script = 'test';
  else if (sub === 'start' && prog !== 'yarn') script = 'start';
  else if (prog === 'pnpm' && !PNPM_BUILTINS.has(sub)) [script, strict] = [sub, false];
  else if (prog === 'yarn' && !YARN_BUILTINS.has(sub)) script = sub;
  if (script && NAME.test(script) && !script.includes('/')) push({ kind: 'script', name: script, strict, cited });
}

/**
 * The workspace-relative path a token names, or undefined when it is not a project path (see the top of the file).
 * Globs become their literal folder prefix (`src/gen/**` → `src/gen/`).
 */
export function projectPath(raw: string, strength: 'run' | 'scope' | 'mention'): string | undefined {
  if (raw.includes('...') || raw.includes('…')) return undefined;
  let t = raw.trim().replace(/[.,;:)\]]+$/, '').replace(/(?::\d+){1,2}$|#L\d+(?:-L?\d+)?$/, '');
  if (!t || /:\/\/|^[/~$@\\-]|^[a-z]:/i.test(t) || /[<>{}$%\\=\s"'`]/.test(t)) return undefined;
  const globAt = t.search(/[*?[]/);
  if (globAt >= 0) {
    const slash = t.lastIndexOf('/', globAt);
    if (slash <= 0) return undefined;
    t = t.slice(0, slash + 1);
  }
  const segs = t.replace(/^\.\//, '').split('/');
  const last = segs[segs.length - 1];
  if (segs.slice(0, -1).some((s) => !/^[\w@.+-]+$/.test(s) || s === '..') || (last && !/^[\w@.+-]+$/.test(last))) return undefined;
  if (segs.some((s) => GENERATED.has(s)) || /^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|app|co|sh|ai)$/i.test(segs[0])) return undefined;
  const isDir = last === '';
  const hasExt = /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(last) && !/^\d/.test(last);
  const hasSlash = segs.length > 1;
  if (strength === 'mention' && !(hasSlash && (hasExt || isDir || t.startsWith('./')))) return undefined;
  if (strength === 'scope' && !(hasSlash || hasExt)) return undefined;
  if (strength === 'run' && !(hasSlash || hasExt)) return undefined;
  return segs.join('/');
}
