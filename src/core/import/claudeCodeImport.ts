// `lucid import claude-code`: Claude Code's session transcripts of a workspace become Lucid sessions
// (`.agent-memory/sessions/`, source `claude-code-import`), so a team's existing history feeds the dream.
//
// Idempotent. Each imported session is found again by its original session id (the header of the Lucid
// file, source `claude-code-import`; the file is named by the original start time and short id). A source
// is skipped without being read when `.agent-memory/.cache/imports.json` has it at the same size and mtime;
// otherwise it is rendered again and compared byte for byte with its session file: identical → skipped
// ("already imported"); different (Claude Code appended to it since) → the session file is replaced whole,
// atomically (temp file + rename, see importedSessionFile.ts). One session id, one file, whatever the path
// it was imported from.
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureMemoryLayout } from '../memory/memoryLayout';
import { createRedactor } from '../redact/secretRedactor';
import type { TextRedactor } from '../sessions/sessionRecorder';
import { entryKind } from '../sessions/sessionFiles';
import { listSessions } from '../sessions/sessionReader';
import { readClaudeCodeTranscript } from './claudeCodeTranscript';
import { IMPORT_SOURCE, writeImportedSession } from './importedSessionFile';
import { loadManifest, saveManifest } from './importManifest';

export interface ImportOptions {
  /** A folder of `*.jsonl` transcripts, or one transcript. Default: Claude Code's folder for the workspace. */
  from?: string;
  workspaceRoot: string;
  now?: () => Date;
  /** The home folder holding `.claude/` (default: the user's). */
  home?: string;
  /** Sub-agent (sidechain) records: kept and marked (default), or left out. */
  sidechains?: 'keep' | 'skip';
  /** Default: `createRedactor()`. */
  redactor?: TextRedactor;
}

export interface ImportedSession {
  sessionId: string;
  /** Path of the Lucid session file. */
  file: string;
  /** Events imported (not counting the header and session_end). */
  events: number;
  /** The Claude Code transcript it came from. */
  source: string;
  /** True when an earlier import of the session was replaced (the transcript grew). */
  replaced: boolean;
}

export interface SkippedSession {
  sessionId: string;
  source: string;
  reason: 'already imported' | 'empty';
}

export interface ImportResult {
  /** The folder or file the transcripts were read from. */
  from: string;
  imported: ImportedSession[];
  skipped: SkippedSession[];
  /** Sources that could not be imported (the reason is in `problems`). */
  failed: string[];
  problems: string[];
}

/**
 * The same strings come back again and again in a transcript (paths, statuses, tool descriptions), and each
 * redaction runs secretlint: remember the short ones for the length of one import. Redaction is a pure
 * function of the text, so this changes nothing but time.
 */
function memoRedactor(base: TextRedactor, maxChars = 2_000, maxEntries = 20_000): TextRedactor {
  const memo = new Map<string, Promise<string>>();
  return {
    redact(text) {
      if (text.length > maxChars) return base.redact(text);
      let hit = memo.get(text);
      if (!hit) {
        if (memo.size >= maxEntries) memo.clear();
        hit = base.redact(text);
        hit.catch(() => memo.delete(text));
        memo.set(text, hit);
      }
      return hit;
    },
  };
}

/** Claude Code's folder for a workspace: `~/.claude/projects/<path with each non-alphanumeric char as '-'>`. */
export function claudeCodeProjectDir(workspaceRoot: string, home: string = os.homedir()): string {
  return path.join(home, '.claude', 'projects', path.resolve(workspaceRoot).replace(/[^A-Za-z0-9]/g, '-'));
}

/**
 * The transcripts to import: the `*.jsonl` regular files of a folder (not its subfolders), or the one file given.
 * Anything else with a transcript's name (a folder, a FIFO, a socket) is reported and skipped, never opened.
 */
async function listSources(from: string, isDefault: boolean): Promise<{ sources: string[]; problems: string[] }> {
  let stat;
  try {
    stat = await fsp.stat(from);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new Error(
      isDefault
        ? `no Claude Code sessions for this workspace: ${from} does not exist (use --from DIR to import from another folder)`
        : `${from} does not exist`,
    );
  }
  if (stat.isFile()) return { sources: [from], problems: [] };
  if (!stat.isDirectory()) throw new Error(`${from} is ${entryKind(stat)}, not a transcript file or a folder of them`);
  const sources: string[] = [];
  const problems: string[] = [];
  for (const name of (await fsp.readdir(from)).filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = path.join(from, name);
    const s = await fsp.stat(file).catch(() => undefined); // follows a link to a transcript
    if (s?.isFile()) sources.push(file);
    else if (s) problems.push(`${file}: ${entryKind(s)}, not a transcript file; skipped`);
  }
  return { sources, problems };
}

export async function importClaudeCode(options: ImportOptions): Promise<ImportResult> {
  const now = options.now ?? (() => new Date());
  const from = options.from !== undefined ? path.resolve(options.from) : claudeCodeProjectDir(options.workspaceRoot, options.home);
  const { sources, problems: listed } = await listSources(from, options.from === undefined);
  const result: ImportResult = { from, imported: [], skipped: [], failed: [], problems: listed };
  if (sources.length === 0) result.problems.push(`${from}: no .jsonl transcripts in this folder`);

  const paths = await ensureMemoryLayout(options.workspaceRoot);
  const manifestFile = path.join(paths.cache, 'imports.json');
  const { manifest, problem } = await loadManifest(manifestFile);
  if (problem) result.problems.push(problem);
  const sidechains = options.sidechains ?? 'keep';
  const redactor = memoRedactor(options.redactor ?? createRedactor());
  const bySession = new Map<string, { name: string; path: string }>();
  for (const s of await listSessions(paths.sessions)) {
    if (s.header?.source === IMPORT_SOURCE) bySession.set(s.header.sessionId, { name: s.name, path: s.path });
  }
  let changed = false;

  for (const source of sources) {
    try {
      const stat = await fsp.stat(source);
      const known = manifest.sources[source];
      if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && (known.sidechains ?? 'keep') === sidechains) {
        const stillThere = known.file === null || bySession.get(known.sessionId)?.name === known.file;
        if (stillThere) {
          result.skipped.push({ sessionId: known.sessionId, source, reason: known.file === null ? 'empty' : 'already imported' });
          continue;
        }
      }
      const transcript = await readClaudeCodeTranscript(source, { sidechains });
      result.problems.push(...transcript.problems);
      const entry = { size: stat.size, mtimeMs: stat.mtimeMs, sessionId: transcript.sessionId, sidechains, importedAt: now().toISOString() };
      if (transcript.events.length === 0) {
        result.skipped.push({ sessionId: transcript.sessionId, source, reason: 'empty' });
        manifest.sources[source] = { ...entry, file: null };
        changed = true;
        continue;
      }
      const existing = bySession.get(transcript.sessionId);
      const out = await writeImportedSession(transcript, { sessionsDir: paths.sessions, tempRoot: paths.cache, redactor, existing });
      bySession.set(transcript.sessionId, { name: out.name, path: path.join(paths.sessions, out.name) });
      manifest.sources[source] = { ...entry, file: out.name };
      changed = true;
      if (out.status === 'unchanged') {
        result.skipped.push({ sessionId: transcript.sessionId, source, reason: 'already imported' });
      } else {
        result.imported.push({
          sessionId: transcript.sessionId,
          file: path.join(paths.sessions, out.name),
          events: transcript.events.length,
          source,
          replaced: existing !== undefined,
        });
      }
    } catch (e) {
      result.failed.push(source);
      result.problems.push(`${source}: not imported: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (changed) await saveManifest(manifestFile, manifest);
  return result;
}
