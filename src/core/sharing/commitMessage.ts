// The message of a memory commit: a fixed subject and a body that says what the last dream changed
// (counts and titles, from its JSON report under `.agent-memory/.cache/dreams/`).
import * as fs from 'fs/promises';
import * as path from 'path';
import type { MemoryPaths } from '../memory/memoryLayout';
import { REPORTS_DIR } from '../dream/apply/dreamReport';
import type { DreamReport, NoteRef } from '../dream/dreamTypes';

export const DEFAULT_COMMIT_SUBJECT = 'Lucid: update memory';

/** The newest report of a dream that applied its changes (review-mode reports changed no note), if any. */
export async function latestAppliedReport(paths: Pick<MemoryPaths, 'root'>): Promise<DreamReport | undefined> {
  const dir = path.join(paths.root, REPORTS_DIR);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort().reverse();
  for (const name of names) {
    try {
      const report = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as DreamReport;
      if (report && report.mode === 'apply' && Array.isArray(report.added)) return report;
    } catch {
      // A damaged report is skipped: the commit message is a courtesy, not a record.
    }
  }
  return undefined;
}

const MAX_TITLES = 10;

function titles(heading: string, refs: Array<NoteRef & { from?: string[] }>): string[] {
  if (!refs?.length) return [];
  const shown = refs.slice(0, MAX_TITLES).map((r) => `- ${r.title}${r.from?.length ? ` (merged ${r.from.join(', ')})` : ''}`);
  const more = refs.length > MAX_TITLES ? [`- … and ${refs.length - MAX_TITLES} more`] : [];
  return [`${heading}:`, ...shown, ...more];
}

/** A one-line summary of a dream's changes, e.g. `2 added, 1 updated, 0 merged, 0 marked stale`. */
export function dreamCounts(r: DreamReport): string {
  const parts = [`${r.added.length} added`, `${r.updated.length} updated`, `${r.merged.length} merged`, `${r.staled.length} marked stale`];
  if (r.retired.length) parts.push(`${r.retired.length} retired`);
  return parts.join(', ');
}

/** The body of the commit: the dream's summary (when given) and the files committed. */
export function commitBody(report: DreamReport | undefined, files: string[]): string {
  const lines: string[] = [];
  if (report) {
    lines.push(`Dream of ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC (${report.sessionsRead} session(s) read): ${dreamCounts(report)}.`, '');
    for (const block of [titles('Added', report.added), titles('Updated', report.updated), titles('Merged', report.merged), titles('Marked stale', report.staled), titles('Retired', report.retired)]) {
      if (block.length) lines.push(...block, '');
    }
  }
  const notes = files.filter((f) => f.includes('/notes/')).length;
  const others = files.filter((f) => !f.includes('/notes/')).map((f) => path.posix.basename(f));
  lines.push(`Files: ${[notes ? `${notes} note(s)` : '', ...others].filter(Boolean).join(', ')}.`);
  return lines.join('\n');
}
