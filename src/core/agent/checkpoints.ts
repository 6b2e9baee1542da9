// Checkpoints: every edit the agent makes through its edit tool, with the file's content before it, per request
// ("turn"). "Undo the last turn" puts the files of that turn back; "restore to here" undoes every later turn,
// newest first. A file changed by someone else since the agent wrote it is not overwritten unless asked (`force`):
// it is reported as a conflict and left as it is. Kept for the session, in memory.
import * as fs from 'fs/promises';
import * as path from 'path';

interface FileChange {
  /** Absolute path. */
  file: string;
  /** Content before the turn's first edit of it; undefined when the turn created it. */
  before: string | undefined;
  /** What the agent last wrote. */
  after: string;
}

export interface Turn {
  id: number;
  /** The request, shortened (for a list). */
  label: string;
  files: Map<string, FileChange>;
}

export interface UndoResult {
  /** Files put back (workspace-relative to the caller's root if given, else absolute). */
  restored: string[];
  /** Files changed since the agent wrote them, left as they are (pass `force` to overwrite them). */
  conflicts: string[];
}

export class Checkpoints {
  private readonly turns: Turn[] = [];

  /** Starts a turn (a request); later edits belong to it. */
  begin(label: string): number {
    const id = (this.turns.at(-1)?.id ?? 0) + 1;
    this.turns.push({ id, label: label.replace(/\s+/g, ' ').trim().slice(0, 80), files: new Map() });
    return id;
  }

  /** Records an edit of the current turn. */
  record(file: string, before: string | undefined, after: string): void {
    const turn = this.turns.at(-1) ?? this.turns[this.begin('') - 1];
    const had = turn.files.get(file);
    turn.files.set(file, { file, before: had ? had.before : before, after });
  }

  /** Turns that changed files, oldest first. */
  list(): Array<{ id: number; label: string; files: string[] }> {
    return this.turns.filter((t) => t.files.size).map((t) => ({ id: t.id, label: t.label, files: [...t.files.keys()] }));
  }

  /** Undoes the latest turn that changed files. */
  async undoLast(opts: { force?: boolean } = {}): Promise<UndoResult> {
    const turn = [...this.turns].reverse().find((t) => t.files.size);
    return turn ? this.undo([turn], opts) : { restored: [], conflicts: [] };
  }

  /** Undoes every turn after `id` (the state as it was when turn `id` ended), newest first. */
  async restoreTo(id: number, opts: { force?: boolean } = {}): Promise<UndoResult> {
    return this.undo(this.turns.filter((t) => t.id > id && t.files.size).reverse(), opts);
  }

  private async undo(turns: Turn[], opts: { force?: boolean }): Promise<UndoResult> {
    const result: UndoResult = { restored: [], conflicts: [] };
    // Conflicts first, over all the turns: nothing is put back when something would be overwritten.
    const newest = new Map<string, FileChange>();
    for (const t of turns) for (const c of t.files.values()) if (!newest.has(c.file)) newest.set(c.file, c);
    for (const c of newest.values()) if ((await read(c.file)) !== c.after) result.conflicts.push(c.file);
    if (result.conflicts.length && !opts.force) return result;
    for (const t of turns) {
      for (const c of t.files.values()) {
        if (c.before === undefined) await fs.rm(c.file, { force: true });
        else {
          await fs.mkdir(path.dirname(c.file), { recursive: true });
          await fs.writeFile(c.file, c.before);
        }
        if (!result.restored.includes(c.file)) result.restored.push(c.file);
      }
      t.files.clear();
    }
    return result;
  }
}

async function read(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
