// The proposed side of an edit awaiting approval: a writable in-memory file system under the `lucid-proposal:`
// scheme. The diff editor opens the proposal there, the user may change it and save (Ctrl+S), and what was saved is
// what Allow applies. Files exist only while their approval is pending; nothing here touches the disk.
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'lucid-proposal';

interface Entry {
  data: Uint8Array;
  ctime: number;
  mtime: number;
}

export class ProposalFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly files = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, this, { isCaseSensitive: true });
  }

  /** Puts a proposal in place (the agent's content). */
  put(uri: vscode.Uri, text: string): void {
    const now = Date.now();
    this.files.set(uri.path, { data: Buffer.from(text, 'utf8'), ctime: now, mtime: now });
  }

  /** The content last saved (the agent's, unless the user saved a change). */
  saved(uri: vscode.Uri): string | undefined {
    const e = this.files.get(uri.path);
    return e && Buffer.from(e.data).toString('utf8');
  }

  /** Forgets every proposal under the folder `prefix` (`/<requestId>/`). */
  drop(prefix: string): void {
    for (const key of [...this.files.keys()]) if (key.startsWith(prefix)) this.files.delete(key);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.files.get(uri.path);
    if (e) return { type: vscode.FileType.File, ctime: e.ctime, mtime: e.mtime, size: e.data.byteLength };
    const dir = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    if ([...this.files.keys()].some((k) => k.startsWith(dir))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(): Array<[string, vscode.FileType]> {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const e = this.files.get(uri.path);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e.data;
  }

  /** Saving the proposed side: only an existing (pending) proposal can be written. */
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const e = this.files.get(uri.path);
    if (!e) throw vscode.FileSystemError.NoPermissions(`${uri.path}: the proposal is no longer pending`);
    e.data = content;
    e.mtime = Date.now();
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
