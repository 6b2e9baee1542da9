// Handlers for Anthropic's `memory_20250818` client tool, on top of the store. The model sees `/memories`,
// mapped onto `.agent-memory/notes/`. Differences from a plain file system, on purpose:
// - every file is a note: free text becomes an `agent` note, front-matter must validate, edits must still parse;
// - notes people wrote or edited are read-only to the model;
// - `delete` retires a note (status: retired) instead of removing the file, so the team reviews it in git;
// - `rename` moves the file; the id in the front-matter stays.
// Errors are thrown as MemoryToolError: the agent loop returns them with `is_error: true`.
import * as fs from 'fs/promises';
import * as path from 'path';
import { z } from 'zod';
import { draftAgentNote } from './agentNoteDraft';
import type { MemoryStore } from './memoryStore';
import { HumanOwnedNoteError } from './noteErrors';
import { listDirectory, occurrences, snippet, splitLines, viewFile } from './memoryToolOutput';
import { MemoryToolError, resolveToolPath, type ToolPath } from './memoryToolPaths';
import { formatIssues, normalizeText, parseNote, serializeNote } from './noteFormat';
import { slugify } from './noteIds';
import type { Note } from './noteSchema';

export { MemoryToolError } from './memoryToolPaths';

const p = z.string();
const schemas = {
  view: z.object({ command: z.literal('view'), path: p, view_range: z.array(z.number().int()).length(2).optional() }),
  create: z.object({ command: z.literal('create'), path: p, file_text: z.string() }),
  str_replace: z.object({ command: z.literal('str_replace'), path: p, old_str: z.string(), new_str: z.string().default('') }),
  insert: z.object({ command: z.literal('insert'), path: p, insert_line: z.number().int(), insert_text: z.string() }),
  delete: z.object({ command: z.literal('delete'), path: p }),
  rename: z.object({ command: z.literal('rename'), old_path: p, new_path: p }),
};
export const memoryCommandSchema = z.discriminatedUnion('command', [
  schemas.view, schemas.create, schemas.str_replace, schemas.insert, schemas.delete, schemas.rename,
]);
export type MemoryCommandName = keyof typeof schemas;
export type MemoryCommand = z.input<typeof memoryCommandSchema>;
type Input<K extends MemoryCommandName> = z.input<(typeof schemas)[K]>;
/** Assignable to the SDK's `MemoryToolHandlers` (helpers/beta/memory): each handler also validates its input. */
export type MemoryToolHandlers = { [K in MemoryCommandName]: (command: Input<K>) => Promise<string> };

const COMMANDS = Object.keys(schemas) as MemoryCommandName[];

/** Validates `input` and runs the command it names. Throws MemoryToolError for anything the model got wrong. */
export async function runMemoryCommand(store: MemoryStore, input: unknown): Promise<string> {
  const command = (input as { command?: unknown } | null)?.command;
  if (!COMMANDS.includes(command as MemoryCommandName)) {
    throw new MemoryToolError(`Unknown memory command ${JSON.stringify(command)}: expected one of ${COMMANDS.join(', ')}.`);
  }
  const handler = createMemoryToolHandlers(store)[command as MemoryCommandName] as (c: unknown) => Promise<string>;
  return handler(input);
}

export function createMemoryToolHandlers(store: MemoryStore): MemoryToolHandlers {
  const workspace = path.dirname(store.paths.root);
  const at = (toolPath: string) => resolveToolPath(store.paths.notes, toolPath, workspace);

  return {
    async view(input) {
      const cmd = check('view', input);
      const tp = await at(cmd.path);
      const stat = await fs.stat(tp.full).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' && tp.rel === '') return undefined; // no notes yet: an empty /memories
        return guard(tp, () => Promise.reject(err));
      });
      if (!stat || stat.isDirectory()) return listDirectory(tp, stat?.size ?? 0);
      if (!stat.isFile()) throw new MemoryToolError(`${tp.display} is not a regular file.`);
      return guard(tp, () => viewFile(tp, cmd.view_range)); // streamed, capped (a 30 MB file is not sent whole)
    },

    async create(input) {
      const cmd = check('create', input);
      const tp = await at(cmd.path);
      requireMarkdown(tp);
      if (await exists(tp.full)) throw new MemoryToolError(`File ${tp.display} already exists`);
      const text = normalizeText(cmd.file_text);
      if (text.trim() === '') throw new MemoryToolError(`file_text is empty: nothing to store in ${tp.display}.`);
      let note;
      if (/^---[ \t]*\n/.test(text)) {
        const parsed = parseNote(text, tp.display);
        if ('error' in parsed) throw new MemoryToolError(`Cannot create ${tp.display}, nothing was written: ${parsed.error}`);
        const clash = await store.get(parsed.note.id);
        if (clash) throw new MemoryToolError(`Cannot create ${tp.display}: the id ${parsed.note.id} is already used by /memories/${clash.file}.`);
        note = asAgentWritten(parsed.note, store.today());
      } else {
        const id = slugify(path.posix.basename(tp.rel).replace(/\.md$/i, ''), 60);
        note = draftAgentNote(text, { id, today: store.today() });
      }
      const loaded = await guard(tp, () => store.createAt(tp.rel, note, { uniqueId: !/^---[ \t]*\n/.test(text) }));
      return `File created successfully at: ${tp.display} (note id ${loaded.note.id}, kind ${loaded.note.kind}, status unverified: ` +
        'it joins MEMORY.md and recall once a dream finds evidence for it or the user accepts it)';
    },

    async str_replace(input) {
      const cmd = check('str_replace', input);
      const tp = await at(cmd.path);
      if (cmd.old_str === '') throw new MemoryToolError('old_str is empty: give the exact text to replace.');
      let matchLine = 0;
      const final = await editText(store, tp, (text) => {
        const found = occurrences(text, cmd.old_str);
        if (found.length === 0) {
          throw new MemoryToolError(`No replacement was performed, old_str \`${cmd.old_str}\` did not appear verbatim in ${tp.display}.`);
        }
        if (found.length > 1) {
          const lines = found.map((i) => text.slice(0, i).split('\n').length);
          throw new MemoryToolError(
            `No replacement was performed. Multiple occurrences of old_str \`${cmd.old_str}\` in lines: ` +
              `${lines.join(', ')}. Please ensure it is unique`,
          );
        }
        matchLine = text.slice(0, found[0]).split('\n').length;
        return text.slice(0, found[0]) + cmd.new_str + text.slice(found[0] + cmd.old_str.length);
      });
      const at2 = cmd.new_str ? final.indexOf(cmd.new_str.split('\n')[0]) : -1;
      const line = at2 >= 0 ? final.slice(0, at2).split('\n').length : matchLine;
      const shown = snippet(final, line, cmd.new_str.split('\n').length);
      return `The memory file has been edited. Here is the snippet showing the change (with line numbers):\n${shown}`;
    },

    async insert(input) {
      const cmd = check('insert', input);
      const tp = await at(cmd.path);
      const final = await editText(store, tp, (text) => {
        const lines = splitLines(text);
        if (cmd.insert_line < 0 || cmd.insert_line > lines.length) {
          throw new MemoryToolError(
            `Invalid \`insert_line\` parameter: ${cmd.insert_line}. ` +
              `It should be within the range of lines of the file: [0, ${lines.length}]`,
          );
        }
        lines.splice(cmd.insert_line, 0, ...normalizeText(cmd.insert_text).replace(/\n$/, '').split('\n'));
        return `${lines.join('\n')}\n`;
      });
      return `The file ${tp.display} has been edited.\n${snippet(final, cmd.insert_line + 1, cmd.insert_text.split('\n').length)}`;
    },

    async delete(input) {
      const cmd = check('delete', input);
      const tp = await at(cmd.path);
      if (tp.rel === '') throw new MemoryToolError('Cannot delete the /memories directory itself');
      const stat = await guard(tp, () => fs.lstat(tp.full));
      if (stat.isDirectory()) {
        throw new MemoryToolError(`${tp.display} is a directory: delete the notes in it one at a time (each is retired, not removed).`);
      }
      requireMarkdown(tp);
      const result = await guard(tp, () =>
        store.editFile(tp.rel, (n) => void Object.assign(n, { status: 'retired', reason: 'deleted by the agent' })),
      );
      if (!result.changed) return `${tp.display} was already retired.`;
      return `Deleted ${tp.display}: the note is retired (status: retired), so it no longer appears in recall or in MEMORY.md. ` +
        'The file stays so the team can review the deletion in git.';
    },

    async rename(input) {
      const cmd = check('rename', input);
      const from = await at(cmd.old_path);
      const to = await at(cmd.new_path);
      if (from.rel === '') throw new MemoryToolError('Cannot rename the /memories directory itself');
      const stat = await guard(from, () => fs.lstat(from.full));
      if (stat.isDirectory()) throw new MemoryToolError(`${from.display} is a directory: rename the notes in it one at a time.`);
      requireMarkdown(from);
      requireMarkdown(to);
      if (await exists(to.full)) throw new MemoryToolError(`The destination ${to.display} already exists`);
      const moved = await guard(from, () => store.moveFile(from.rel, to.rel));
      return `Successfully renamed ${from.display} to ${to.display} (note id ${moved.note.id} unchanged)`;
    },
  };
}

/** Applies a text edit to a note under the store's lock; the result must still parse, keep its id and provenance. */
async function editText(store: MemoryStore, tp: ToolPath, edit: (text: string) => string): Promise<string> {
  requireMarkdown(tp);
  await guard(tp, () => fs.lstat(tp.full));
  const result = await guard(tp, () =>
    store.editFile(tp.rel, (_note, loaded, raw) => {
      const parsed = parseNote(edit(normalizeText(raw)), tp.display);
      if ('error' in parsed) {
        throw new MemoryToolError(`The edit would leave ${tp.display} unreadable as a note, so nothing was changed: ${parsed.error}`);
      }
      for (const key of ['id', 'provenance'] as const) {
        if (parsed.note[key] !== loaded.note[key]) {
          throw new MemoryToolError(`The ${key} of a note cannot change (${key}: ${loaded.note[key]}); nothing was changed.`);
        }
      }
      return editedByAgent(parsed.note, loaded.note);
    }),
  );
  return serializeNote(result.note.note);
}

/**
 * A note the agent wrote starts unverified: out of MEMORY.md and recall until a dream finds evidence for it or a
 * person accepts it. What only Lucid or a person may say (provenance, status, evidence, counters, fingerprint)
 * is not taken from the agent's text.
 */
function asAgentWritten(note: Note, today: string): Note {
  const { fingerprint: _f, merged: _m, reason: _r, ...rest } = note;
  return {
    ...rest, provenance: 'agent', status: 'unverified',
    evidence: { sessions: 1, firstSeen: today, lastSeen: today, examples: [] },
    counters: { recalled: 0, helpful: 0, harmful: 0 },
  };
}

/**
 * An agent's edit of an existing note: its counters (this machine's pending counts included) and evidence stay as
 * they were, and changed advice is unverified again. The agent may lower a note's standing (stale, retired), never
 * raise it.
 */
function editedByAgent(next: Note, before: Note): Note {
  const lowered = next.status === 'stale' || next.status === 'retired';
  const status = before.status === 'retired' ? 'retired' : lowered ? next.status : 'unverified';
  return { ...next, status, counters: before.counters, evidence: before.evidence };
}

function check<K extends MemoryCommandName>(command: K, input: unknown): z.output<(typeof schemas)[K]> {
  const parsed = schemas[command].safeParse(input, { reportInput: true });
  if (!parsed.success) throw new MemoryToolError(`Invalid input for the memory command ${command}: ${formatIssues(parsed.error.issues)}`);
  return parsed.data as z.output<(typeof schemas)[K]>;
}

/** Maps store and file-system errors to messages about the path the model used. */
async function guard<T>(tp: ToolPath, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MemoryToolError) throw err;
    if (err instanceof HumanOwnedNoteError) {
      throw new MemoryToolError(`${tp.display} was written or edited by a person (${err.reason}). Lucid does not change ` +
        "people's notes: create a separate note, or tell the user what should change.", { cause: err });
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MemoryToolError(`The path ${tp.display} does not exist.`, { cause: err });
    if (code === 'EISDIR') throw new MemoryToolError(`${tp.display} is a directory.`, { cause: err });
    const message = (err as Error).message ?? String(err);
    throw new MemoryToolError(tp.rel ? message.split(`notes/${tp.rel}`).join(tp.display) : message, { cause: err });
  }
}

function requireMarkdown(tp: ToolPath): void {
  if (!/\.md$/i.test(tp.rel)) throw new MemoryToolError(`${tp.display}: memory files are Markdown notes, so the name must end in .md`);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}
