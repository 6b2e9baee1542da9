// What the model is shown to judge the dream's lessons: for each candidate lesson, what the rules made of it, the
// note they propose or the note that holds it, and a few of its episodes with their context (the whole failing
// call, the error, what was tried, the call that got past it and the setup steps in between, the user's request
// in a sentence, the files the session created). Lessons are named L1, L2… and episodes by session and call, so
// the model's answer can cite them and be checked.
import { createHash } from 'crypto';
import type { LoadedNote, Note } from '../../memory/noteSchema';
import type { DreamState } from '../dreamState';
import type { DreamPlan } from '../plan/dreamPlanner';
import type { Lesson } from '../plan/lessonBook';
import type { Episode } from '../read/episodeTypes';

export const MAX_LESSONS = 30;
const EPISODES_PER_LESSON = 3;

export interface JudgedLesson {
  ref: string;
  lesson: Lesson;
  /** The note the rules write for it, or the one that already holds it. */
  noteId?: string;
  /** Its episodes by reference (`<session>:<call>`), as sent. */
  episodes: Map<string, Episode>;
}

export interface JudgeRequest {
  lessons: JudgedLesson[];
  /** The JSON the model reads. */
  payload: string;
  /** Hash of what is judged: the cache key. */
  key: string;
}

const cut = (t: string | undefined, n: number) => (t === undefined ? undefined : t.length > n ? `${t.slice(0, n - 1)}…` : t);

export const episodeRef = (e: Episode) => `${e.sessionId.slice(0, 8)}:${e.callId}`;

function noteView(n: Note | undefined) {
  return n ? { id: n.id, title: n.title, ...(n.fix ? { fix: n.fix } : {}), ...(n.known ? { known: true } : {}) } : null;
}

/** The lessons worth the model's time: those the rules keep, then the near misses that have a fix; most evidence first. */
export function buildJudgeRequest(plan: DreamPlan, notes: LoadedNote[], state: DreamState, model: string, instructions: string): JudgeRequest {
  const rank = (k: string) => (k === 'lesson' ? 0 : k === 'known' ? 1 : 2);
  const candidates = plan.verdicts
    // An outcome's criterion is the grader's word, not an episode the model could check: the rules decide it.
    .filter((v) => v.lesson.problem.class !== 'criterion' && (v.verdict.kind !== 'none' || v.lesson.fixes.some((f) => f.key !== 'retry')))
    .sort((a, b) => rank(a.verdict.kind) - rank(b.verdict.kind) || b.lesson.sessions.size - a.lesson.sessions.size || a.lesson.key.localeCompare(b.lesson.key))
    .slice(0, MAX_LESSONS);
  const planned = new Map(plan.writes.map((w) => [w.note.id, w.note]));
  const existing = new Map(notes.map((n) => [n.note.id, n.note]));
  const lessons: JudgedLesson[] = [];
  const view = candidates.map((v, i) => {
    const ref = `L${i + 1}`;
    const episodes = episodesOf(v.lesson, state);
    lessons.push({ ref, lesson: v.lesson, ...(v.noteId ? { noteId: v.noteId } : {}), episodes: new Map(episodes.map((e) => [episodeRef(e), e])) });
    return {
      id: ref,
      rules: `${v.verdict.kind}: ${v.verdict.rule}`,
      problem: { error: v.lesson.problem.line, class: v.lesson.problem.class, sessions: v.lesson.sessions.size, times: v.lesson.occurrences },
      note: noteView(v.noteId ? planned.get(v.noteId) ?? existing.get(v.noteId) : undefined),
      episodes: episodes.map((e) => {
        const s = state.sessions[e.sessionId];
        return {
          ref: episodeRef(e),
          request: cut(s?.request, 200),
          created_files: s?.created?.slice(0, 6),
          failing_call: cut(e.command, 400),
          error: cut(e.excerpt, 300),
          outcome: e.outcome,
          tried_without_success: e.failedTries,
          setup_steps: e.fix?.steps,
          passing_call: cut(e.passCommand, 400),
        };
      }),
    };
  });
  const payload = JSON.stringify({ lessons: view });
  // Keyed by the episodes judged, not by the notes' current words: the notes a cached answer reworded read back the same.
  const judged = JSON.stringify(view.map(({ note: _note, ...rest }) => rest));
  const key = createHash('sha256').update(`${model}\n${instructions}\n${judged}`).digest('hex').slice(0, 24);
  return { lessons, payload, key };
}

/** A few episodes of a lesson: fixed ones first (different sessions), then the rest; most recent first. */
function episodesOf(l: Lesson, state: DreamState): Episode[] {
  const all = [...l.sessions].flatMap((id) => (state.sessions[id]?.episodes ?? []).filter((e) => e.problem.key === l.key));
  all.sort((a, b) => Number(b.outcome === 'fixed') - Number(a.outcome === 'fixed') || b.day.localeCompare(a.day) || a.callId.localeCompare(b.callId));
  const out: Episode[] = [];
  const seen = new Set<string>();
  for (const e of all) if (!seen.has(e.sessionId) && out.length < EPISODES_PER_LESSON) (seen.add(e.sessionId), out.push(e));
  for (const e of all) if (out.length < EPISODES_PER_LESSON && !out.includes(e)) out.push(e);
  return out;
}
