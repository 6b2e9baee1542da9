// What duplicate detection compares about a note (see noteSimilarity.ts):
// - content tokens: words of title, body and triggers, lower-cased, stemmed lightly, without stop-words and without
//   the generic words every tooling note shares ("run", "npx", "error", "command"…), so two notes about different
//   tools never look alike because they both say "run it through npx";
// - error keys: `triggers.errors` after normalizeErrorText, kept only when specific (at least 12 characters and a
//   word beyond error boilerplate, codes and placeholders: "error ts2307: cannot find module '<path>'" is not), plus
//   "command not found" stated in the title or body ("vitest is not on PATH" → `command not found: vitest`);
// - command keys: `triggers.commands` after normalizeCommand;
// - subjects: the tools a note is about (`npx X`, a command's program, `command not found: X`, a known tool named in
//   the title or keywords) and the scripts/targets it runs (`npm run X`, `make T`). Two notes whose tools, or
//   failing that whose scripts, are disjoint are about different things however alike their words.
import { normalizeCommand, normalizeErrorText } from '../../errors/errorSignature';
import { STOP_WORDS, tokenize } from '../../memory/searchTerms';
import type { Note } from '../../memory/noteSchema';

export interface Subjects {
  tools: Set<string>;
  scripts: Set<string>;
}

export interface NoteFeatures {
  note: Note;
  tokens: string[];
  errorKeys: string[];
  commandKeys: string[];
  subjects: Subjects;
}

// prettier-ignore
const GENERIC = new Set(['run', 'npx', 'npm', 'pnpm', 'yarn', 'command', 'error', 'fail', 'failur', 'file', 'instead',
  'first', 'note', 'repo', 'repository', 'project', 'see', 'find', 'found', 'script', 'sh', 'bash', 'line', 'output',
  'code', 'exit', 'statu', 'status', 'always', 'never', 'must', 'one', 'two', 'new', 'old', 'local', 'locally', 'here',
  'time', 'even', 'may', 'might', 'via', 'without', 'within', 'work', 'need', 'ok', 'call', 'tell', 'say', 'said']);

// prettier-ignore
const ERROR_BOILERPLATE = new Set(['error', 'errors', 'err', 'npm', 'code', 'elifecycle', 'failed', 'fail', 'failure', 'exit',
  'exited', 'status', 'command', 'not', 'found', 'cannot', 'can', 'find', 'module', 'modules', 'warning', 'warn', 'fatal',
  'exception', 'the', 'a', 'an', 'of', 'in', 'at', 'is', 'no', 'such', 'file', 'or', 'directory', 'enoent', 'eacces',
  'typeerror', 'syntaxerror', 'referenceerror', 'unexpected', 'token', 'undefined', 'null', 'read', 'properties',
  'property', 'script', 'lifecycle', 'with', 'to', 'for', 'line', 'sh', 'bash', 'and', 'on', 'from', 'missing', 'unknown',
  'invalid', 'path', 'url', 'time', 'hash', 'id', 'addr', 'tmp', 'host', 'was', 'be', 'been', 'by', 'this', 'that', 'it']);

// prettier-ignore
const KNOWN_TOOLS = ['vitest', 'jest', 'mocha', 'ava', 'jasmine', 'karma', 'cypress', 'playwright', 'puppeteer', 'storybook',
  'eslint', 'prettier', 'stylelint', 'biome', 'tsc', 'webpack', 'vite', 'rollup', 'esbuild', 'parcel', 'babel', 'swc',
  'turbo', 'nx', 'lerna', 'husky', 'nodemon', 'pm2', 'docker', 'podman', 'kubectl', 'helm', 'terraform', 'ansible',
  'pytest', 'pip', 'poetry', 'pipenv', 'uv', 'ruff', 'mypy', 'black', 'flake8', 'cargo', 'rustc', 'rustup', 'gradle',
  'gradlew', 'mvn', 'maven', 'dotnet', 'javac', 'xcodebuild', 'bundle', 'rake', 'rspec', 'composer', 'phpunit', 'prisma',
  'sequelize', 'typeorm', 'knex', 'postgres', 'postgresql', 'psql', 'mysql', 'redis', 'mongo', 'mongod', 'nginx', 'git',
  'gh', 'aws', 'gcloud', 'firebase', 'vercel', 'netlify', 'protoc', 'buf', 'sass', 'tailwindcss', 'postcss', 'electron',
  'expo', 'flutter', 'deno', 'bun', 'wrangler', 'graphql-codegen', 'openapi-generator', 'tsx', 'ts-node', 'lint-staged'];

/** Words that may name a program in some repository but mean something else in a title ("build fails"). */
// prettier-ignore
const COMMON_WORDS = new Set(['build', 'test', 'tests', 'start', 'dev', 'serve', 'server', 'deploy', 'install', 'lint',
  'check', 'clean', 'watch', 'format', 'update', 'setup', 'init', 'help', 'app', 'client', 'api', 'db', 'data', 'web',
  'main', 'release', 'publish', 'generate', 'gen', 'codegen', 'migrate', 'seed', 'docs', 'scripts', 'tools', 'bin']);

/** Programs that run something else: the thing they run is the subject, not them. */
const RUNNERS = new Set(['npm', 'npx', 'pnpm', 'yarn', 'bunx', 'node', 'sh', 'bash', 'zsh', 'cd', 'sudo', 'env', 'time',
  'exec', 'make', 'just', 'source', '.', 'echo', 'export', 'cat', 'ls', 'rm', 'cp', 'mv', 'mkdir', 'touch', 'grep', 'set']);
const EXEC_SUBCOMMANDS = new Set(['exec', 'dlx', 'x']);
const SCRIPT_SUBCOMMANDS = new Map([['run', ''], ['run-script', ''], ['test', 'test'], ['t', 'test'], ['start', 'start']]);

/** A light suffix stripper: enough for "fails/failed/failing" or "caches/cache" to meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (/(?:sh|ch|x|z|ss)es$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w !== word && w.length >= 4 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Distinct content tokens of a text (see the top of the file). */
export function contentTokens(text: string): string[] {
  const cleaned = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ').replace(/<[\w-]+>/g, ' ');
  const out = new Set<string>();
  for (const raw of tokenize(cleaned)) {
    if (raw.length < 2 || STOP_WORDS.has(raw) || /^\d+$/.test(raw)) continue;
    const t = stem(raw);
    if (!GENERIC.has(t) && !GENERIC.has(raw) && !STOP_WORDS.has(t)) out.add(t);
  }
  return [...out];
}

/** The normalised error trigger, when specific enough to identify a problem on its own. */
export function errorKey(trigger: string): string | undefined {
  const key = normalizeErrorText(trigger);
  if (key.length < 12) return undefined;
  const words = key.replace(/<[a-z]+>/g, ' ').split(/[^a-z0-9_@-]+/).filter(Boolean);
  const specific = words.some((w) => w.length >= 3 && !ERROR_BOILERPLATE.has(w) && !/^(?:ts|e|err|c|cs|tc)?\d+$/.test(w));
  return specific ? key : undefined;
}

/**
 * "command not found" stated in a note's words rather than its triggers: `sh: vitest: command not found` in the
 * title or body, or "vitest is not on PATH" — all the same failure, keyed `command not found: vitest`.
 */
export function textErrorKeys(note: Note): string[] {
  const text = `${note.title}\n${note.body}`.replace(/`/g, '');
  const names = /not found/i.test(text) ? [...normalizeErrorText(text).matchAll(/command not found: ([\w@.+-]+)/g)].map((m) => m[1]) : [];
  if (/\bpath\b/i.test(text)) for (const m of text.matchAll(/\b([\w@.+-]+) (?:is|isn't|is not|was not|wasn't|are not|aren't) (?:installed )?(?:on|in) (?:the )?\$?path\b/gi)) {
    names.push(m[1].toLowerCase());
  }
  const ok = (n: string) => n.length >= 2 && !STOP_WORDS.has(n) && !GENERIC.has(n) && !/^\d/.test(n);
  return [...new Set(names.filter(ok))].map((n) => `command not found: ${n}`);
}

/** Tools and scripts named by one shell command line (all its segments). */
function commandSubjects(command: string, into: Subjects, vocabulary?: ReadonlySet<string>): void {
  for (const segment of normalizeCommand(command).split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const w = segment.split(' ').filter((x) => x && !/^[a-z_]\w*=/i.test(x));
    while (w.length && ['sudo', 'time', 'env'].includes(w[0])) w.shift();
    const [prog, ...args] = w;
    if (!prog || /[<>$`"']/.test(prog)) continue;
    const pos = args.filter((a) => !a.startsWith('-') && !/[<>$`"']/.test(a));
    const tool = (x: string | undefined) => x && into.tools.add(x.replace(/(.)@[^/]*$/, '$1').replace(/^.*\//, ''));
    if (prog === 'npx' || prog === 'bunx') tool(pos[0]);
    else if (prog === 'npm' || prog === 'pnpm' || prog === 'yarn') {
      const sub = pos[0];
      if (sub && EXEC_SUBCOMMANDS.has(sub)) tool(pos[1]);
      else if (sub && SCRIPT_SUBCOMMANDS.has(sub)) {
        const name = SCRIPT_SUBCOMMANDS.get(sub) || pos[1];
        if (name) into.scripts.add(`script:${name}`);
      } else if (sub && prog !== 'npm' && /^[\w:.-]+$/.test(sub) && !['install', 'add', 'i', 'remove', 'why'].includes(sub)) {
        into.scripts.add(`script:${sub}`);
      }
    } else if (prog === 'make' || prog === 'just') {
      for (const t of pos.filter((a) => !a.includes('='))) into.scripts.add(`${prog}:${t}`);
    } else if (!RUNNERS.has(prog) && /^[\w./@-]+$/.test(prog) && !prog.startsWith('./')) {
      // A lone word in inline code (`DATABASE_URL`) is a command only when it names a known tool.
      if (!vocabulary || args.length > 0 || vocabulary.has(prog)) tool(prog);
    }
  }
}

function inlineCode(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/** The subjects of a note, preferring what its title and triggers say over what its body mentions. */
export function noteSubjects(note: Note, vocabulary: ReadonlySet<string>): Subjects {
  const s: Subjects = { tools: new Set(), scripts: new Set() };
  for (const c of note.triggers.commands) commandSubjects(c, s);
  for (const c of inlineCode(note.title)) commandSubjects(c, s, vocabulary);
  for (const e of note.triggers.errors) {
    const m = /command not found: ([\w@./-]+)/.exec(normalizeErrorText(e));
    if (m) s.tools.add(m[1]);
  }
  for (const k of textErrorKeys(note)) s.tools.add(k.slice('command not found: '.length));
  for (const w of tokenize(`${note.title} ${note.triggers.keywords.join(' ')}`)) if (vocabulary.has(w)) s.tools.add(w);
  if (s.tools.size === 0 && s.scripts.size === 0) for (const c of inlineCode(note.body)) commandSubjects(c, s, vocabulary);
  return s;
}

/** Tool names worth spotting in plain words: the well-known ones plus every tool any note runs. */
export function toolVocabulary(notes: readonly Note[]): Set<string> {
  const vocab = new Set(KNOWN_TOOLS);
  const s: Subjects = { tools: new Set(), scripts: new Set() };
  for (const n of notes) for (const c of n.triggers.commands) commandSubjects(c, s);
  for (const t of s.tools) if (t.length >= 3 && !STOP_WORDS.has(t) && !GENERIC.has(t) && !COMMON_WORDS.has(t)) vocab.add(t);
  return vocab;
}

export function noteFeatures(note: Note, vocabulary: ReadonlySet<string>): NoteFeatures {
  const t = note.triggers;
  const text = [note.title, note.body, ...t.errors, ...t.commands, ...t.keywords].join('\n');
  return {
    note,
    tokens: contentTokens(text),
    errorKeys: [...new Set([...t.errors.map(errorKey), ...textErrorKeys(note)].filter((k): k is string => k !== undefined))].sort(),
    commandKeys: [...new Set(t.commands.map(normalizeCommand).filter(Boolean))].sort(),
    subjects: noteSubjects(note, vocabulary),
  };
}

/**
 * True when two notes are clearly about different things: both name tools and share none, or (when they share no
 * tool) both name scripts/targets and share none.
 */
export function differentSubjects(a: Subjects, b: Subjects): boolean {
  const shares = (x: Set<string>, y: Set<string>) => [...x].some((v) => y.has(v));
  if (shares(a.tools, b.tools)) return false;
  if (a.tools.size > 0 && b.tools.size > 0) return true;
  return a.scripts.size > 0 && b.scripts.size > 0 && !shares(a.scripts, b.scripts);
}
