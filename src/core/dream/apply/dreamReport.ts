// The short report every dream writes: what changed and why, with evidence.
import type { LoadedNote } from '../../memory/noteSchema';
import { gateDeep } from '../../redact/redactionGate';
import type { DreamOp, DreamReport, NoteRef } from '../dreamTypes';

export const REPORTS_DIR = '.cache/dreams';

export function reportFiles(stamp: string): { json: string; markdown: string } {
  const base = `${REPORTS_DIR}/${stamp.replace(/[:.]/g, '-')}`;
  return { json: `${base}.json`, markdown: `${base}.md` };
}

function section(title: string, refs: NoteRef[]): string[] {
  if (!refs.length) return [];
  return [`## ${title} (${refs.length})`, '', ...refs.map((r) => `- **${r.title}** ([${r.id}](../../notes/${r.path.split('/notes/')[1] ?? r.id})): ${r.reason}`), ''];
}

export function renderReport(r: DreamReport): string {
  const verb = r.mode === 'review' ? 'proposed' : 'made';
  const counts = [`${r.added.length} added`, `${r.updated.length} updated`, `${r.merged.length} merged`, `${r.staled.length} marked stale`, `${r.retired.length} retired`];
  const lines = [
    `# Dream of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Read ${r.sessionsRead} session(s) (${r.eventsRead} events): ${r.episodes.failures} failed command(s), ${r.episodes.resolved} with a fix found, ${r.episodes.noise} ignored as noise; ${r.episodes.corrections} correction(s) from the user.`,
    '',
    `Changes ${verb}: ${counts.join(', ')}${r.proposed.length ? `; ${r.proposed.length} proposed for notes people wrote` : ''}. Digest: ~${r.digestTokens} tokens.`,
    modelLine(r.model),
    '',
    ...section('Added', r.added),
    ...section('Updated', r.updated),
    ...section('Merged', r.merged),
    ...section('Marked stale', r.staled),
    ...section('Retired', r.retired),
    ...section('Proposed changes to notes people wrote', r.proposed),
  ];
  if (r.problems.length) lines.push('## Problems', '', ...r.problems.map((p) => `- ${p}`), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function modelLine(m: DreamReport['model']): string {
  if (!m.asked && !m.cached) return `Model pass: not asked${m.message ? ` (${m.message})` : ''}.`;
  const how = m.asked ? `asked${m.cached ? `, ${m.cached} answer(s) from the cache` : ''}` : `all ${m.cached} answer(s) from the cache`;
  if (m.ok === false) return `Model pass: ${how}; not applied (${m.message ?? 'invalid answer'}): the rules' result was kept.`;
  const did = [
    m.added?.length ? `${m.added.length} note(s) added` : '',
    m.reworded?.length ? `${m.reworded.length} reworded` : '',
    m.rejected?.length ? `${m.rejected.length} rejected` : '',
    m.dropped?.length ? `${m.dropped.length} proposal(s) dropped as unverifiable (${m.dropped.join('; ')})` : '',
  ].filter(Boolean);
  return `Model pass: ${how}; ${did.length ? did.join(', ') : 'no change'}.`;
}

export interface ReportInput {
  startedAt: string;
  finishedAt: string;
  sessions: number;
  eventsRead: number;
  episodes: DreamReport['episodes'];
  ops: DreamOp[];
  review: boolean;
  model: DreamReport['model'];
  digestTokens: number;
  problems: string[];
  notes: LoadedNote[];
}

export function makeReport(r: ReportInput): DreamReport {
  const byId = new Map(r.notes.map((n) => [n.note.id, n]));
  const ref = (id: string, file: string, title: string, reason: string) => ({ id, title, path: `.agent-memory/notes/${file}`, reason });
  const titleOf = (id: string) => byId.get(id)?.note.title ?? id;
  const report: DreamReport = {
    startedAt: r.startedAt, finishedAt: r.finishedAt, sessionsRead: r.sessions, eventsRead: r.eventsRead, episodes: r.episodes,
    mode: r.review ? 'review' : 'apply', model: r.model,
    added: [], updated: [], merged: [], staled: [], retired: [], proposed: [],
    digestTokens: r.digestTokens, problems: r.problems,
  };
  for (const op of r.ops) {
    if (op.op === 'add') report.added.push(ref(op.note.id, `${op.note.id}.md`, op.note.title, op.reason));
    else if (op.op === 'update') report.updated.push(ref(op.id, op.file, op.note.title, op.reason));
    else if (op.op === 'merge') report.merged.push({ ...ref(op.into, byId.get(op.into)?.file ?? `${op.into}.md`, op.note.title, op.reason), from: op.from });
    else if (op.op === 'stale') report.staled.push(ref(op.id, op.file, titleOf(op.id), op.reason));
    else if (op.op === 'retire') report.retired.push(ref(op.id, op.file, titleOf(op.id), op.reason));
    else report.proposed.push(ref(op.id, op.file, op.note.title, op.reason));
  }
  // Through the gate: titles, reasons and problems (a malformed front-matter field is quoted in its problem).
  return gateDeep(report, REPORT_NAMING_FIELDS);
}

const REPORT_NAMING_FIELDS = new Set(['id', 'path', 'from', 'startedAt', 'finishedAt', 'mode']);
