// `lucid memory accept ID`, `lucid memory commit [-m MESSAGE]` and `lucid memory merge-note` (git's merge driver).
import * as fs from 'fs/promises';
import { MemoryStore } from '../core/memory/memoryStore';
import { NoteNotFoundError } from '../core/memory/noteErrors';
import { acceptNote } from '../core/memory/noteAcceptance';
import { mergeNoteTexts } from '../core/memory/noteMerge3';
import { commitMemory } from '../core/sharing/memoryCommit';
import { CliError, type CliIo } from './cliIo';

/** How git can start this command line again (for the merge driver): this Node and this script. */
export function selfCli(): string[] {
  return [process.execPath, process.argv[1]].filter(Boolean);
}

/** A person accepts a note the agent wrote: it leaves `unverified` and joins MEMORY.md and recall. */
export async function acceptCommand(store: MemoryStore, id: string, io: CliIo): Promise<number> {
  try {
    const r = await acceptNote(store, id);
    if (!r.accepted) throw new CliError(`note '${id}' is ${r.status}, not unverified: nothing to accept`);
    io.out(`Accepted ${r.note.note.id}: it is active, in MEMORY.md and recall from the next session.\n`);
    return 0;
  } catch (err) {
    if (err instanceof NoteNotFoundError) throw new CliError(`no note with id '${id}' (try: lucid memory list --all)`);
    throw err;
  }
}

/** What "Lucid: Commit Memory" does: recover an interrupted dream, scan for secrets, commit the shareable files. */
export async function commitCommand(workspace: string, message: string | undefined, io: CliIo): Promise<number> {
  const r = await commitMemory(workspace, { ...(message ? { message } : {}), mergeDriverCli: selfCli() });
  if (r.committed) {
    io.out(`Committed memory ${r.sha.slice(0, 7)} (${r.files.length} file(s)); nothing was pushed.\n`);
    return 0;
  }
  if (r.reason === 'nothing-to-commit') {
    io.out(`${r.details}\n`);
    return 0;
  }
  throw new CliError(r.details);
}

/**
 * git's merge driver for notes: `merge-note BASE OURS THEIRS [PATH]`. Writes the merge into OURS and exits 0;
 * exits 1 (git keeps its conflict) when a side is not a readable note, leaving OURS untouched.
 */
export async function mergeNoteCommand(args: string[], io: CliIo): Promise<number> {
  const [base, ours, theirs, shown] = args;
  if (!base || !ours || !theirs) throw new CliError('memory merge-note needs BASE OURS THEIRS [PATH] (git passes %O %A %B %P)', 2);
  const read = (f: string) => fs.readFile(f, 'utf8');
  const [b, o, t] = await Promise.all([read(base).catch(() => ''), read(ours), read(theirs)]);
  const merged = mergeNoteTexts(o, t, b, shown ?? ours);
  if (!merged) {
    io.err(`lucid: ${shown ?? ours}: one side is not a readable note; leaving the conflict to git\n`);
    return 1;
  }
  await fs.writeFile(ours, merged.text);
  return 0;
}
