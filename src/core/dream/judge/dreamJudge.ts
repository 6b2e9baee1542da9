// The model pass, as a judge, not an author. With an API key, one request per dream shows the model the candidate
// lessons with their episodes (judgeRequest.ts); it answers through a forced tool call with a decision per lesson
// (keep, add, update, reject), validated with zod; each add or update is checked against the sessions
// (judgeVerify.ts) and what cannot be verified is dropped and reported. Evidence, triggers, ids and status never
// come from the model: only whether a lesson becomes a note, its title and the words and commands of its fix.
// Answers are cached by what was judged, so a dream with nothing new asks nothing and changes nothing.
import type { LoadedNote, Note } from '../../memory/noteSchema';
import { newNoteId } from '../../memory/noteIds';
import type { ModelClient } from '../../model/modelClient';
import type { DreamState } from '../dreamState';
import type { DreamOp, ModelPassReport } from '../dreamTypes';
import { noteFromDraft, type DreamPlan } from '../plan/dreamPlanner';
import { verifiedFixes } from '../plan/lessonRules';
import { composeDraft } from '../plan/noteComposer';
import type { WorkspaceFacts } from '../plan/staleCheck';
import { buildJudgeRequest, type JudgedLesson } from './judgeRequest';
import { judgementSchema, verifyDecision, type Decision } from './judgeVerify';

export interface JudgeInput {
  plan: DreamPlan;
  notes: LoadedNote[];
  /** The dream's state: the sessions' episodes to judge, and the cache of earlier answers (the judge adds to it). */
  state: DreamState;
  facts: WorkspaceFacts;
  signal?: AbortSignal;
}

export type DreamJudge = (input: JudgeInput) => Promise<{ plan: DreamPlan; report: ModelPassReport }>;

export const JUDGE_TOOL = 'judge_lessons';
const CACHE_SIZE = 20;

const INSTRUCTIONS = `You review lessons that a coding agent's memory system found in past sessions of one repository. Notes you
approve go into the context of every future session, and a teammate would delete a note that is wrong, generic or about the
task rather than the repository. For each lesson decide:
- keep: the rules' result is right as it is (a note, a known problem, or no note);
- add: this lesson deserves a note the rules did not write (only when an episode shows a fix that got past the problem);
- update: the note is right but its title or advice should say it better;
- reject: no note (the task's own bug, a one-off, wrong advice, or advice that only looks like it worked).
Read the outputs, not the exit codes: a pipe, a wrapper or a retry can make a failure look like success.
For add and update, cite the episodes (their "ref") that show the problem and the call that got past it. Advise only
commands those episodes ran to get past it, in general form (<file> for paths); never a command they did not run.
Write the title as "<what fails>: <what to do>", under 150 characters, and the fix as one or two plain sentences.
Answer with the ${JUDGE_TOOL} tool only.`;

const TOOL = {
  name: JUDGE_TOOL,
  description: 'Record a decision for each lesson you were shown (lessons you leave out are kept as the rules decided).',
  input_schema: {
    type: 'object' as const,
    properties: {
      decisions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            lesson: { type: 'string', description: 'The lesson id, e.g. L1.' },
            decision: { type: 'string', enum: ['keep', 'add', 'update', 'reject'] },
            title: { type: 'string' },
            fix: { type: 'object', properties: { text: { type: 'string' }, commands: { type: 'array', items: { type: 'string' } } }, required: ['text'] },
            cite: { type: 'array', items: { type: 'string' }, description: 'Episode refs that show the problem and the fix.' },
            reason: { type: 'string' },
          },
          required: ['lesson', 'decision'],
        },
      },
    },
    required: ['decisions'],
  },
};

async function ask(client: ModelClient, payload: string, signal?: AbortSignal): Promise<{ decisions: Decision[] } | { error: string }> {
  const { message } = await client.streamTurn(
    { max_tokens: 4096, system: INSTRUCTIONS, messages: [{ role: 'user', content: payload }], tools: [TOOL], tool_choice: { type: 'tool', name: JUDGE_TOOL } },
    { signal },
  );
  const use = message.content.find((b) => b.type === 'tool_use' && b.name === JUDGE_TOOL);
  if (!use || use.type !== 'tool_use') return { error: `the model did not answer with the ${JUDGE_TOOL} tool` };
  const parsed = judgementSchema.safeParse(use.input);
  if (!parsed.success) return { error: `the model's answer did not validate: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` };
  return parsed.data;
}

export function createDreamJudge(client: ModelClient): DreamJudge {
  return async ({ plan, notes, state, facts, signal }) => {
    const request = buildJudgeRequest(plan, notes, state, client.model, INSTRUCTIONS);
    if (!request.lessons.length) return { plan, report: { asked: false, message: 'nothing to judge' } };
    const cache = (state.judged ??= {});
    let decisions = cache[request.key] as Decision[] | undefined;
    const report: ModelPassReport = { asked: false };
    if (decisions) report.cached = 1;
    else {
      let answer;
      try {
        answer = await ask(client, request.payload, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        return { plan, report: { asked: true, ok: false, message: err instanceof Error ? err.message : String(err) } };
      }
      report.asked = true;
      if ('error' in answer) return { plan, report: { ...report, ok: false, message: answer.error } };
      decisions = answer.decisions;
      for (const k of Object.keys(cache).slice(0, Math.max(0, Object.keys(cache).length - CACHE_SIZE + 1))) delete cache[k];
      cache[request.key] = decisions;
    }
    const byRef = new Map(request.lessons.map((l) => [l.ref, l]));
    const applied = applyDecisions(plan, decisions, byRef, notes, facts);
    return { plan: applied.plan, report: { ...report, ok: true, ...applied.report } };
  };
}

function applyDecisions(plan: DreamPlan, decisions: Decision[], lessons: Map<string, JudgedLesson>, notes: LoadedNote[], facts: WorkspaceFacts): { plan: DreamPlan; report: Partial<ModelPassReport> } {
  let ops = [...plan.ops];
  const writes = new Map(plan.writes.map((w) => [w.note.id, w]));
  const loaded = new Map(notes.map((n) => [n.note.id, n]));
  const added: string[] = [];
  const reworded: string[] = [];
  const rejected: string[] = [];
  const dropped: string[] = [];
  const opsOf = (id: string) => ops.filter((op) => ('note' in op && op.note.id === id) || ('id' in op && op.id === id));
  for (const d of decisions) {
    const v = verifyDecision(d, lessons);
    if (!v.ok) {
      dropped.push(v.why);
      continue;
    }
    const id = v.lesson.noteId;
    if (d.decision === 'keep') continue;
    if (id && loaded.get(id)?.humanOwned) {
      dropped.push(`${d.lesson}: ${id} is a person's note`);
      continue;
    }
    if (d.decision === 'reject') {
      if (!id || !opsOf(id).length) continue;
      ops = ops.filter((op) => !opsOf(id).includes(op));
      writes.delete(id);
      rejected.push(id);
      continue;
    }
    const base = id ? writes.get(id)?.note ?? loaded.get(id)?.note : undefined;
    const note = base ? structuredClone(base) : fresh(v.lesson, facts);
    if (!note) {
      dropped.push(`${d.lesson}: no verified fix to build a note on`);
      continue;
    }
    const before = JSON.stringify(note);
    reword(note, d);
    if (base && JSON.stringify(note) === before) continue;
    const file = loaded.get(note.id)?.file ?? `${note.id}.md`;
    writes.set(note.id, { note, file });
    ops = ops.filter((op) => !opsOf(note.id).includes(op));
    const op: DreamOp = loaded.has(note.id) ? { op: 'update', id: note.id, file, note, reason: `reworded by the model pass: ${d.reason}` } : { op: 'add', note, reason: `the model pass judged it a lesson: ${d.reason}` };
    ops.push(op);
    (op.op === 'add' && !base ? added : reworded).push(note.id);
  }
  const plan2: DreamPlan = { ...plan, ops, writes: [...writes.values()].sort((a, b) => a.file.localeCompare(b.file)) };
  return { plan: plan2, report: { added, reworded, rejected, dropped } };
}

/** A note for a lesson the rules did not keep, built from its verified fixes (the model only words it). */
function fresh(l: JudgedLesson, facts: WorkspaceFacts): Note | undefined {
  const fixes = verifiedFixes(l.lesson);
  if (!fixes.length) return undefined;
  const draft = composeDraft([l.lesson], fixes);
  return noteFromDraft(draft, newNoteId(draft.title), facts);
}

function reword(note: Note, d: Decision): void {
  if (d.title) note.title = d.title.trim();
  if (d.fix) {
    const old = note.fix?.text;
    note.fix = { text: d.fix.text.trim(), commands: d.fix.commands.length ? d.fix.commands : (note.fix?.commands ?? []), ...(note.fix?.avoid ? { avoid: note.fix.avoid } : {}) };
    delete note.known;
    note.body = old && note.body.includes(old) ? note.body.replace(old, note.fix.text) : note.body.replace(/\*\*(?:What worked|No fix is known yet)[^\n]*/, `**What worked:** ${note.fix.text}`);
  }
}
