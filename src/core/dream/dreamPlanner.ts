// Decides what a dream changes: incremental operations only (add, update evidence, merge, mark stale,
// retire), each with a reason. Never rewrites a person's note: for those it proposes. Pure: the runner
// reads and writes.
import { extractErrorSignatures } from '../errors/errorExtract';
import { normalizeErrorText } from '../errors/errorSignature';
import type { LoadedNote, Note } from '../memory/noteSchema';
import type { CorrectionEpisode, DreamOp } from './dreamTypes';
import { composeBody, composeNote, composeTitle, composeTriggers, generalize } from './noteComposer';
import { findDuplicates, mergeNotes } from './noteSimilarity';
import type { SignatureStat } from './signatureStats';
import { isRecurringAndSolved } from './signatureStats';
import { checkNoteAgainstCode, type WorkspaceFacts } from './staleCheck';
import { conventionNote } from './conventionNote';

export interface Feedback {
  helpful: number;
  harmful: number;
}

export interface PlanInput {
  notes: LoadedNote[];
  stats: Record<string, SignatureStat>;
  /** Keys with new episodes in this dream, and how many sessions each gained. */
  newSessions: Map<string, number>;
  corrections: CorrectionEpisode[];
  feedback: Map<string, Feedback>;
  facts: WorkspaceFacts;
  newId: (title: string) => string;
}

/** Error-signature keys a note answers to (from its error triggers), plus their normalised text. */
export function noteKeys(note: Note): string[] {
  return note.triggers.errors.flatMap((t) => [...extractErrorSignatures(t).map((s) => s.key), `text:${normalizeErrorText(t)}`]);
}

const STALE_AFTER_HARM = 2;

export interface DreamPlan {
  /** What changed and why, for the report (a note may appear in several). */
  ops: DreamOp[];
  /** The final state of every note the dream writes (proposals excluded). */
  writes: Array<{ note: Note; file: string }>;
}

export function planDream(input: PlanInput): DreamPlan {
  const ops: DreamOp[] = [];
  const live = new Map(input.notes.filter((n) => n.note.status !== 'retired').map((n) => [n.note.id, n]));
  const byKey = new Map<string, LoadedNote>();
  for (const n of live.values()) for (const k of noteKeys(n.note)) if (!byKey.has(k)) byKey.set(k, n);
  /** The note each changed id ends up as, for the later steps. */
  const next = new Map<string, Note>();
  /** Notes this dream just saw at work: fresh evidence outranks a check of the code. */
  const fresh = new Set<string>();
  /** Notes whose fix this dream replaced: this dream's recall feedback judged the old one. */
  const refixed = new Set<string>();
  const current = (n: LoadedNote) => next.get(n.note.id) ?? n.note;

  // 1. New evidence for known problems, and notes for recurring solved ones.
  for (const [key, gained] of [...input.newSessions].sort(([a], [b]) => a.localeCompare(b))) {
    const stat = input.stats[key];
    if (!stat) continue;
    // Fixes that cite a script or target that no longer exists are history, not advice (file arguments
    // are generalised first: the example's file need not exist for the fix to hold).
    stat.resolutions = stat.resolutions.filter((r) => !checkNoteAgainstCode(citing(r.command, r.fixSteps), input.facts).stale);
    const owner = byKey.get(key) ?? byKey.get(`text:${normalizeErrorText(stat.line)}`);
    if (!owner) {
      if (!isRecurringAndSolved(stat)) continue;
      const note = composeNote(stat, input.newId(composeTitle(stat)));
      ops.push({ op: 'add', note, reason: `"${stat.line.slice(0, 80)}" happened ${stat.occurrences} times in ${stat.sessions.length} session(s) and was solved` });
      next.set(note.id, note);
      fresh.add(note.id);
      live.set(note.id, { note, file: `${note.id}.md`, humanOwned: false });
      for (const k of noteKeys(note)) byKey.set(k, live.get(note.id)!);
      continue;
    }
    if (owner.humanOwned) continue; // a person's note: its counts stay local; its text is theirs
    const n = structuredClone(current(owner));
    n.evidence.sessions += gained;
    if (!n.evidence.firstSeen || stat.firstSeen < n.evidence.firstSeen) n.evidence.firstSeen = stat.firstSeen;
    if (!n.evidence.lastSeen || stat.lastSeen > n.evidence.lastSeen) n.evidence.lastSeen = stat.lastSeen;
    const example = { session: stat.example.session, text: `${stat.example.command.split('\n')[0].slice(0, 80)} → ${stat.example.excerpt}`.slice(0, 200) };
    if (!n.evidence.examples.some((e) => e.session === example.session)) n.evidence.examples = [example, ...n.evidence.examples].slice(0, 2);
    let reason = `seen again in ${gained} session(s), last on ${stat.lastSeen}`;
    if (n.provenance === 'dream' && stat.resolutions.length) {
      const body = composeBody(stat);
      const title = composeTitle(stat);
      const fixChanged = fixLine(body) !== fixLine(n.body);
      if (fixChanged) {
        // New advice starts with a clean record: the feedback so far was about the old fix.
        reason += '; the fix that works changed';
        n.counters.helpful = 0;
        n.counters.harmful = 0;
        refixed.add(n.id);
      }
      n.body = body;
      n.title = title;
      n.triggers = mergeTriggers(n.triggers, composeTriggers(stat));
      // A stale note that gets a working fix it did not have is current again.
      if (n.status === 'stale' && (fixChanged || n.reason?.startsWith('recalled'))) {
        n.status = 'active';
        delete n.reason;
        reason += '; active again';
      }
    }
    next.set(n.id, n);
    fresh.add(n.id);
    ops.push({ op: 'update', id: n.id, file: owner.file, note: n, reason });
  }

  // 2. Conventions the user taught.
  for (const c of input.corrections) {
    const note = conventionNote(c, input.newId);
    if ([...live.values()].some((n) => n.note.kind === 'convention' && n.note.body.includes(c.text))) continue;
    ops.push({ op: 'add', note, reason: `the user said "${c.text}"` });
    live.set(note.id, { note, file: `${note.id}.md`, humanOwned: false });
    next.set(note.id, note);
  }

  // 3. Recall feedback: a note recalled and followed by the same failure anyway loses confidence.
  for (const [id, fb] of input.feedback) {
    const owner = live.get(id);
    if (!owner || owner.humanOwned || refixed.has(id)) continue;
    const n = structuredClone(current(owner));
    n.counters.helpful += fb.helpful;
    n.counters.harmful += fb.harmful;
    let reason = `recall feedback: ${fb.helpful} helpful, ${fb.harmful} followed by the same failure`;
    if (n.status === 'active' && n.counters.harmful >= STALE_AFTER_HARM && n.counters.harmful > n.counters.helpful) {
      n.status = 'stale';
      n.reason = `recalled ${n.counters.harmful} times and the failure happened anyway`;
      reason = n.reason;
      next.set(n.id, n);
      ops.push({ op: 'stale', id: n.id, file: owner.file, reason });
      continue;
    }
    next.set(n.id, n);
    ops.push({ op: 'update', id: n.id, file: owner.file, note: n, reason });
  }

  // 4. Checked against the code.
  for (const owner of live.values()) {
    const n = current(owner);
    if (n.status !== 'active' || fresh.has(n.id)) continue;
    const verdict = checkNoteAgainstCode(n, input.facts);
    if (!verdict.stale) continue;
    if (owner.humanOwned) ops.push({ op: 'propose', id: n.id, file: owner.file, note: { ...n, status: 'stale', reason: verdict.reason }, reason: verdict.reason });
    else {
      next.set(n.id, { ...n, status: 'stale', reason: verdict.reason });
      ops.push({ op: 'stale', id: n.id, file: owner.file, reason: verdict.reason });
    }
  }

  // 5. Duplicates merge (including teammates' notes that arrived through git).
  const active = [...live.values()].filter((n) => current(n).status === 'active');
  const human = new Set(active.filter((n) => n.humanOwned).map((n) => n.note.id));
  const { groups } = findDuplicates(active.map(current), { isHuman: (n) => human.has(n.id) });
  for (const g of groups) {
    const keep = live.get(g.keep)!;
    const others = g.merge.map((id) => live.get(id)!).filter(Boolean);
    if (!others.length) continue;
    if (keep.humanOwned) {
      for (const o of others) retire(o, `duplicate of ${keep.note.id}, which a person wrote (${g.reason})`);
      continue;
    }
    const merged = mergeNotes(current(keep), others.map(current));
    next.set(merged.id, merged);
    ops.push({ op: 'merge', into: keep.note.id, from: others.map((o) => o.note.id), note: merged, reason: g.reason });
    for (const o of others) retire(o, `merged into ${keep.note.id}`);
  }
  const writes = [...next.values()].map((note) => ({ note, file: live.get(note.id)?.file ?? `${note.id}.md` }));
  return { ops, writes: writes.sort((a, b) => a.file.localeCompare(b.file)) };

  function retire(o: LoadedNote, reason: string) {
    next.set(o.note.id, { ...current(o), status: 'retired', reason });
    ops.push({ op: 'retire', id: o.note.id, file: o.file, reason });
  }
}

/** A throwaway note that cites a fix, for the code check. */
function citing(command: string, steps: string[]): Note {
  return { id: 'fix', kind: 'fact', title: 'fix', status: 'active', provenance: 'dream', scope: [], triggers: { errors: [], commands: [], keywords: [] }, evidence: { sessions: 0, examples: [] }, counters: { recalled: 0, helpful: 0, harmful: 0 }, body: [command, ...steps].map((c) => `\`${generalize(c)}\``).join('\n'), extra: {} };
}

const fixLine = (body: string) => body.split('\n').find((l) => l.startsWith('**Do:**')) ?? '';

function mergeTriggers(a: Note['triggers'], b: Note['triggers']): Note['triggers'] {
  const u = (x: string[], y: string[]) => [...new Set([...x, ...y])].slice(0, 8);
  return { errors: u(a.errors, b.errors), commands: u(a.commands, b.commands), keywords: u(a.keywords, b.keywords) };
}
