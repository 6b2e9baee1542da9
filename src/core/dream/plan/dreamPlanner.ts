// Decides what a dream changes: incremental operations only (add, update, merge, mark stale, retire), each with
// a reason; for a person's note it proposes, never writes. Pure: it reads its input and returns the operations,
// the notes to write and the verdict on every lesson; nothing it is given is changed.
import { extractErrorSignatures } from '../../errors/errorExtract';
import { normalizeErrorText } from '../../errors/errorSignature';
import type { LoadedNote, Note } from '../../memory/noteSchema';
import type { DreamOp } from '../dreamTypes';
import type { CorrectionEpisode, NoteVerdicts } from '../read/episodeTypes';
import { advisedCommands } from '../read/noteFeedback';
import { findDuplicates, mergeNotes } from '../duplicates/noteSimilarity';
import { conventionNote } from './conventionNote';
import type { FixTally, Lesson } from './lessonBook';
import { judgeWithClaims } from './agentClaims';
import type { LessonVerdict } from './lessonRules';
import { composeDraft, fixAdvice } from './noteComposer';
import type { NoteDraft } from './noteDraft';
import { checkNoteAgainstCode, contradicted, verifiedCitations, type WorkspaceFacts } from './staleCheck';

export type Feedback = NoteVerdicts;

export interface PlanInput {
  notes: LoadedNote[];
  lessons: Lesson[];
  corrections: CorrectionEpisode[];
  /** Change of each note's helpful/harmful counts from the sessions read in this dream. */
  feedback: Map<string, Feedback>;
  facts: WorkspaceFacts;
  newId: (title: string) => string;
}

export interface DreamPlan {
  /** What changed and why, for the report (a note may appear in several). */
  ops: DreamOp[];
  /** The final state of every note the dream writes (proposals excluded). */
  writes: Array<{ note: Note; file: string }>;
  /** Every lesson and what the rules made of it. */
  verdicts: Array<{ lesson: Lesson; verdict: LessonVerdict; noteId?: string }>;
}

const STALE_AFTER_HARM = 2;

/** A throwaway note citing a fix's commands, to check them against the code. */
function citing(commands: string[]): Note {
  return { id: 'fix', kind: 'fact', title: 'fix', status: 'active', provenance: 'dream', scope: [], triggers: { errors: [], commands: [], keywords: [] }, evidence: { sessions: 0, examples: [] }, counters: { recalled: 0, helpful: 0, harmful: 0 }, body: commands.map((c) => `\`${c}\``).join('\n'), extra: {} };
}

/** Groups of lessons that become one note: lessons sharing their best fix; each known problem alone. */
function groupLessons(judged: Array<{ lesson: Lesson; verdict: LessonVerdict }>, facts: WorkspaceFacts): Array<{ lessons: Lesson[]; fixes: FixTally[] }> {
  const groups = new Map<string, { lessons: Lesson[]; fixes: FixTally[] }>();
  for (const { lesson, verdict } of judged) {
    if (verdict.kind === 'none') continue;
    // A fix citing a script or path the workspace does not have is history, not advice (checked before it is written).
    const fixes = verdict.kind === 'lesson' ? verdict.fixes.filter((f) => !contradicted(citing(fixAdvice(f).commands), facts).length) : [];
    if (verdict.kind === 'lesson' && !fixes.length) continue;
    const key = fixes.length ? `fix:${fixes[0].key}` : `known:${lesson.key}`;
    const g = groups.get(key) ?? { lessons: [], fixes };
    g.lessons.push(lesson);
    for (const f of fixes) if (!g.fixes.some((x) => x.key === f.key)) g.fixes.push(f);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The error-signature keys of a note's error triggers (what a person or an older note says it answers). */
export function triggerKeys(n: Note): string[] {
  return n.triggers.errors.flatMap((t) => extractErrorSignatures(t).map((s) => s.key));
}

/** The note that already holds a lesson: one that names its problem, or whose error triggers show its error. */
function ownerOf(lessons: Lesson[], notes: LoadedNote[]): LoadedNote | undefined {
  const keys = new Set(lessons.map((l) => l.key));
  const lines = lessons.map((l) => normalizeErrorText(l.problem.line));
  const shows = (t: string) => {
    const x = normalizeErrorText(t);
    return x.length >= 12 && lines.some((l) => l.includes(x));
  };
  return (
    notes.find((n) => n.note.problems?.some((p) => keys.has(p))) ??
    notes.find((n) => !n.note.problems && (triggerKeys(n.note).some((k) => keys.has(k)) || n.note.triggers.errors.some(shows)))
  );
}

export function noteFromDraft(d: NoteDraft, id: string, facts: WorkspaceFacts): Note {
  const note: Note = {
    id, kind: d.kind, title: d.title, status: 'active', provenance: 'dream', scope: [], triggers: d.triggers,
    evidence: { sessions: d.sessions, ...(d.verified ? { verified: d.verified } : {}), firstSeen: d.firstSeen, lastSeen: d.lastSeen, examples: d.examples },
    counters: { recalled: 0, helpful: 0, harmful: 0 }, body: d.body, extra: {},
    ...(d.fix ? { fix: d.fix } : {}), ...(d.known ? { known: true } : {}), problems: d.problems,
  };
  // Always recorded, even empty: a note that verified nothing here never goes stale for a path it never saw.
  note.evidence.paths = verifiedCitations(note, facts);
  return note;
}

const sameFix = (a: Note, b: Note) => JSON.stringify(a.fix ?? null) === JSON.stringify(b.fix ?? null);
const union = (a: string[], b: string[], cap: number) => [...new Set([...a, ...b])].slice(0, cap);

/** The owner updated with a new draft: evidence, triggers and problems always; wording only when the fix changed. */
function updated(owner: Note, d: NoteDraft, fresh: Note): { note: Note; fixChanged: boolean } {
  const fixChanged = !sameFix(owner, fresh) || !!owner.known !== !!fresh.known;
  const n: Note = structuredClone(owner);
  n.evidence.sessions = Math.max(owner.evidence.sessions, d.sessions);
  n.evidence.firstSeen = [owner.evidence.firstSeen, d.firstSeen].filter((x): x is string => !!x).sort()[0];
  n.evidence.lastSeen = [owner.evidence.lastSeen, d.lastSeen].filter((x): x is string => !!x).sort().pop();
  n.evidence.examples = d.examples;
  if (d.verified) n.evidence.verified = Math.max(owner.evidence.verified ?? 0, d.verified);
  n.triggers = { errors: union(d.triggers.errors, owner.triggers.errors, 8), commands: union(d.triggers.commands, owner.triggers.commands, 8), keywords: union(d.triggers.keywords, owner.triggers.keywords, 8) };
  n.problems = union(owner.problems ?? [], d.problems, 12).sort();
  if (fixChanged || !owner.problems) {
    Object.assign(n, { kind: fresh.kind, title: fresh.title, body: fresh.body });
    if (fresh.fix) n.fix = fresh.fix;
    else delete n.fix;
    if (fresh.known) n.known = true;
    else delete n.known;
    if (fresh.evidence.paths) n.evidence.paths = fresh.evidence.paths;
  }
  if (fixChanged) n.counters = { ...n.counters, helpful: 0, harmful: 0 }; // new advice starts with a clean record
  if (n.status === 'unverified') n.status = 'active'; // an agent's note this dream found evidence for
  if (n.status === 'stale' && fixChanged) {
    n.status = 'active';
    delete n.reason;
  }
  return { note: n, fixChanged };
}

/** What the steps of one plan share: the notes as they will be, and the operations so far. */
interface Work {
  input: PlanInput;
  ops: DreamOp[];
  /** Notes not retired, by id (notes added by this plan included). */
  live: Map<string, LoadedNote>;
  /** The note each changed id ends up as. */
  next: Map<string, Note>;
  /** Notes this dream just saw at work (fresh evidence outranks a check of the code). */
  fresh: Set<string>;
  /** Notes whose advice this dream replaced: their counts restart, the feedback was about the old advice. */
  refixed: Set<string>;
  verdicts: DreamPlan['verdicts'];
  /** Lessons an agent's unverified note claimed (agentClaims.ts): that note holds them. */
  claimedBy: Map<Lesson, LoadedNote>;
}

const current = (w: Work, n: LoadedNote) => w.next.get(n.note.id) ?? n.note;

export function planDream(input: PlanInput): DreamPlan {
  const live = new Map(input.notes.filter((n) => n.note.status !== 'retired').map((n) => [n.note.id, n]));
  const { verdicts, claimedBy } = judgeWithClaims(input.lessons, live.values());
  const w: Work = { input, ops: [], next: new Map(), fresh: new Set(), refixed: new Set(), live, verdicts, claimedBy };
  learn(w);
  addConventions(w);
  applyFeedback(w);
  checkAgainstCode(w);
  mergeDuplicates(w.live, (n) => current(w, n), w.next, w.ops);
  const writes = [...w.next.values()].map((note) => ({ note, file: w.live.get(note.id)?.file ?? `${note.id}.md` }));
  return { ops: w.ops, writes: writes.sort((a, b) => a.file.localeCompare(b.file)), verdicts: w.verdicts };
}

/** 1. Lessons worth a note: new notes, or the notes that hold them brought up to date. */
function learn(w: Work): void {
  const { input } = w;
  for (const g of groupLessons(w.verdicts, input.facts)) {
    const draft = composeDraft(g.lessons, g.fixes);
    const owner = ownerOf(g.lessons, [...w.live.values()]) ?? g.lessons.map((l) => w.claimedBy.get(l)).find(Boolean);
    const mark = (id: string) => w.verdicts.filter((v) => g.lessons.includes(v.lesson)).forEach((v) => (v.noteId = id));
    if (!owner) {
      const note = noteFromDraft(draft, input.newId(draft.title), input.facts);
      const rule = w.verdicts.find((v) => v.lesson === g.lessons[0])!.verdict.rule;
      w.ops.push({ op: 'add', note, reason: `${g.lessons.map((l) => `"${l.problem.line.slice(0, 70)}"`).join(', ')}: seen in ${draft.sessions} session(s); ${rule}` });
      w.next.set(note.id, note);
      w.fresh.add(note.id);
      w.live.set(note.id, { note, file: `${note.id}.md`, humanOwned: false });
      mark(note.id);
      continue;
    }
    mark(owner.note.id);
    w.fresh.add(owner.note.id);
    if (owner.humanOwned) continue; // a person's note: its text is theirs
    const { note, fixChanged } = updated(current(w, owner), draft, noteFromDraft(draft, owner.note.id, input.facts));
    if (JSON.stringify(note) === JSON.stringify(current(w, owner))) continue;
    if (fixChanged) w.refixed.add(note.id);
    w.next.set(note.id, note);
    w.ops.push({ op: 'update', id: note.id, file: owner.file, note, reason: fixChanged ? 'the fix that works changed' : `seen in ${draft.sessions} session(s), last on ${draft.lastSeen}` });
  }
}

/** 2. Conventions the user taught. */
function addConventions(w: Work): void {
  for (const c of w.input.corrections) {
    if ([...w.live.values()].some((n) => n.note.kind === 'convention' && n.note.body.includes(c.text))) continue;
    const note = conventionNote(c, w.input.newId);
    w.ops.push({ op: 'add', note, reason: `the user said "${c.text}"` });
    w.live.set(note.id, { note, file: `${note.id}.md`, humanOwned: false });
    w.next.set(note.id, note);
  }
}

/**
 * 3. Feedback: a note whose advice or recall was followed by the same failure loses confidence; a note whose advice,
 * run as written, failed and was got past only by taking part of it out is wrong: stale (a proposal, for people's notes).
 */
function applyFeedback(w: Work): void {
  for (const [id, fb] of [...w.input.feedback].sort(([a], [b]) => a.localeCompare(b))) {
    const owner = w.live.get(id);
    if (!owner || w.refixed.has(id)) continue;
    if (fb.refuted && current(w, owner).status === 'active') {
      const reason = `its advice is wrong here: ${fb.refuted}`;
      const n = { ...current(w, owner), status: 'stale' as const, reason };
      if (owner.humanOwned) w.ops.push({ op: 'propose', id, file: owner.file, note: n, reason });
      else {
        w.next.set(id, n);
        w.ops.push({ op: 'stale', id, file: owner.file, reason });
      }
      continue;
    }
    if (owner.humanOwned || (fb.helpful === 0 && fb.harmful === 0)) continue;
    const n = structuredClone(current(w, owner));
    n.counters.helpful = Math.max(0, n.counters.helpful + fb.helpful);
    n.counters.harmful = Math.max(0, n.counters.harmful + fb.harmful);
    w.next.set(n.id, n);
    if (n.status === 'active' && n.counters.harmful >= STALE_AFTER_HARM && n.counters.harmful > n.counters.helpful) {
      n.status = 'stale';
      n.reason = `its advice was followed ${n.counters.harmful} times and the failure happened anyway`;
      w.ops.push({ op: 'stale', id: n.id, file: owner.file, reason: n.reason });
    } else w.ops.push({ op: 'update', id: n.id, file: owner.file, note: n, reason: `feedback: ${fb.helpful} helpful, ${fb.harmful} followed by the same failure` });
  }
}

/**
 * 4. Checked against the code: a note just seen at work only for what it verified here (a lesson from old
 * sessions still names a script or file that has since been removed).
 */
function checkAgainstCode(w: Work): void {
  for (const owner of w.live.values()) {
    const n = current(w, owner);
    if (n.status !== 'active' || (w.fresh.has(n.id) && !n.evidence.paths?.length)) continue;
    const verdict = checkNoteAgainstCode(n, w.input.facts);
    if (!verdict.stale) continue;
    if (owner.humanOwned) w.ops.push({ op: 'propose', id: n.id, file: owner.file, note: { ...n, status: 'stale', reason: verdict.reason }, reason: verdict.reason });
    else {
      w.next.set(n.id, { ...n, status: 'stale', reason: verdict.reason });
      w.ops.push({ op: 'stale', id: n.id, file: owner.file, reason: verdict.reason });
    }
  }
}

/** 5. Duplicates merge, only when they give the same advice (teammates' notes that arrived through git included). */
function mergeDuplicates(live: Map<string, LoadedNote>, current: (n: LoadedNote) => Note, next: Map<string, Note>, ops: DreamOp[]): void {
  const active = [...live.values()].filter((n) => current(n).status === 'active');
  const human = new Set(active.filter((n) => n.humanOwned).map((n) => n.note.id));
  const { groups } = findDuplicates(active.map(current), { isHuman: (n) => human.has(n.id) });
  for (const g of groups) {
    const keep = live.get(g.keep)!;
    const others = g.merge.map((id) => live.get(id)!).filter((o) => o && agree(current(keep), current(o), keep.humanOwned));
    if (!others.length) continue;
    const retire = (o: LoadedNote, reason: string) => {
      next.set(o.note.id, { ...current(o), status: 'retired', reason });
      ops.push({ op: 'retire', id: o.note.id, file: o.file, reason });
    };
    if (keep.humanOwned) {
      for (const o of others) if (!o.humanOwned) retire(o, `duplicate of ${keep.note.id}, which a person wrote (${g.reason})`);
      continue;
    }
    const merged = mergeNotes(current(keep), others.map(current));
    next.set(merged.id, merged);
    ops.push({ op: 'merge', into: keep.note.id, from: others.map((o) => o.note.id), note: merged, reason: g.reason });
    for (const o of others) retire(o, `merged into ${keep.note.id}`);
  }
}

/** Two notes are one only when they give the same advice about the same problem (or a person's note covers it). */
function agree(a: Note, b: Note, aIsHuman: boolean): boolean {
  if (a.problems?.some((p) => b.problems?.includes(p)) && sameFix(a, b)) return true;
  if (a.fix && b.fix) return JSON.stringify([...a.fix.commands].sort()) === JSON.stringify([...b.fix.commands].sort()) && a.fix.commands.length > 0;
  // Notes in their own words (an agent's, a person's): the same commands advised is the same advice.
  const advice = (n: Note) => JSON.stringify([...new Set(advisedCommands(n))].sort());
  if (!a.fix && !b.fix && advisedCommands(a).length && advice(a) === advice(b)) return true;
  if (aIsHuman || !a.fix || !b.fix) {
    const keys = new Set(triggerKeys(a));
    return triggerKeys(b).some((k) => keys.has(k)) || a.triggers.errors.some((e) => b.triggers.errors.some((f) => normalizeErrorText(e) === normalizeErrorText(f)));
  }
  return false;
}
