// The fix of a resolved failure, in general form: how the passing call differs from the last failed try (another
// program, wrapper, flag, operand, environment variable, form of passing code, or a step run first in the same
// command), the related setup steps run in between, and, when only a scratch script changed, the lines it
// needed. Scratch paths and task files become placeholders (`<file>`), so sessions that did the same thing
// state it the same way and agree on one key.
import type { Invocation } from '../../shell/shellCommand';
import type { Change, Fix, Problem } from './episodeTypes';
import type { Resolution } from './episodeResolution';
import { isProjectFile } from './projectFiles';
import { targets } from './sameJob';
import type { Step, Timeline } from './sessionTimeline';

export type FixVerdict = { fix: Fix } | { noise: string };

const SCRIPTED = new Set(['sed', 'awk', 'gawk', 'perl', 'jq', 'yq', 'grep', 'egrep', 'fgrep', 'rg']);
const PATHLIKE = /[/]|\.[A-Za-z0-9]{1,6}$|::/;
/** A URL is an address to keep as written (an index, a registry), never a file of the task. */
const WEB_ADDRESS = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A package name or pattern with a slash (`@eslint/js`, `github.com/x/y@v1.2`, `./...`) is no file either. */
const PACKAGE = /^@[\w.-]+\/[\w.-]+(?:@\S*)?$|^(?:[a-z0-9-]+\.)+[a-z]{2,6}\/\S+$|^[\w.-]+\/[\w./-]+@v?\d\S*$|^[\w./-]*\/\.\.\.$/i;

/** The general forms of invocations as read (shared by every step with the same command text), with nothing kept. */
const generalForms = new WeakMap<Invocation, string>();

/** One invocation in general form: path-like operands become `<file>` (or `<dir>/`) unless they are the point. */
export function generalInvocation(inv: Invocation, keep: ReadonlySet<string> = new Set(), asWritten = false): string {
  if (keep.size > 0 || asWritten) return generalForm(inv, keep, asWritten);
  let form = generalForms.get(inv);
  if (form === undefined) generalForms.set(inv, (form = generalForm(inv, keep, false)));
  return form;
}

function generalForm(inv: Invocation, keep: ReadonlySet<string>, asWritten: boolean): string {
  if (inv.program === 'cd') return `cd ${inv.operands[0] ?? ''}`.trim();
  const words: string[] = [...inv.env, ...inv.wrappers, inv.programAsWritten.startsWith('/') || asWritten ? inv.programAsWritten : inv.program];
  let placeholders = 0;
  // The script of a stream editor is the task's edit, not the lesson: `sed -i '…' <file>`.
  const script = SCRIPTED.has(inv.program) ? inv.operands.find((o) => o !== '-') : undefined;
  // The words as written (`mvn -q install -DskipTests`, not reordered), the subcommand's words kept as they are.
  const sub = new Set(inv.subcommand?.split(' ') ?? []);
  let prev = '';
  for (const a of inv.words) {
    const afterFlag = /^-[^=]*$/.test(prev);
    prev = a;
    if (sub.has(a)) {
      words.push(a);
      sub.delete(a);
    } else if (a === script) {
      words.push("'…'");
    } else if (inv.code && a === inv.code.text) {
      // Short code is shown with its paths as placeholders; long code is the task's, not the lesson's.
      const code = a.replace(/\s+/g, ' ').replace(/(['"])[\w.@+-]*\/[\w.@/+-]*\.\w+\1/g, "$1<file>$1");
      words.push(code.length <= 100 && !a.includes('\n') ? JSON.stringify(code) : '"…"');
    } else if (!a.startsWith('-') && PATHLIKE.test(a) && !keep.has(a) && !WEB_ADDRESS.test(a) && !PACKAGE.test(a) && !isProjectFile(a)) {
      // Files the call works on collapse into one placeholder; a flag's value is never dropped (`--config <file>`).
      if (afterFlag || placeholders++ < 1) words.push(a.endsWith('/') ? '<dir>/' : '<file>');
    } else words.push(/\s/.test(a) ? quoteShort(a) : a);
  }
  if (inv.code?.via === 'stdin') words.push(`<<'EOF' … EOF`);
  const text = words.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function quoteShort(a: string): string {
  const t = a.replace(/\s+/g, ' ');
  return `"${t.length > 40 ? `${t.slice(0, 39)}…` : t}"`;
}

/** A whole step in general form: its working invocations, without output plumbing. */
export function generalStep(s: Step): string {
  if (!s.shell) return s.target ? `${s.tool} ${s.target}` : s.tool;
  const work = s.shell.invocations.filter((i) => !i.reads || i.program === 'cd');
  return work.filter((i) => i.program !== 'cd').map((i) => generalInvocation(i)).join(' && ') || generalInvocation(s.shell.invocations[0]);
}

function changeOf(t: Invocation, p: Invocation, passStep: Step, tryStep: Step, problem: Problem): Change[] {
  const changes: Change[] = [];
  // Another verb of the same tool (`cargo nextest run` → `cargo test`) is another program as far as advice goes.
  const verb = t.program === p.program && !!t.subcommand && !!p.subcommand && t.subcommand !== p.subcommand;
  if (t.program !== p.program) changes.push({ kind: 'program', from: t.program, to: generalInvocation(p) });
  else if (renamed(t, p)) changes.push({ kind: 'program', from: t.programAsWritten, to: generalInvocation(p, new Set(), true) });
  else if (verb) changes.push({ kind: 'program', from: t.identity, to: generalInvocation(p) });
  else if (t.wrappers.join(' ') !== p.wrappers.join(' ')) changes.push({ kind: 'wrapper', from: t.wrappers.join(' '), to: p.wrappers.join(' ') });
  if (t.code && p.code && t.code.via !== p.code.via) changes.push({ kind: 'form', from: `${t.program} -c "…"`, to: `${p.program} - <<'EOF' … EOF` });
  else if (t.code?.via === 'inline' && !p.code && p.script) changes.push({ kind: 'form', from: `${t.program} -c "…"`, to: `${p.program} <script file>` });
  if (t.heredoc && p.heredoc && !t.heredoc.quoted && p.heredoc.quoted) changes.push({ kind: 'form', from: '<<EOF', to: "<<'EOF'" });
  if (t.program === p.program) {
    const codeFlag = (inv: Invocation) => (inv.code?.via === 'inline' ? inv.args[inv.args.indexOf(inv.code.text) - 1] : undefined);
    const added = p.flags.filter((f) => !t.flags.includes(f) && f !== codeFlag(p));
    const removed = t.flags.filter((f) => !p.flags.includes(f) && f !== codeFlag(t));
    // A flag's value goes with it (`--ext .ts` dropped is one change, not a flag and an operand).
    const valuesOf = (inv: Invocation, other: Invocation, flags: string[]) => new Set(flags.map((f) => inv.args[inv.args.indexOf(f) + 1]).filter((v) => v !== undefined && !v.startsWith('-') && !other.args.includes(v)));
    const flagged = flagUnits(added, removed, p, t);
    // A flag dropped along the way is part of the fix only when the error was about it (a renamed flag, a value the
    // tool refused); otherwise the flag added is the fix (`grep -F` after `grep -n`: -n did no harm).
    if (added.length && flagged.from && !mentioned(flagged.from, problem.line)) flagged.from = '';
    if (added.length || removed.length) changes.push({ kind: 'flags', from: flagged.from, to: flagged.to });
    const tValues = valuesOf(t, p, removed);
    const pValues = valuesOf(p, t, added);
    const tOps = t.operands.filter((o) => (!PATHLIKE.test(o) || targets(t).includes(o)) && !tValues.has(o));
    const pOps = p.operands.filter((o) => (!PATHLIKE.test(o) || targets(p).includes(o)) && !pValues.has(o));
    const gone = tOps.filter((o) => !pOps.includes(o));
    const came = pOps.filter((o) => !tOps.includes(o));
    if ((gone.length || came.length) && !t.code && !verb) changes.push({ kind: 'operands', from: gone.join(' '), to: came.join(' ') });
  }
  const envT = t.env.map((e) => e.replace(/=.*$/, ''));
  const envAdded = p.env.filter((e) => !envT.includes(e.replace(/=.*$/, '')));
  if (envAdded.length) changes.push({ kind: 'env', from: '', to: envAdded.join(' ') });
  // Steps run first in the same command (`git stash && git checkout main`): in one call, so nothing can undo them in between.
  // `cd` into a folder counts (`cd api && go test ./...`), a `cd` to an absolute path (the workspace itself, mostly) does not.
  const before = passStep.shell!.invocations.slice(0, passStep.shell!.invocations.indexOf(p)).filter((i) => !i.reads || (i.program === 'cd' && !!i.operands[0] && !i.operands[0].startsWith('/') && !i.operands[0].startsWith('~')));
  const hadBefore = new Set(tryStep.shell?.invocations.map((i) => i.identity));
  const prefix = before.filter((i) => !hadBefore.has(i.identity));
  if (prefix.length) changes.push({ kind: 'prefix', from: '', to: prefix.map((i) => generalInvocation(i)).join(' && ') });
  // A server or watcher that never finishes, started in the background instead (`&`, the tool's background option).
  if (inBackground(passStep, p) && !inBackground(tryStep, t)) changes.push({ kind: 'background', from: '', to: '&' });
  return changes;
}

/** Whether a step ran an invocation in the background: `cmd &`, or the tool's own option (`run_in_background`). */
function inBackground(s: Step, inv: Invocation): boolean {
  if (s.input.run_in_background === true) return true;
  const k = s.shell?.invocations.indexOf(inv) ?? -1;
  return !!s.shell?.pipelines.some((pl) => pl.members.includes(k) && pl.next === '&');
}

/** Whether an error line names a flag unit (`--testPathPattern`, `-M HTML`): its name or its value. */
function mentioned(unit: string, line: string): boolean {
  const lower = line.toLowerCase();
  return unit.split(' ').some((w) => {
    const bare = w.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase();
    return bare.length >= 2 && new RegExp(`(?:^|[^\\w-])-*${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(lower);
  });
}

/** The same program under another name (`python` → `python3`, `pip` → `pip3`): the name is the fix. */
function renamed(t: Invocation, p: Invocation): boolean {
  const bare = (x: string) => !x.includes('/');
  return t.program === p.program && t.programAsWritten !== p.programAsWritten && bare(t.programAsWritten) && bare(p.programAsWritten);
}

/** Flags with their values, as the change shows them: `-M HTML` → `-b html`. */
function flagUnits(added: string[], removed: string[], p: Invocation, t: Invocation): { from: string; to: string } {
  // A flag's value is the word after it when that word changed too (`-M HTML` → `-b html`, `--port 3001`), not a
  // pattern both calls share (`grep -F 'x'` after `grep -n 'x'`) nor a file (a placeholder); a web address always is.
  const unit = (inv: Invocation, other: Invocation, f: string) => {
    const v = inv.args[inv.args.indexOf(f) + 1];
    const valued = WEB_ADDRESS.test(v ?? '') || !PATHLIKE.test(v ?? '');
    return v !== undefined && !v.startsWith('-') && valued && !other.args.includes(v) ? `${f} ${v}` : f;
  };
  return { from: removed.map((f) => unit(t, p, f)).join(' '), to: added.map((f) => unit(p, t, f)).join(' ') };
}

/** An agent tool called again with other input (`Read` with `offset`/`limit`, an MCP call with another argument). */
function inputChange(tried: Step, pass: Step): Change[] {
  const show = (k: string, v: unknown) => (typeof v === 'string' && v.length > 40 ? k : `${k}=${JSON.stringify(v)}`);
  const a = tried.input;
  const b = pass.input;
  const added = Object.keys(b).filter((k) => !(k in a)).sort();
  const changed = Object.keys(b).filter((k) => k in a && JSON.stringify(a[k]) !== JSON.stringify(b[k]) && !/path|file/i.test(k)).sort();
  if (!added.length && !changed.length) return [];
  return [{ kind: 'flags', from: changed.map((k) => show(k, a[k])).join(' '), to: [...added, ...changed].map((k) => (added.includes(k) ? k : show(k, b[k]))).join(' ') }];
}

const KIND_ORDER: Change['kind'][] = ['program', 'wrapper', 'form', 'background', 'prefix', 'flags', 'env', 'operands'];

function changeKey(c: Change, t?: Invocation, p?: Invocation): string {
  if (c.kind === 'program' && t && p) return t.program !== p.program ? `program:${t.program}>${p.program}` : renamed(t, p) ? `program:${t.programAsWritten}>${p.programAsWritten}` : `program:${t.identity}>${p.identity}`;
  const norm = (x: string) => x.replace(/<file>|<dir>\//g, '').replace(/\s+/g, ' ').trim();
  return `${c.kind}:${norm(c.from)}>${norm(c.to)}`;
}

export function fixOf(r: Resolution, tl: Timeline, problem: Problem): FixVerdict | undefined {
  const pass = r.pass;
  if (!pass) return undefined;
  const t = r.tryInvocation;
  const p = r.passInvocation;
  const changes = t && p ? changeOf(t, p, pass, r.tryStep, problem) : !pass.shell && !r.tryStep.shell ? inputChange(r.tryStep, pass) : [];
  // Only the target changed (another file, another test): the session did other work; unless the target was the problem.
  // A call that never finished, narrowed to a part that does (one test file), is the fix, not other work.
  if (changes.length && changes.every((c) => c.kind === 'operands') && !r.related.length && problem.class !== 'usage' && problem.class !== 'timeout') {
    return { noise: 'the next call worked on something else (another file or test)' };
  }
  let steps = [...new Set(r.related.map(generalStep))];
  changes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const main = changes[0];
  // A run that never finished, narrowed to one file: which file was the session's task; that it was one is the fix.
  if (problem.class === 'timeout' && main?.kind === 'operands') main.to = main.to.split(' ').map((o) => (PATHLIKE.test(o) ? (o.endsWith('/') ? '<dir>/' : '<file>') : o)).join(' ');
  const keep = new Set(changes.filter((c) => c.kind === 'operands').flatMap((c) => c.to.split(' ')));
  const command = p ? generalInvocation(p, keep, !!t && renamed(t, p)) : pass.shell ? generalStep(pass) : `${pass.tool}${changes.length ? ` with ${changes[0].to}` : ''}`;
  // The very call that failed now passes and nothing related ran: what else changed something is the fix.
  const weak = !main && !steps.length && !r.codeEdits.length && r.changed.length > 0;
  if (weak) steps = [...new Set(r.changed.map(generalStep))];
  if (!main && !steps.length) {
    if (r.codeEdits.length) return { noise: 'fixed by changing the code under work' };
    const lines = r.scratchEdits.length ? addedLines(tl, r, r.scratchEdits) : [];
    if (lines.length) return { fix: { key: `script:${lines.join(' | ')}`, steps: [], scriptLines: lines, command } };
    return { fix: { key: 'retry', steps: [], command } };
  }
  if (r.codeEdits.length && !main && steps.every((s) => !/install|add|\bci\b/.test(s))) return { noise: 'fixed by changing the code under work' };
  const key = [...changes.map((c) => changeKey(c, t, p)), ...(steps.length ? [`steps:${steps.join(' && ')}`] : [])].join(' + ');
  return { fix: { key, steps, ...(main ? { change: main } : {}), command, ...(weak ? { weak: true } : {}) } };
}

/** Lines a scratch script gained between the last failed run and the passing one (normalised, no blanks or comments). */
function addedLines(tl: Timeline, r: Resolution, files: string[]): string[] {
  const out = new Set<string>();
  const norm = (l: string) => l.trim().replace(/\s+/g, ' ');
  for (const s of tl.steps.slice(r.lastTry.index + 1, r.pass!.index)) {
    const file = s.writes.find((w) => files.includes(w));
    if (!file) continue;
    const edit = editTexts(s);
    const before = edit.before ?? wholeText(tl, file, s.index);
    const had = new Set(before.split('\n').map(norm));
    for (const l of edit.after.split('\n').map(norm)) if (l && !l.startsWith('#') && !l.startsWith('//') && !had.has(l)) out.add(l);
  }
  return [...out].slice(0, 6);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What an edit replaced and with what; `before` is absent when the step wrote the whole file. */
function editTexts(s: Step): { before?: string; after: string } {
  const i = s.input;
  if (Array.isArray(i.edits)) return { before: i.edits.map((e: { old_string?: unknown }) => str(e?.old_string)).join('\n'), after: i.edits.map((e: { new_string?: unknown }) => str(e?.new_string)).join('\n') };
  if ('old_string' in i || 'new_string' in i) return { before: str(i.old_string), after: str(i.new_string) };
  if ('old_str' in i || 'new_str' in i) return { before: str(i.old_str), after: str(i.new_str) };
  return { after: wholeWrite(s) ?? '' };
}

/** The content a step wrote whole (a Write, a create, a here-document into the file). */
function wholeWrite(s: Step): string | undefined {
  const i = s.input;
  if ('content' in i || 'file_text' in i) return str(i.content ?? i.file_text);
  return s.shell?.heredocs[0];
}

/** The file's content as last written whole before step `at`, or '' when the session never wrote it whole. */
function wholeText(tl: Timeline, file: string, at: number): string {
  for (let k = at - 1; k >= 0; k--) {
    const s = tl.steps[k];
    if (s.ran && s.writes.includes(file)) {
      const w = wholeWrite(s);
      if (w !== undefined) return w;
    }
  }
  return '';
}
