// Checkpoints: every edit the agent makes through its edit tool, with the file's content before it, per request
// ("turn"). "Undo the last turn" puts the files of that turn back; "restore to here" undoes every later turn,
// newest first. A file changed by someone else since the agent wrote it is not overwritten unless asked (`force`,
// or `skip` to restore the others only): it is reported as a conflict and left as it is. Each edit is also kept by
// its tool call, with the content before and after it, for a past edit's diff. Kept for the session, in memory.
import * as fs from 'fs/promises';
import * as path from 'path';

export interface FileChange {
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

/** One edit by the agent's edit tool: the file's content just before and just after it. */
export interface EditRecord {
  file: string;
  before: string | undefined;
  after: string;
}

/** What restoring turns would do: each file's content to put back (undefined: remove it), and the conflicts. */
export interface RestorePlan {
  writes: Array<{ file: string; content: string | undefined }>;
  /** Files whose content now is not what the agent last wrote (someone changed them since). */
  conflicts: string[];
}

/**
 * Plans undoing `turns` (any order): each file goes back to its content before the oldest of them that touched it; it
 * is a conflict when its `current` content (undefined: missing) is not what the newest of them wrote. Pure.
 */
export function planRestore(turns: readonly Turn[], current: ReadonlyMap<string, string | undefined>): RestorePlan {
  const ordered = [...turns].sort((a, b) => a.id - b.id);
  const oldest = new Map<string, FileChange>();
  const newest = new Map<string, FileChange>();
  for (const t of ordered) {
    for (const c of t.files.values()) {
      if (!oldest.has(c.file)) oldest.set(c.file, c);
      newest.set(c.file, c);
    }
  }
  const writes = [...oldest.values()].map((c) => ({ file: c.file, content: c.before }));
  const conflicts = [...newest.values()].filter((c) => current.get(c.file) !== c.after).map((c) => c.file);
  return { writes, conflicts };
}

export interface UndoResult {
  /** Files put back (workspace-relative to the caller's root if given, else absolute). */
  restored: string[];
  /** Files changed since the agent wrote them, left as they are (pass `force` to overwrite them). */
  conflicts: string[];
}

export class Checkpoints {
  private readonly turns: Turn[] = [];
  private readonly edits = new Map<string, EditRecord>();

  /** Starts a turn (a request); later edits belong to it. */
  begin(label: string): number {
    const id = (this.turns.at(-1)?.id ?? 0) + 1;
    this.turns.push({ id, label: label.replace(/\s+/g, ' ').trim().slice(0, 80), files: new Map() });
    return id;
  }

  /** Records an edit of the current turn; `callId`, the tool call that made it, keeps it for its diff. */
  record(file: string, before: string | undefined, after: string, callId?: string): void {
    if (callId) this.edits.set(callId, { file, before, after });
    const turn = this.turns.at(-1) ?? this.turns[this.begin('') - 1];
    const had = turn.files.get(file);
    turn.files.set(file, { file, before: had ? had.before : before, after });
  }

  /** The edit made by tool call `callId`, if it was recorded in this session. */
  edit(callId: string): EditRecord | undefined {
    return this.edits.get(callId);
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

  /**
   * Undoes every turn after `id` (the state as it was when turn `id` ended). With conflicts, nothing is put back
   * unless `force` (overwrite them) or `skip` (restore the other files; the conflicting ones keep their records).
   */
  async restoreTo(id: number, opts: { force?: boolean; skip?: boolean } = {}): Promise<UndoResult> {
    return this.undo(this.turns.filter((t) => t.id > id && t.files.size), opts);
  }

  private async undo(turns: Turn[], opts: { force?: boolean; skip?: boolean }): Promise<UndoResult> {
    const current = new Map<string, string | undefined>();
    for (const t of turns) for (const f of t.files.keys()) if (!current.has(f)) current.set(f, await read(f));
    const plan = planRestore(turns, current);
    const result: UndoResult = { restored: [], conflicts: plan.conflicts };
    if (plan.conflicts.length && !opts.force && !opts.skip) return result;
    const kept = new Set(opts.force ? [] : plan.conflicts);
    for (const w of plan.writes) {
      if (kept.has(w.file)) continue;
      if (w.content === undefined) await fs.rm(w.file, { force: true });
      else {
        await fs.mkdir(path.dirname(w.file), { recursive: true });
        await fs.writeFile(w.file, w.content);
      }
      result.restored.push(w.file);
    }
    for (const t of turns) for (const f of [...t.files.keys()]) if (!kept.has(f)) t.files.delete(f);
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
