// One Claude Code transcript as Lucid session events (the `sessionSchema.ts` body events), in order, each
// with the time of the record it came from. What is kept and what is left out:
// - user text → `user_message`. Left out: meta records (`isMeta`: the "Caveat: … local commands" notes),
//   compaction summaries (`isCompactSummary`: written by the model, not the user), and slash-command wrappers
//   (`<command-name>`, `<local-command-stdout>`, `<bash-input>` …). "[Request interrupted by user …]" is kept
//   as a user_message: it is where the user cut in, and what they type next is often a correction.
// - assistant text → `assistant_text`; thinking blocks are left out; an API error message
//   (`isApiErrorMessage`, e.g. "Claude AI usage limit reached") → `error` of kind `api-error`.
// - tool_use → `tool_call` with Claude Code's own tool name and input (`Bash` keeps `input.command`).
// - tool_result → `tool_result` with `ok = !is_error`; the output is the result's text (for `Bash`, stdout
//   and stderr from the record's `toolUseResult` when present); `exitCode` is null (Claude Code does not
//   record it); `durationMs` from the tool's own duration when given, else from the two records' timestamps.
// - system records (hook progress) and `summary` records (titles) are left out.
// - Sidechains (`isSidechain`: sub-agents started by the `Task` tool) are kept by default, because that is
//   where much of the real work (and failing) happens, but marked: their texts start with `[sub-agent] `,
//   their tool ids with `sub-agent:`. The prompt a sub-agent receives is not a user_message (the user did not
//   type it; it is already the Task call's input). `sidechains: 'skip'` leaves sub-agents out entirely.
import * as path from 'path';
import { readFileLines } from '../sessions/fileLines';
import type { EndReason, SessionEventInput } from '../sessions/sessionSchema';
import { orderRecords, parseRecordLine, parseRecordLines, type RecordLine } from './claudeCodeRecords';

export const SIDECHAIN_TEXT_PREFIX = '[sub-agent] ';
export const SIDECHAIN_ID_PREFIX = 'sub-agent:';

/** An event of an imported session and the original time it happened (ISO). */
export interface TimedEvent {
  t: string;
  event: SessionEventInput;
}

export interface ClaudeCodeTranscript {
  sessionId: string;
  cwd: string | undefined;
  /** ISO time of the first record; undefined when no record has a timestamp. */
  startedAt: string | undefined;
  /** ISO time of the last record. */
  endedAt: string | undefined;
  /** How the transcript ends: `stopped` after a user interruption, `error` after an API error, else `completed`. */
  endReason: EndReason;
  /** The first model that answered (Claude Code's synthetic error messages do not count). */
  model: string | undefined;
  events: TimedEvent[];
  problems: string[];
}

export interface TranscriptOptions {
  /** Names the source in problems (default `transcript`). */
  label?: string;
  /** What to do with sub-agent records (default `keep`). */
  sidechains?: 'keep' | 'skip';
}

const NOISE_RE = /^\s*<(command-name|command-message|command-args|local-command-stdout|local-command-stderr|bash-input|bash-stdout|bash-stderr|user-memory-input)>/;
const INTERRUPTED_RE = /^\[Request interrupted by user[^\]]*\]$/;
const TOOL_ERROR_RE = /^<tool_use_error>([\s\S]*)<\/tool_use_error>$/;

type Block = { type?: unknown; [key: string]: unknown };

const blocksOf = (content: unknown): Block[] =>
  typeof content === 'string'
    ? [{ type: 'text', text: content }]
    : Array.isArray(content)
      ? content.filter((b): b is Block => b !== null && typeof b === 'object')
      : [];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The text of a tool_result's `content`: a string, or text blocks (an image becomes `[image]`). */
function resultText(content: unknown): string {
  const text = typeof content === 'string'
    ? content
    : blocksOf(content)
        .map((b) => (b.type === 'text' ? (str(b.text) ?? '') : b.type === 'image' ? '[image]' : ''))
        .filter((s) => s !== '')
        .join('\n');
  return text.replace(TOOL_ERROR_RE, '$1');
}

/** For Bash: stdout and stderr from the record's side field, when it has them. */
function bashOutput(side: unknown): string | undefined {
  if (side === null || typeof side !== 'object') return undefined;
  const { stdout, stderr, interrupted } = side as Record<string, unknown>;
  if (typeof stdout !== 'string' && typeof stderr !== 'string') return undefined;
  const parts = [str(stdout) ?? '', str(stderr) ?? ''].filter((s) => s.trim() !== '');
  if (interrupted === true) parts.push('[interrupted by the user]');
  return parts.length ? parts.join('\n') : undefined;
}

function sideDuration(side: unknown): number | undefined {
  if (side === null || typeof side !== 'object') return undefined;
  const { totalDurationMs, durationMs } = side as Record<string, unknown>;
  const d = typeof totalDurationMs === 'number' ? totalDurationMs : durationMs;
  return typeof d === 'number' && Number.isFinite(d) && d >= 0 ? Math.round(d) : undefined;
}

function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Parses the text of a Claude Code JSONL transcript. `fallbackId` names the session when no record does. */
export function parseClaudeCodeTranscript(text: string, fallbackId: string, options: TranscriptOptions = {}): ClaudeCodeTranscript {
  const { records, problems } = parseRecordLines(text, options.label ?? 'transcript');
  return transcriptFromRecords(records, problems, fallbackId, options);
}

function transcriptFromRecords(records: RecordLine[], problems: string[], fallbackId: string, options: TranscriptOptions): ClaudeCodeTranscript {
  const ordered = orderRecords(records);
  const keepSide = options.sidechains !== 'skip';
  const events: TimedEvent[] = [];
  const toolUses = new Map<string, { name: string; ms: number }>();
  const seenCalls = new Set<string>();
  const seenResults = new Set<string>();
  let lastT = '';
  let model: string | undefined;

  for (const { record: r, ms } of ordered) {
    const side = r.isSidechain === true;
    if (side && !keepSide) continue;
    if (r.type !== 'user' && r.type !== 'assistant') continue;
    if (r.isMeta === true || r.isCompactSummary === true) continue;
    let t = new Date(ms).toISOString();
    if (t < lastT) t = lastT; // ordering by parent may put a record before an earlier-stamped one
    lastT = t;
    const push = (event: SessionEventInput) => events.push({ t, event });
    const mark = (s: string) => (side ? SIDECHAIN_TEXT_PREFIX + s : s);
    const idOf = (id: string) => (side ? SIDECHAIN_ID_PREFIX + id : id);
    const blocks = blocksOf(r.message?.content);

    if (r.type === 'assistant') {
      const m = str(r.message?.model);
      if (!model && m && !m.startsWith('<')) model = m;
      for (const b of blocks) {
        if (b.type === 'text') {
          const text = (str(b.text) ?? '').trim();
          if (!text || text === '(no content)') continue;
          push(r.isApiErrorMessage === true ? { type: 'error', kind: 'api-error', message: mark(text) } : { type: 'assistant_text', text: mark(text) });
        } else if (b.type === 'tool_use' && typeof b.id === 'string' && b.id && !seenCalls.has(b.id)) {
          seenCalls.add(b.id);
          const name = str(b.name) || 'unknown';
          toolUses.set(b.id, { name, ms });
          push({ type: 'tool_call', id: idOf(b.id), name, input: b.input ?? {} });
        }
      }
      continue;
    }

    const results = blocks.filter((b) => b.type === 'tool_result');
    const texts = side
      ? [] // a sub-agent's prompt: the Task call's input already holds it
      : blocks
          .filter((b) => b.type === 'text')
          .map((b) => (str(b.text) ?? '').trim())
          .filter((s) => s !== '' && !NOISE_RE.test(s));
    if (texts.length) push({ type: 'user_message', text: texts.join('\n\n') });
    for (const b of results) {
      const id = str(b.tool_use_id);
      if (!id || seenResults.has(id)) continue;
      seenResults.add(id);
      const use = toolUses.get(id);
      const name = use?.name ?? 'unknown';
      const sideField = results.length === 1 ? r.toolUseResult : undefined;
      const output = (name === 'Bash' ? bashOutput(sideField) : undefined) ?? resultText(b.content);
      const durationMs = sideDuration(sideField) ?? (use ? Math.max(0, ms - use.ms) : 0);
      push({ type: 'tool_result', id: idOf(id), name, ok: b.is_error !== true, exitCode: null, durationMs, output });
    }
  }

  const last = events[events.length - 1]?.event;
  const endReason: EndReason =
    last?.type === 'error' ? 'error' : last?.type === 'user_message' && INTERRUPTED_RE.test(last.text) ? 'stopped' : 'completed';
  const times = ordered.map((o) => o.ms);
  return {
    sessionId: mostCommon(records.map(({ record }) => str(record.sessionId))) ?? fallbackId,
    cwd: mostCommon(records.map(({ record }) => str(record.cwd))),
    startedAt: times.length ? new Date(times.reduce((a, b) => Math.min(a, b))).toISOString() : undefined,
    endedAt: times.length ? new Date(times.reduce((a, b) => Math.max(a, b))).toISOString() : undefined,
    endReason,
    model,
    events,
    problems,
  };
}

/** Reads and parses one transcript file; the file name (without `.jsonl`) is the fallback session id. */
export async function readClaudeCodeTranscript(file: string, options: TranscriptOptions = {}): Promise<ClaudeCodeTranscript> {
  // Read as a stream, line by line, from a regular file only (a FIFO is refused at once, never waited on).
  const label = path.basename(file);
  const records: RecordLine[] = [];
  const problems: string[] = [];
  let n = 0;
  const take = (line: string, last: boolean) => {
    const r = parseRecordLine(line, ++n, label, last);
    if (r.record) records.push(r.record);
    if (r.problem) problems.push(r.problem);
  };
  const { rest } = await readFileLines(file, { onLine: (line) => take(line, false) });
  if (rest) take(rest, true);
  return transcriptFromRecords(records, problems, path.basename(file, '.jsonl'), { label, ...options });
}

/** Whether an event of an imported session came from a sub-agent (see SIDECHAIN_* above). */
export function isSidechainEvent(e: SessionEventInput): boolean {
  switch (e.type) {
    case 'tool_call':
    case 'tool_result':
      return e.id.startsWith(SIDECHAIN_ID_PREFIX);
    case 'assistant_text':
      return e.text.startsWith(SIDECHAIN_TEXT_PREFIX);
    case 'error':
      return e.message.startsWith(SIDECHAIN_TEXT_PREFIX);
    default:
      return false;
  }
}
