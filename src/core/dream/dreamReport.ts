// The short report every dream writes: what changed and why, with evidence.
import type { DreamReport, NoteRef } from './dreamTypes';

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
    r.model.used ? `Model pass: ${r.model.ok ? 'applied' : `not applied (${r.model.message ?? 'invalid output'}); the deterministic result was kept`}.` : 'Model pass: not used.',
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
