// The records of one Claude Code transcript (`~/.claude/projects/<mangled cwd>/<sessionId>.jsonl`), read
// forgivingly and put in conversation order. A garbled line or a truncated last line (Claude Code still
// writing, or a crash) is reported and skipped, never fatal. Records carry `uuid`, `parentUuid` and
// `timestamp`; the file is usually in order, but copies of resumed sessions and hook-made logs are not
// always, so the order is: by timestamp (file order among equals), and a record never before its parent.

/** One JSON object of the transcript, as Claude Code wrote it (only the fields the importer reads are typed). */
export interface ClaudeCodeRecord {
  type?: string;
  uuid?: string;
  parentUuid?: string | null;
  timestamp?: string;
  sessionId?: string;
  cwd?: string;
  isSidechain?: boolean;
  isMeta?: boolean;
  isCompactSummary?: boolean;
  isApiErrorMessage?: boolean;
  message?: { role?: string; model?: string; content?: unknown };
  toolUseResult?: unknown;
  [key: string]: unknown;
}

/** A record with where it came from and the time it is ordered by (ms since the epoch). */
export interface OrderedRecord {
  record: ClaudeCodeRecord;
  line: number;
  ms: number;
}

export type RecordLine = { record: ClaudeCodeRecord; line: number };

/** One line of a JSONL transcript (1-based `n`): its JSON object, a problem, or nothing (a blank line). */
export function parseRecordLine(raw: string, n: number, label: string, lastAndUnterminated: boolean): { record?: RecordLine; problem?: string } {
  const line = raw.replace(/\r$/, '');
  if (line.trim() === '') return {};
  const where = `${label} line ${n}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: lastAndUnterminated ? `${where}: truncated last line (still being written?), skipped` : `${where}: not valid JSON, skipped` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: `${where}: not a JSON object, skipped` };
  return { record: { record: value as ClaudeCodeRecord, line: n } };
}

/** The JSON objects of a JSONL text, with a problem for each line that is not one. */
export function parseRecordLines(text: string, label: string): { records: RecordLine[]; problems: string[] } {
  const lines = text.split('\n');
  const unterminated = !text.endsWith('\n');
  if (!unterminated) lines.pop();
  const records: RecordLine[] = [];
  const problems: string[] = [];
  lines.forEach((raw, i) => {
    const r = parseRecordLine(raw, i + 1, label, unterminated && i === lines.length - 1);
    if (r.record) records.push(r.record);
    if (r.problem) problems.push(r.problem);
  });
  return { records, problems };
}

const timeOf = (r: ClaudeCodeRecord): number => (typeof r.timestamp === 'string' ? Date.parse(r.timestamp) : NaN);

/**
 * Records in conversation order, each `uuid` once. A record without a usable timestamp keeps its place in
 * the file (it takes the time of the record before it). Among records of the same time, file order wins,
 * except that a record whose parent is in the file waits until its parent has been placed.
 */
export function orderRecords(records: ReadonlyArray<{ record: ClaudeCodeRecord; line: number }>): OrderedRecord[] {
  const seen = new Set<string>();
  const unique = records.filter(({ record }) => {
    if (typeof record.uuid !== 'string') return true;
    if (seen.has(record.uuid)) return false;
    seen.add(record.uuid);
    return true;
  });
  const firstKnown = unique.map(({ record }) => timeOf(record)).find((ms) => Number.isFinite(ms)) ?? 0;
  let previous = firstKnown;
  const timed: OrderedRecord[] = unique.map(({ record, line }) => {
    const ms = timeOf(record);
    if (Number.isFinite(ms)) previous = ms;
    return { record, line, ms: Number.isFinite(ms) ? ms : previous };
  });
  timed.sort((a, b) => a.ms - b.ms || a.line - b.line);

  const placed = new Set<string>();
  const done = new Set<OrderedRecord>();
  const waiting = new Map<string, OrderedRecord[]>();
  const out: OrderedRecord[] = [];
  const place = (first: OrderedRecord) => {
    const stack = [first];
    while (stack.length) {
      const r = stack.pop()!;
      if (done.has(r)) continue;
      done.add(r);
      out.push(r);
      const id = r.record.uuid;
      if (typeof id !== 'string') continue;
      placed.add(id);
      const children = waiting.get(id);
      if (children) {
        waiting.delete(id);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]); // keep their order
      }
    }
  };
  for (const r of timed) {
    const parent = r.record.parentUuid;
    if (typeof parent === 'string' && seen.has(parent) && !placed.has(parent)) {
      const list = waiting.get(parent) ?? [];
      list.push(r);
      waiting.set(parent, list);
    } else {
      place(r);
    }
  }
  // Whatever still waits sits in a parent cycle: keep it, in time order.
  const rest = [...waiting.values()].flat().sort((a, b) => a.ms - b.ms || a.line - b.line);
  for (const r of rest) place(r);
  return out;
}
