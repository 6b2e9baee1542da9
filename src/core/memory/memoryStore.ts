// The memory store: notes in `.agent-memory/notes/`, one file each. Reads are lock-free (every write is atomic);
// every write happens under the cross-process lock, re-reads the file first, and writes only changed bytes.
// A note a person wrote or edited (human-owned) is read, never silently rewritten.
import * as fs from 'fs/promises';
import * as path from 'path';
import { recoverTransactions } from './memoryTransaction';
import { writeFileAtomic, writeIfChanged } from './atomicWrite';
import { addCounters, addCountersTo, bumpCounterOverlay, readCounterOverlay, takeCounterOverlay, withCounterDeltas, type CounterDeltas, type CounterKey } from './counterOverlay';
import { HumanOwnedNoteError, NoteNotFoundError } from './noteErrors';
import { buildDigest, type Digest } from './digest';
import { assertRealMemoryFolders, ensureMemoryLayout, memoryPaths, type MemoryPaths } from './memoryLayout';
import { withMemoryLock, type MemoryLockOptions } from './memoryLock';
import { humanReason, sealNote, serializeNote, validateNote } from './noteFormat';
import { noteFilePath, readNoteFile, type NoteFileResult } from './noteFiles';
import { isValidId, newNoteId, randomSuffix } from './noteIds';
import { keptSearchIndex, type KeptSearchIndex } from './keptSearchIndex';
import { peekSharedNoteIndex, sharedNoteIndex, type NoteIndex, type SearchHit } from './noteSearch';
import type { SearchOptions } from './searchScoring';
import { signatureOf, writeSearchIndexFile } from './searchIndexFile';
import { loadNotesIndexed, type IndexedLoad } from './parsedNoteIndex';
import { dropStartSnapshot, readStartView, writeStartSnapshot, type StartView } from './startSnapshot';
import type { Counters, Evidence, LoadedNote, Note, NoteProblem, Triggers } from './noteSchema';

export interface MemoryStoreOptions {
  /** The clock, for the dates of new notes. */
  now?: () => Date;
  lock?: MemoryLockOptions;
  /** The clock of the note files' checks (ms; parsedNoteIndex.ts); tests move it past the racy window. */
  checkClock?: () => number;
}

export type NewNote = Pick<Note, 'kind' | 'title'> &
  Partial<Pick<Note, 'id' | 'body' | 'status' | 'provenance' | 'scope' | 'reason' | 'merged' | 'extra'>> & {
    triggers?: Partial<Triggers>;
    evidence?: Partial<Evidence>;
    counters?: Partial<Counters>;
    /** Path relative to `notes/` (default `<id>.md`). */
    file?: string;
  };

export interface UpdateOptions {
  /** Rewrite the note even if a person wrote or edited it (only on a person's explicit request). */
  allowHuman?: boolean;
}

export interface UpdateResult {
  changed: boolean;
  note: LoadedNote;
}

/** Edits a copy of the note (mutate it or return a new one). `text` is the file as read, for text-level edits. */
export type NoteEdit = (note: Note, loaded: LoadedNote, text: string) => Note | void | Promise<Note | void>;

export class MemoryStore {
  private layoutReady: Promise<MemoryPaths> | undefined;
  private notes: Map<string, LoadedNote> | undefined;
  /** The notes of the last load (shared, read-only); cleared by a write. */
  private loaded: readonly LoadedNote[] | undefined;
  /** Content hash of each note's file as loaded (keys the search index); a note written since has none. */
  private hashes: ReadonlyMap<string, string> = new Map();
  /** What the last load found besides the notes (for the session-start snapshot). */
  private lastLoad: { notes: readonly LoadedNote[]; indexed: IndexedLoad; deltas: CounterDeltas } | undefined;

  private constructor(
    private readonly workspaceRoot: string,
    readonly paths: MemoryPaths,
    private readonly options: MemoryStoreOptions,
  ) {}

  /** Opens the memory of a workspace. Creates nothing: the folder is created by the first write. */
  static async open(workspaceRoot: string, options: MemoryStoreOptions = {}): Promise<MemoryStore> {
    return new MemoryStore(workspaceRoot, memoryPaths(workspaceRoot), options);
  }

  /** Every note (counters include this machine's side-file counts); unreadable files are reported and skipped. */
  async load(): Promise<{ notes: LoadedNote[]; problems: NoteProblem[] }> {
    await assertRealMemoryFolders(this.paths);
    await recoverTransactions(this.paths, { lock: this.options.lock }); // a dream killed mid-commit: finish or drop it
    // Through the parsed-note index (.cache/parsed-notes.json): an unchanged file is not parsed again.
    const [indexed, deltas] = await Promise.all([loadNotesIndexed(this.paths.notes, this.paths.cache, { now: this.options.checkClock }), readCounterOverlay(this.paths.cache)]);
    const notes = withCounterDeltas(indexed.notes, deltas);
    if (notes !== this.loaded) {
      this.notes = new Map(notes.map((n) => [n.note.id, n]));
      this.loaded = notes;
      this.hashes = indexed.hashes;
    }
    this.lastLoad = { notes, indexed, deltas };
    return { notes, problems: indexed.problems };
  }

  /**
   * A session start's view of the memory without loading every note, when the snapshot the last full load took is
   * of the notes as they are now (startSnapshot.ts); else undefined.
   */
  async startView(): Promise<StartView | undefined> {
    await assertRealMemoryFolders(this.paths);
    await recoverTransactions(this.paths, { lock: this.options.lock });
    return readStartView(this.paths.notes, this.paths.cache, await readCounterOverlay(this.paths.cache));
  }

  /** Takes the session-start snapshot of the notes as last loaded (`ranked`: their active ones, ranked for the
   * digest); when they cannot be vouched for by their files' stats, or have no kept search index, drops it instead. */
  async keepStartSnapshot(ranked: readonly LoadedNote[]): Promise<void> {
    const last = this.lastLoad;
    if (!last || last.notes !== this.loaded) return; // written since: the next load takes it
    const stamp = last.indexed.stamp;
    const search = signatureOf(last.notes, this.hashes);
    if (stamp && search) {
      await this.keepSearchIndex(); // the search index it names is kept (built and kept now if it was not)
      // Not kept (a person's note holds a secret): the snapshot could never be used.
      if (last.notes === this.loaded && (await keptSearchIndex(this.paths.cache, search))) {
        const { dirs, fileStats, problems } = last.indexed;
        return writeStartSnapshot(this.paths.cache, { stamp, dirs, fileStats, deltas: last.deltas, search, notes: last.notes, ranked, problems });
      }
    }
    await dropStartSnapshot(this.paths.cache);
  }

  /** The note with this id, read fresh from disk. */
  async get(id: string): Promise<LoadedNote | undefined> {
    const found = await this.locate(id);
    return found && { ...found.loaded, note: addCountersTo(found.loaded.note, (await readCounterOverlay(this.paths.cache))[id]) };
  }

  /** Creates `notes/<id>.md` with a new id (slug of the title + 4 hex). Never overwrites a file. */
  async create(input: NewNote): Promise<LoadedNote> {
    const today = this.today();
    const id = input.id ?? newNoteId(input.title);
    if (!isValidId(id)) throw new Error(`Invalid note id ${JSON.stringify(id)}: lowercase letters, digits and dashes`);
    const note: Note = {
      id, kind: input.kind, title: input.title.trim(), status: input.status ?? 'active',
      provenance: input.provenance ?? 'agent', scope: [...(input.scope ?? [])],
      triggers: {
        errors: [...(input.triggers?.errors ?? [])],
        commands: [...(input.triggers?.commands ?? [])],
        keywords: [...(input.triggers?.keywords ?? [])],
      },
      evidence: { sessions: 0, firstSeen: today, lastSeen: today, examples: [], ...input.evidence },
      counters: { recalled: 0, helpful: 0, harmful: 0, ...input.counters },
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.merged !== undefined ? { merged: [...input.merged] } : {}),
      body: input.body ?? '', extra: { ...input.extra },
    };
    return this.createAt(input.file ?? `${id}.md`, note);
  }

  /**
   * Writes a new note file at `file` (relative to `notes/`). Fails if the file exists, and if the id does unless
   * `uniqueId`, which adds a random suffix until the id is free. The check reads the notes afresh under the lock:
   * another process may have just created the same id in another folder.
   */
  async createAt(file: string, input: Note, options: { uniqueId?: boolean } = {}): Promise<LoadedNote> {
    let note = input;
    const problem = validateNote(note);
    if (problem) throw new Error(`Invalid note notes/${file}: ${problem}`);
    return this.withLock(async () => {
      await this.load();
      while (options.uniqueId && this.notes!.has(note.id)) note = { ...note, id: `${input.id.slice(0, 74)}-${randomSuffix()}` };
      const existing = this.notes!.get(note.id);
      if (existing) throw new Error(`A note with id ${note.id} already exists: notes/${existing.file}`);
      const full = noteFilePath(this.paths.notes, file);
      const sealed = sealNote(note);
      await fs.mkdir(path.dirname(full), { recursive: true });
      try {
        await writeFileAtomic(full, serializeNote(sealed), { exclusive: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`notes/${file} already exists`);
        throw err;
      }
      return this.remember({ note: sealed, file, humanOwned: sealed.provenance === 'human' });
    });
  }

  /** Under the lock: re-reads the note, applies `fn` to a copy, writes only if the content changed. */
  async update(id: string, fn: NoteEdit, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.withLock(async () => {
      const found = await this.locate(id);
      if (!found) throw new NoteNotFoundError(id);
      return this.editFile(found.loaded.file, fn, options);
    });
  }

  /** Like `update`, addressed by file (relative to `notes/`). Used by the memory tool. */
  async editFile(file: string, fn: NoteEdit, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.withLock(async () => {
      const read = await this.readFile(file);
      if ('problem' in read) throw new Error(`notes/${file}: ${read.problem.message}`);
      const { loaded, text } = read;
      const reason = humanReason(loaded.note, text);
      if (reason && !options.allowHuman) throw new HumanOwnedNoteError(file, reason);
      const deltas = (await readCounterOverlay(this.paths.cache))[loaded.note.id];
      const before = addCountersTo(loaded.note, deltas);
      const draft = structuredClone(before);
      const next = (await fn(draft, { ...loaded, note: structuredClone(before) }, text)) ?? draft;
      if (next.id !== loaded.note.id) throw new Error(`notes/${file}: a note's id never changes (${loaded.note.id})`);
      const problem = validateNote(next);
      if (problem) throw new Error(`Invalid note notes/${file}: ${problem}`);
      const unchanged = serializeNote({ ...next, fingerprint: undefined }) === serializeNote({ ...before, fingerprint: undefined });
      if (unchanged) return { changed: false, note: this.remember({ ...loaded, note: before }) };
      const sealed = sealNote(next);
      const changed = await writeIfChanged(noteFilePath(this.paths.notes, file), serializeNote(sealed));
      if (deltas) await takeCounterOverlay(this.paths.cache, loaded.note.id);
      return { changed, note: this.remember({ note: sealed, file, humanOwned: sealed.provenance === 'human' }) };
    });
  }

  /**
   * Adds to a usage counter. Counts go to this machine's side file (`.cache/counters.json`) and `load()` adds
   * them in; a dream folds them into the notes it owns (`foldCounters`), once per dream. So a recall never
   * rewrites a file git shares, and a person's note keeps its bytes.
   */
  async bumpCounter(id: string, counter: CounterKey, by = 1): Promise<Counters> {
    if (!Number.isInteger(by) || by < 1) throw new Error(`bumpCounter: by must be a positive integer, got ${by}`);
    return this.withLock(async () => {
      const found = await this.locate(id);
      if (!found) throw new NoteNotFoundError(id);
      const deltas = await bumpCounterOverlay(this.paths.cache, id, counter, by);
      const counters = addCounters(found.loaded.note.counters, deltas);
      this.remember({ ...found.loaded, note: { ...found.loaded.note, counters } });
      return counters;
    });
  }

  /** Moves a note file (its id, in the front-matter, stays the same). Refuses to replace a file. */
  async moveFile(from: string, to: string, options: UpdateOptions = {}): Promise<LoadedNote> {
    return this.withLock(async () => {
      const read = await this.readFile(from);
      if ('problem' in read) throw new Error(`notes/${from}: ${read.problem.message}`);
      const reason = humanReason(read.loaded.note, read.text);
      if (reason && !options.allowHuman) throw new HumanOwnedNoteError(from, reason);
      const target = noteFilePath(this.paths.notes, to);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, read.text, { exclusive: true }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new Error(`notes/${to} already exists`) : err;
      });
      await fs.unlink(noteFilePath(this.paths.notes, from));
      return this.remember({ ...read.loaded, file: to });
    });
  }

  /** Reads and parses one file under `notes/` (no side-file counters merged). */
  readFile(file: string): Promise<NoteFileResult> {
    return readNoteFile(this.paths.notes, file);
  }

  /** Runs `fn` holding the memory lock (for multi-file updates). Store calls inside it do not re-lock. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    this.layoutReady ??= ensureMemoryLayout(this.workspaceRoot);
    await this.layoutReady;
    return withMemoryLock(this.paths, fn, this.options.lock);
  }

  /** Ranked active notes matching `query` (see searchScoring.ts for the relevance floor). */
  async search(query: string, options?: SearchOptions): Promise<SearchHit[]> {
    const hits = (await this.keptIndex())?.search(query, options); // undefined: none, or damaged where it was read
    if (hits) return hits.flatMap((h) => (this.notes!.has(h.id) ? [{ ...h, note: this.notes!.get(h.id)! }] : []));
    return (await this.builtIndex()).search(query, options);
  }

  /** Brings the search index up to date with the notes as loaded and keeps it in `.cache`, for the next process. */
  async keepSearchIndex(): Promise<void> {
    if (!(await this.keptIndex())) await this.builtIndex();
  }

  /** Until this process builds an index of its own: the one kept on disk, if it was built from exactly these notes
   * (the same ids and content hashes), read in part, not restored (keptSearchIndex.ts). */
  private async keptIndex(): Promise<KeptSearchIndex | undefined> {
    if (!this.notes) await this.load();
    if (!this.loaded || peekSharedNoteIndex(this.paths.notes)) return undefined;
    const signature = signatureOf(this.loaded, this.hashes);
    return signature ? keptSearchIndex(this.paths.cache, signature) : undefined;
  }

  /** The process-wide index of this folder, synced to this store's notes right before the query (both synchronous):
   * the notes as loaded by content hash; after a write, the notes written are re-indexed. Kept when it changed. */
  private async builtIndex(): Promise<NoteIndex> {
    const notes = this.loaded ?? [...this.notes!.values()];
    const hashes = this.hashes;
    const index = sharedNoteIndex(this.paths.notes);
    if (index.sync(notes, hashes) > 0 && notes === this.loaded) {
      const signature = signatureOf(notes, hashes);
      // Awaited, not left running: a write in flight would race whoever removes or moves the folder next.
      if (signature) await writeSearchIndexFile(this.paths.cache, signature, index.contents(), notes);
    }
    return index;
  }

  /** Regenerates MEMORY.md; writes only if its bytes change. */
  async writeDigest(budgetTokens: number): Promise<Digest & { changed: boolean }> {
    return this.withLock(async () => {
      const { notes } = await this.load();
      const digest = buildDigest(notes, { budgetTokens });
      return { ...digest, changed: await writeIfChanged(this.paths.digest, digest.text) };
    });
  }

  /** Today as `YYYY-MM-DD` (local time). */
  today(): string {
    const d = this.options.now?.() ?? new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }

  /** Finds a note by id: the cached file first (re-read to confirm), else a fresh scan. */
  private async locate(id: string): Promise<{ loaded: LoadedNote; reason?: string } | undefined> {
    const cached = this.notes?.get(id);
    if (cached) {
      const read = await this.readFile(cached.file);
      if ('loaded' in read && read.loaded.note.id === id) return { loaded: read.loaded, reason: humanReason(read.loaded.note, read.text) };
    }
    const { notes } = await this.load();
    const hit = notes.find((n) => n.note.id === id);
    if (!hit) return undefined;
    const read = await this.readFile(hit.file);
    return 'loaded' in read ? { loaded: read.loaded, reason: humanReason(read.loaded.note, read.text) } : undefined;
  }

  private remember(loaded: LoadedNote): LoadedNote {
    this.notes?.set(loaded.note.id, loaded);
    this.loaded = undefined;
    if (this.hashes.has(loaded.note.id)) this.hashes = new Map([...this.hashes].filter(([id]) => id !== loaded.note.id));
    return loaded;
  }
}
