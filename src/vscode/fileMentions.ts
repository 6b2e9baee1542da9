// `@` in the chat input: the workspace's files and folders, matched fuzzily (fuzzyPath.ts), and the one picked read
// into an attachment of the next request (a file's content, capped; a folder's listing). The list comes from
// `workspace.findFiles` without what `files.exclude` and the root `.gitignore` hide, nor `.agent-memory/`,
// `node_modules` and `.git`; it is read again when older than a few seconds. A path from the webview is acted on
// only when the list has it (the webview is untrusted).
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MentionOption } from '../shared/panelState';
import type { MentionAttachment } from './attachments';
import { gitignoreGlobs, rankPaths } from './fuzzyPath';
import { capContent, folderListing, withFolders } from './mentionContent';

const ALWAYS_EXCLUDED = ['**/.agent-memory', '**/.agent-memory/**', '**/node_modules', '**/node_modules/**', '**/.git', '**/.git/**'];
const MAX_FILES = 20_000;
const FRESH_MS = 5_000;
const SHOWN = 20;

export class FileMentions {
  private index: { root: string; at: number; options: MentionOption[] } | undefined;
  private reading: Promise<MentionOption[]> | undefined;

  constructor(private readonly log: { warn(m: string): void }) {}

  /** The files and folders best matching `query`, best first. */
  async query(root: string, query: string): Promise<MentionOption[]> {
    return rankPaths(query, await this.options(root), SHOWN);
  }

  /** The attachment for a picked path, or why there is none (a path the list does not have, a read that failed). */
  async attach(root: string, rel: string, folder: boolean): Promise<MentionAttachment | { problem: string }> {
    const options = await this.options(root);
    if (!options.some((o) => o.path === rel && o.folder === folder)) return { problem: `${rel} is not a workspace ${folder ? 'folder' : 'file'} Lucid offers.` };
    if (folder) return folderListing(rel, options);
    try {
      return { kind: 'file', path: rel, ...capContent(await fs.readFile(path.join(root, ...rel.split('/')))) };
    } catch (err) {
      return { problem: `${rel} could not be read: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async options(root: string): Promise<MentionOption[]> {
    const i = this.index;
    if (i && i.root === root && Date.now() - i.at < FRESH_MS) return i.options;
    this.reading ??= listWorkspace(root, this.log).finally(() => (this.reading = undefined));
    const options = await this.reading;
    this.index = { root, at: Date.now(), options };
    return options;
  }
}

async function listWorkspace(root: string, log: { warn(m: string): void }): Promise<MentionOption[]> {
  const excluded = Object.entries(vscode.workspace.getConfiguration('files', vscode.Uri.file(root)).get<Record<string, unknown>>('exclude') ?? {})
    .filter(([glob, on]) => on === true && !/[{},]/.test(glob))
    .flatMap(([glob]) => [glob, `${glob}/**`]);
  const ignore = await fs.readFile(path.join(root, '.gitignore'), 'utf8').catch(() => '');
  const exclude = `{${[...ALWAYS_EXCLUDED, ...excluded, ...gitignoreGlobs(ignore)].join(',')}}`;
  let uris: vscode.Uri[] = [];
  try {
    uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'), exclude, MAX_FILES);
  } catch (err) {
    log.warn(`Listing the workspace for @: ${err instanceof Error ? err.message : String(err)}`);
  }
  const files = uris.map((u) => path.relative(root, u.fsPath).split(path.sep).join('/')).filter((p) => p && !p.startsWith('..'));
  return withFolders(files);
}
