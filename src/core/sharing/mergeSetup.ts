// What makes two teammates' memories merge without conflicts, set up in a clone when Lucid commits there: Lucid's note merge driver (`.agent-memory/.gitattributes` names it; git runs it only once this clone's config
//   defines it): `merge.lucid-note.driver`, a command that runs `lucid memory merge-note %O %A %B %P`;
import { simpleGit } from 'simple-git';

export const MERGE_DRIVER_NAME = 'lucid-note';

/** The driver command git runs for a note merge, given how to start Lucid's command line (quoted words). */
export function mergeDriverCommand(cli: readonly string[]): string {
  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  return `${cli.map(quote).join(' ')} memory merge-note %O %A %B %P`;
}

// simple-git refuses to set a merge driver unless asked to: these instances set exactly Lucid's own, nothing else.
const driverGit = (repoTop: string) => simpleGit({ baseDir: repoTop, maxConcurrentProcesses: 1, unsafe: { allowUnsafeMergeDriver: true } });
const DRIVER_KEY = `merge.${MERGE_DRIVER_NAME}.driver`;

/** Defines the note merge driver in the clone's local config (idempotent; never touches global config). */
export async function registerMergeDriver(repoTop: string, command: string): Promise<void> {
  const git = driverGit(repoTop);
  const current = await git.raw(['config', '--local', '--get', DRIVER_KEY]).catch(() => '');
  if (current.trim() === command) return;
  await git.raw(['config', '--local', `merge.${MERGE_DRIVER_NAME}.name`, 'Lucid: merge two versions of a memory note']);
  await git.raw(['config', '--local', DRIVER_KEY, command]);
}

/** Updates the driver's command in a clone that defines it with another one; returns whether it did. */
export async function refreshMergeDriver(repoTop: string, command: string): Promise<boolean> {
  const git = driverGit(repoTop);
  const current = (await git.raw(['config', '--local', '--get', DRIVER_KEY]).catch(() => '')).trim();
  if (!current || current === command) return false;
  await git.raw(['config', '--local', DRIVER_KEY, command]);
  return true;
}
