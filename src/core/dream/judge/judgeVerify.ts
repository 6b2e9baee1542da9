// The model's answer checked against the sessions, mechanically. A note it adds or rewords must cite episodes of
// that lesson; every command it advises must be one the cited sessions ran to get past the problem (the passing
// call or a setup step before it); every command its words name must be one the sessions ran at all. What cannot
// be verified is dropped, with the reason. The model can judge and word; it cannot invent.
import { z } from 'zod';
import { readShellCommand } from '../../shell/shellCommand';
import type { Episode } from '../read/episodeTypes';
import type { JudgedLesson } from './judgeRequest';

export const decisionSchema = z.object({
  lesson: z.string().min(1),
  decision: z.enum(['keep', 'add', 'update', 'reject']),
  title: z.string().min(8).max(190).optional(),
  fix: z.object({ text: z.string().min(4).max(600), commands: z.array(z.string().min(1).max(300)).max(6).default([]) }).optional(),
  cite: z.array(z.string()).max(10).default([]),
  reason: z.string().max(400).default(''),
});

export const judgementSchema = z.object({ decisions: z.array(decisionSchema).max(60) });

export type Decision = z.infer<typeof decisionSchema>;

export type Verified = { ok: true; decision: Decision; lesson: JudgedLesson } | { ok: false; why: string };

/** The programs (with subcommands) a command runs: `npm install` → `npm install`, `bin/test <file>` → `bin/test`. */
function identities(command: string): string[] {
  return readShellCommand(command.replace(/<[^<>\s]+>/g, 'X')).invocations.filter((i) => !i.reads).map((i) => i.identity);
}

const spans = (text: string) => [...text.matchAll(/`([^`\n]{2,300})`/g)].map((m) => m[1]);

/** A backticked span that is a command (not a flag, a file or an error message). */
const looksLikeCommand = (s: string) => /^[a-z.][\w./-]*(?:\s|$)/.test(s) && !/^[\w./-]+\.\w+$/.test(s) && !/:\s/.test(s);

function ranIn(episodes: Episode[], id: string, how: 'fix' | 'any'): boolean {
  return episodes.some((e) => {
    const done = [...(e.fix?.steps ?? []), e.fix?.command ?? '', e.passCommand ?? ''];
    const seen = how === 'fix' ? done : [...done, e.command, ...e.failedTries];
    return seen.some((c) => c && identities(c).includes(id));
  });
}

export function verifyDecision(d: Decision, lessons: Map<string, JudgedLesson>): Verified {
  const lesson = lessons.get(d.lesson);
  if (!lesson) return { ok: false, why: `${d.lesson}: no such lesson` };
  if (d.decision === 'keep' || d.decision === 'reject') return { ok: true, decision: d, lesson };
  const cited = d.cite.map((c) => lesson.episodes.get(c));
  if (!d.cite.length || cited.some((e) => !e)) return { ok: false, why: `${d.lesson}: cites ${d.cite.length ? d.cite.filter((c) => !lesson.episodes.has(c)).join(', ') : 'nothing'}, not episodes of this problem` };
  const episodes = cited as Episode[];
  if (d.fix) {
    if (!episodes.some((e) => e.outcome === 'fixed')) return { ok: false, why: `${d.lesson}: advises a fix, but no cited episode got past the problem` };
    for (const c of d.fix.commands) {
      const ids = identities(c);
      const missing = ids.filter((id) => !ranIn(episodes, id, 'fix'));
      if (!ids.length || missing.length) return { ok: false, why: `${d.lesson}: advises \`${c}\`, which no cited session ran to get past it` };
    }
  }
  for (const s of [...spans(d.title ?? ''), ...spans(d.fix?.text ?? '')].filter(looksLikeCommand)) {
    const unknown = identities(s).filter((id) => !ranIn(episodes, id, 'any'));
    if (unknown.length) return { ok: false, why: `${d.lesson}: names \`${s}\`, which the cited sessions never ran` };
  }
  return { ok: true, decision: d, lesson };
}
