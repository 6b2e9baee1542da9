// What a file or folder picked with `@` sends: a file's text up to the caps (binary: a note only), a folder's
// listing from the workspace list; and that list's folders, derived from its files. Pure: unit-tested.
import type { MentionOption } from '../shared/panelState';
import type { MentionAttachment } from './attachments';

/** A file's content goes up to this many lines and characters. */
export const MAX_MENTION_LINES = 2_000;
export const MAX_MENTION_CHARS = 100_000;
/** A folder's listing names at most this many entries. */
export const MAX_LISTING = 500;

/** The files, and every folder above one of them (folders first, then files, each sorted). */
export function withFolders(files: readonly string[]): MentionOption[] {
  const folders = new Set<string>();
  for (const f of files) for (let at = f.indexOf('/'); at > 0; at = f.indexOf('/', at + 1)) folders.add(f.slice(0, at));
  return [...[...folders].sort().map((p) => ({ path: p, folder: true })), ...[...files].sort().map((p) => ({ path: p, folder: false }))];
}

/** A file's text up to the caps (a note says how much was left out); a binary file sends a note only. */
export function capContent(bytes: Buffer): { text: string; note?: string } {
  if (bytes.subarray(0, 8000).includes(0)) return { text: '', note: `binary, ${bytes.length} bytes: content not included` };
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines.length <= MAX_MENTION_LINES && text.length <= MAX_MENTION_CHARS) return { text };
  let kept = lines.slice(0, MAX_MENTION_LINES).join('\n');
  if (kept.length > MAX_MENTION_CHARS) kept = kept.slice(0, kept.lastIndexOf('\n', MAX_MENTION_CHARS) + 1 || MAX_MENTION_CHARS);
  const shown = kept.split('\n').length - (kept.endsWith('\n') ? 1 : 0);
  return { text: kept, note: `first ${shown} of ${lines.length} lines` };
}

/** A folder's listing: what the list has under it, relative to it (subfolders end with `/`), capped. */
export function folderListing(folder: string, options: readonly MentionOption[]): MentionAttachment {
  const under = options.filter((o) => o.path.startsWith(`${folder}/`)).map((o) => `${o.path.slice(folder.length + 1)}${o.folder ? '/' : ''}`).sort();
  const more = under.length - MAX_LISTING;
  return {
    kind: 'folder',
    path: folder,
    text: under.slice(0, MAX_LISTING).join('\n') || '(empty)',
    ...(more > 0 ? { note: `first ${MAX_LISTING} of ${under.length} entries` } : {}),
  };
}
