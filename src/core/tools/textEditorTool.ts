// Anthropic's `text_editor_20250728` client tool (`str_replace_based_edit_tool`): view, create, str_replace, insert.
// Confined to the workspace; every write shows a unified diff for approval first, then is written atomically,
// keeping the file's line endings (CRLF stays CRLF) and byte-order mark.
import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { ToolTextEditor20250728 } from '@anthropic-ai/sdk/resources/messages/messages';
import { AgentTool, ToolContext, ToolError, ToolOutcome, errorOutcome, parseInput, requestApproval } from './toolTypes';
import { resolveInWorkspace, workspaceRelative } from './workspacePath';

export interface TextEditorOptions {
  /** Sent on the definition, and the cap of a `view` result. Without it views are capped at 100 000 characters. */
  maxCharacters?: number;
  /** Larger files are refused (use bash to read parts of them). Default 10 MB. */
  maxFileBytes?: number;
  /** Entries in a directory listing, default 500. */
  maxListEntries?: number;
}

const NAME = 'str_replace_based_edit_tool';
const DEFAULT_VIEW_CAP = 100_000;
const SNIPPET_CONTEXT = 4;

const inputSchema = z.object({
  command: z.string(),
  path: z.string(),
  view_range: z.array(z.number().int()).length(2).optional(),
  file_text: z.string().optional(),
  old_str: z.string().optional(),
  new_str: z.string().optional(),
  insert_line: z.number().int().optional(),
  insert_text: z.string().optional(),
});
type Input = z.infer<typeof inputSchema>;

export function createTextEditorTool(opts: TextEditorOptions = {}): AgentTool {
  const definition: ToolTextEditor20250728 = {
    type: 'text_editor_20250728',
    name: NAME,
    ...(opts.maxCharacters ? { max_characters: opts.maxCharacters } : {}),
  };
  return { name: NAME, definition, run: (input, ctx) => runEditor(input, ctx, opts) };
}

/**
 * One edit at a time per file: agents working at once (specialists) each read, ask and write the file in turn, so
 * the second edit is made on top of the first instead of overwriting it.
 */
const fileLocks = new Map<string, Promise<unknown>>();

async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const before = fileLocks.get(file) ?? Promise.resolve();
  const mine = before.then(work, work);
  const tail = mine.catch(() => undefined);
  fileLocks.set(file, tail);
  try {
    return await mine;
  } finally {
    if (fileLocks.get(file) === tail) fileLocks.delete(file);
  }
}

async function runEditor(raw: unknown, ctx: ToolContext, opts: TextEditorOptions): Promise<ToolOutcome> {
  let key = '';
  try {
    const input = inputSchema.safeParse(raw);
    if (input.success && input.data.command !== 'view') key = resolveInWorkspace(ctx.workspaceRoot, input.data.path, { forWrite: true });
  } catch {
    key = '';
  }
  return key ? withFileLock(key, () => editorCall(raw, ctx, opts)) : editorCall(raw, ctx, opts);
}

async function editorCall(raw: unknown, ctx: ToolContext, opts: TextEditorOptions): Promise<ToolOutcome> {
  const startedAt = Date.now();
  let meta: ToolOutcome['meta'];
  try {
    const input = parseInput(inputSchema, raw, NAME);
    const isWrite = input.command !== 'view';
    meta = { kind: isWrite ? 'edit' : 'view', file: input.path };
    if (!['view', 'create', 'str_replace', 'insert'].includes(input.command)) {
      throw new ToolError(`Unknown command ${JSON.stringify(input.command)}: use view, create, str_replace or insert.`);
    }
    if (isWrite && !ctx.trusted) {
      throw new ToolError('Nothing was written: the workspace is not trusted, and Lucid writes no files in an untrusted workspace.');
    }
    const abs = resolveInWorkspace(ctx.workspaceRoot, input.path, { forWrite: isWrite });
    const rel = workspaceRelative(ctx.workspaceRoot, abs);
    meta.file = rel;
    if (input.command === 'view') {
      return { content: view(abs, rel, input, opts), isError: false, durationMs: Date.now() - startedAt, meta };
    }
    const edit = planEdit(abs, rel, input, opts.maxFileBytes);
    meta.diff = unifiedDiff(rel, edit.before?.raw, edit.after);
    if (edit.before?.raw === edit.after) {
      return { content: `${rel} is unchanged: the edit makes no difference.`, isError: false, durationMs: Date.now() - startedAt, meta };
    }
    const decision = await requestApproval(ctx, { kind: 'edit', file: rel, diff: meta.diff, before: edit.before?.raw, after: edit.after });
    if (ctx.signal.aborted) throw new ToolError('Cancelled: nothing was written.');
    if (!decision.allowed) throw new ToolError(`The user denied this edit: ${decision.reason}`);
    // Nothing may have moved while the user looked at the diff: re-check the path and the content.
    const target = resolveInWorkspace(ctx.workspaceRoot, input.path, { forWrite: true });
    const now = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (target !== abs || now !== edit.before?.raw) {
      throw new ToolError(`${rel} changed on disk while the edit waited for approval; nothing was written. View it again and redo the edit.`);
    }
    const written = decision.replacement ?? edit.after;
    await atomicWrite(abs, written);
    ctx.onEdit?.(abs, edit.before?.raw, written);
    if (written === edit.after) return { content: edit.message, isError: false, durationMs: Date.now() - startedAt, meta };
    meta.diff = unifiedDiff(rel, edit.before?.raw, written);
    return { content: userModified(rel, edit.after, written), isError: false, durationMs: Date.now() - startedAt, meta };
  } catch (err) {
    return errorOutcome(err, startedAt, meta);
  }
}

// ---- reading ----

interface TextFile {
  raw: string;
  /** Content with LF line ends and no BOM: what edits work on. */
  text: string;
  eol: '\n' | '\r\n';
  bom: boolean;
}

function readText(abs: string, rel: string, maxBytes = 10 * 1024 * 1024): TextFile {
  const st = fs.statSync(abs);
  if (st.isDirectory()) throw new ToolError(`${rel} is a directory; only view works on directories.`);
  if (st.size > maxBytes) {
    const mb = (st.size / 1024 / 1024).toFixed(1);
    throw new ToolError(`${rel} is ${mb} MB, too large for the editor; use bash (head, tail, sed -n, grep) to read parts of it.`);
  }
  const buf = fs.readFileSync(abs);
  if (buf.subarray(0, 8000).includes(0)) {
    throw new ToolError(`${rel} looks like a binary file (${st.size} bytes); the editor only handles text files.`);
  }
  const raw = buf.toString('utf8');
  const bom = raw.startsWith('\uFEFF');
  const body = bom ? raw.slice(1) : raw;
  const crlf = body.split('\r\n').length - 1;
  const eol = crlf > 0 && crlf >= body.split('\n').length - 1 - crlf ? '\r\n' : '\n';
  return { raw, text: eol === '\r\n' ? body.replace(/\r\n/g, '\n') : body, eol, bom };
}

const toLf = (s: string) => s.replace(/\r\n/g, '\n');
const serialize = (file: TextFile | undefined, text: string) =>
  !file ? text : (file.bom ? '\uFEFF' : '') + (file.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text);

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const numbered = (lines: string[], firstNo: number) => lines.map((l, i) => `${firstNo + i}\t${l}`).join('\n');

function view(abs: string, rel: string, input: Input, opts: TextEditorOptions): string {
  if (!fs.existsSync(abs)) throw new ToolError(`${rel} does not exist.`);
  if (fs.statSync(abs).isDirectory()) {
    if (input.view_range) throw new ToolError('view_range only applies to files, not directories.');
    return listDirectory(abs, rel, opts.maxListEntries ?? 500);
  }
  const lines = splitLines(readText(abs, rel, opts.maxFileBytes).text);
  let [start, end] = input.view_range ?? [1, -1];
  if (lines.length === 0) {
    if (input.view_range) throw new ToolError(`${rel} is empty; there is no line range to show.`);
    return `(${rel} is empty)`;
  }
  if (start < 1 || start > lines.length) throw new ToolError(`Invalid view_range: start ${start} must be between 1 and ${lines.length}, the number of lines in ${rel}.`);
  if (end === -1 || end > lines.length) end = lines.length;
  if (end < start) throw new ToolError(`Invalid view_range: end ${end} is before start ${start} (use -1 for the end of the file).`);
  const shown = numbered(lines.slice(start - 1, end), start);
  const cap = opts.maxCharacters ?? DEFAULT_VIEW_CAP;
  if (shown.length <= cap) return shown;
  const cut = shown.lastIndexOf('\n', cap);
  const kept = cut > 0 ? shown.slice(0, cut) : shown.slice(0, cap);
  const lastNo = start + kept.split('\n').length - 1;
  return `${kept}\n[... truncated at ${cap} characters: showing lines ${start}-${lastNo} of ${lines.length}; use view_range to see more]`;
}

function listDirectory(abs: string, rel: string, maxEntries: number): string {
  const out: string[] = [];
  let more = 0;
  const walk = (dir: string, prefix: string, depth: number) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const shown = prefix === '.' ? e.name : `${prefix}/${e.name}`;
      if (out.length >= maxEntries) {
        more++;
        continue;
      }
      out.push(e.isDirectory() ? `${shown}/` : shown);
      if (e.isDirectory() && depth < 2) walk(path.join(dir, e.name), shown, depth + 1);
    }
  };
  walk(abs, rel, 1);
  const head = `Files and directories up to 2 levels deep in ${rel}, excluding hidden items and node_modules:`;
  const tail = more ? `\n[... ${more} more entries not shown; view a subdirectory to see them]` : '';
  return `${head}\n${out.join('\n') || '(empty directory)'}${tail}`;
}

// ---- editing ----

interface PlannedEdit {
  before?: TextFile;
  after: string;
  message: string;
}

function planEdit(abs: string, rel: string, input: Input, maxBytes?: number): PlannedEdit {
  const exists = fs.existsSync(abs);
  if (input.command === 'create') {
    if (input.file_text === undefined) throw new ToolError('create needs `file_text`, the whole content of the file.');
    const before = exists ? readText(abs, rel, maxBytes) : undefined;
    const after = serialize(before, before ? toLf(input.file_text) : input.file_text);
    const n = splitLines(toLf(input.file_text)).length;
    return { before, after, message: before ? `Overwrote ${rel} (${n} lines).` : `Created ${rel} (${n} lines).` };
  }
  if (!exists) throw new ToolError(`${rel} does not exist; use create to make a new file.`);
  const before = readText(abs, rel, maxBytes);
  const text = before.text;
  if (input.command === 'str_replace') {
    if (!input.old_str) throw new ToolError('str_replace needs a non-empty `old_str`.');
    const oldStr = toLf(input.old_str);
    const newStr = toLf(input.new_str ?? '');
    const hits: number[] = [];
    for (let i = text.indexOf(oldStr); i >= 0; i = text.indexOf(oldStr, i + 1)) hits.push(i);
    const lineOf = (i: number) => text.slice(0, i).split('\n').length;
    if (hits.length === 0) {
      throw new ToolError(`No replacement was performed: old_str did not appear verbatim in ${rel}. View the file and copy the exact text, including whitespace and indentation.`);
    }
    if (hits.length > 1) {
      const lines = hits.map(lineOf).join(', ');
      throw new ToolError(`No replacement was performed: old_str appears ${hits.length} times in ${rel} (at lines ${lines}). Include more surrounding lines so it matches exactly once.`);
    }
    const newText = text.slice(0, hits[0]) + newStr + text.slice(hits[0] + oldStr.length);
    const first = lineOf(hits[0]);
    const last = first + Math.max(0, newStr.split('\n').length - 1);
    return { before, after: serialize(before, newText), message: `The file ${rel} has been edited. ${snippet(newText, first, last)}` };
  }
  // insert
  const insertText = input.insert_text ?? input.new_str;
  if (input.insert_line === undefined || insertText === undefined) throw new ToolError('insert needs `insert_line` and `insert_text`.');
  const lines = splitLines(text);
  const at = input.insert_line;
  if (at < 0 || at > lines.length) throw new ToolError(`Invalid insert_line ${at}: it must be between 0 (before the first line) and ${lines.length} (after the last line of ${rel}).`);
  const added = splitLines(toLf(insertText));
  if (added.length === 0) added.push('');
  const trailing = text === '' ? toLf(insertText).endsWith('\n') : text.endsWith('\n');
  const all = [...lines.slice(0, at), ...added, ...lines.slice(at)];
  const newText = all.join('\n') + (trailing ? '\n' : '');
  const message = `The file ${rel} has been edited: inserted ${added.length} line(s) after line ${at}. ${snippet(newText, at + 1, at + added.length)}`;
  return { before, after: serialize(before, newText), message };
}

function snippet(text: string, first: number, last: number): string {
  const lines = splitLines(text);
  const from = Math.max(1, first - SNIPPET_CONTEXT);
  const to = Math.min(lines.length, last + SNIPPET_CONTEXT);
  return `Here are lines ${from}-${to} now:\n${numbered(lines.slice(from - 1, to), from)}`;
}

/** The result when the user changed the proposed content before allowing it: what differs from the proposal. */
function userModified(rel: string, proposed: string, written: string): string {
  const change = createTwoFilesPatch(`proposed/${rel}`, `written/${rel}`, toLf(proposed), toLf(written), undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
  return `The user modified your edit of ${rel} before allowing it: what was written differs from what you proposed. View the file again before editing it further. The difference from your proposal to what was written:\n${change}`;
}

/** A unified diff (git style, a/ and b/ prefixes; /dev/null for a new file). */
export function unifiedDiff(rel: string, before: string | undefined, after: string): string {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${rel}`, `b/${rel}`, before ?? '', after, undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}

/** Writes through a temporary file in the same folder and a rename, keeping the file's permissions. */
async function atomicWrite(abs: string, data: string): Promise<void> {
  const dir = path.dirname(abs);
  await fs.promises.mkdir(dir, { recursive: true });
  const mode = fs.existsSync(abs) ? fs.statSync(abs).mode & 0o7777 : undefined;
  const tmp = path.join(dir, `.${path.basename(abs)}.lucid-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await fs.promises.writeFile(tmp, data, { flag: 'wx' });
    if (mode !== undefined) await fs.promises.chmod(tmp, mode);
    await fs.promises.rename(tmp, abs);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
