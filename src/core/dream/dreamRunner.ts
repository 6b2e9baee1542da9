// One dream: read the sessions recorded since the last dream, find what keeps going wrong and what fixed
// it, and refine the memory in one crash-safe transaction (or write a proposal in review mode). One dream
// at a time per workspace (a lock across windows and the CLI); cancellable until it commits.
import * as path from 'path';
import { counterOverlayPath, readCounterOverlay } from '../memory/counterOverlay';
import { buildDigest } from '../memory/digest';
import { ensureMemoryLayout } from '../memory/memoryLayout';
import { withMemoryLock } from '../memory/memoryLock';
import { MemoryStore } from '../memory/memoryStore';
import { newNoteId } from '../memory/noteIds';
import { sealNote, serializeNote } from '../memory/noteFormat';
import { createRedactor } from '../redact/secretRedactor';
import { readSessionsSince } from '../sessions/sessionCursor';
import { redactNote } from './noteRedaction';
import { exportDigest, type ExportTarget } from './agentsExport';
import { DreamCancelledError, withDreamLock } from './dreamLock';
import { planDream, type Feedback } from './dreamPlanner';
import { renderReport, reportFiles } from './dreamReport';
import { DREAM_STATE_FILE, readDreamState, serializeDreamState } from './dreamState';
import { commitFiles, recoverTransactions, type FileWrite } from './dreamTransaction';
import type { CorrectionEpisode, DreamOp, DreamReport, FailureEpisode } from './dreamTypes';
import { extractEpisodes } from './episodeExtractor';
import { proposalFile, type Proposal } from './dreamProposal';
import { recallFeedback } from './recallFeedback';
import { adviceFeedback, type SessionAdvice } from './adviceFeedback';
import { addEpisodes } from './signatureStats';
import { readWorkspaceFacts } from './staleCheck';
import type { DreamRefiner } from './dreamRefine';

export interface DreamOptions {
  workspaceRoot: string;
  /** Write a proposal to accept or reject per note instead of applying (review mode). */
  review?: boolean;
  budgetTokens?: number;
  signal?: AbortSignal;
  now?: () => Date;
  /** The optional model pass (absent: the deterministic result is used). */
  refine?: DreamRefiner;
  /** Opt-in: keep a managed block with the digest in these files. */
  exportTo?: ExportTarget[];
  onProgress?: (message: string) => void;
  /** Test seam: runs after each step of the final commit (throwing from it behaves like a crash there). */
  afterCommitStep?: (step: string) => void | Promise<void>;
}

export interface DreamResult {
  report: DreamReport;
  /** False when the dream found nothing to do and wrote nothing. */
  changed: boolean;
  proposal?: string;
  reportPath?: string;
}

export async function runDream(o: DreamOptions): Promise<DreamResult> {
  const paths = await ensureMemoryLayout(o.workspaceRoot);
  return withDreamLock(paths, () => dream(o, paths));
}

async function dream(o: DreamOptions, paths: Awaited<ReturnType<typeof ensureMemoryLayout>>): Promise<DreamResult> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const problems: string[] = [];
  const check = () => {
    if (o.signal?.aborted) throw new DreamCancelledError();
  };
  await recoverTransactions(paths); // a dream killed after its commit point: finish it before reading its state
  const state = await readDreamState(paths, (m) => problems.push(m));
  const { sessions, cursor } = await readSessionsSince(paths.sessions, state.cursor, { now });
  o.onProgress?.(`Reading ${sessions.length} session(s)…`);
  const failures: FailureEpisode[] = [];
  const corrections: CorrectionEpisode[] = [];
  const feedback = new Map<string, Feedback>();
  const advice: SessionAdvice[] = [];
  let eventsRead = 0;
  for (const s of sessions) {
    check();
    eventsRead += s.events.length;
    problems.push(...s.problems.map((p) => `sessions/${s.name}: ${p}`));
    const id = s.header?.sessionId ?? s.name;
    const found = extractEpisodes(id, (s.header?.startedAt ?? startedAt).slice(0, 10), s.events);
    failures.push(...found.failures);
    corrections.push(...found.corrections);
    recallFeedback(found.calls, feedback);
    const noteIds = s.events.flatMap((e) => (e.type === 'recall' && (e.reason === 'session-start' || e.reason === 'digest') ? e.noteIds : []));
    if (noteIds.length) advice.push({ noteIds, calls: found.calls });
  }
  const sessionsBefore = new Map(Object.entries(state.stats).map(([k, v]) => [k, v.sessions.length]));
  const touched = addEpisodes(state.stats, failures);
  const newSessions = new Map([...touched].map((k) => [k, state.stats[k].sessions.length - (sessionsBefore.get(k) ?? 0)]));
  check();

  const store = await MemoryStore.open(o.workspaceRoot, { now });
  return withMemoryLock(paths, async () => {
    const { notes, problems: noteProblems } = await store.load();
    problems.push(...noteProblems.map((p) => `notes/${p.file}: ${p.message}`));
    const facts = await readWorkspaceFacts(o.workspaceRoot);
    adviceFeedback(advice, new Map(notes.filter((n) => !n.humanOwned).map((n) => [n.note.id, n.note])), feedback);
    let plan = planDream({ notes, stats: state.stats, newSessions, corrections, feedback, facts, newId: newNoteId });
    const modelInfo: DreamReport['model'] = { used: false };
    if (o.refine && plan.writes.length) {
      const refined = await o.refine(plan, o.signal);
      plan = refined.plan;
      Object.assign(modelInfo, { used: true, ok: refined.ok, message: refined.message });
    }
    check();
    const redactor = createRedactor();
    for (const w of plan.writes) w.note = await redactNote(w.note, redactor);
    for (const op of plan.ops) if ('note' in op) op.note = await redactNote(op.note, redactor);
    for (const op of plan.ops) op.reason = await redactor.redact(op.reason);

    const byId = new Map(notes.map((n) => [n.note.id, n]));
    const overlay = await readCounterOverlay(paths.cache);
    const writes: FileWrite[] = [];
    const finalNotes = new Map(notes.map((n) => [n.note.id, n]));
    const review = o.review === true;
    if (!review) {
      for (const w of plan.writes) {
        writes.push({ path: `notes/${w.file}`, content: serializeNote(sealNote(w.note)) });
        finalNotes.set(w.note.id, { note: w.note, file: w.file, humanOwned: false });
      }
      // Fold this machine's recall counts into the notes Lucid owns: one write per dream, not per recall.
      const folded = Object.keys(overlay).filter((id) => byId.get(id) && !byId.get(id)!.humanOwned);
      for (const id of folded) {
        const n = finalNotes.get(id)!;
        if (!plan.writes.some((w) => w.note.id === id)) writes.push({ path: `notes/${n.file}`, content: serializeNote(sealNote(n.note)) });
        delete overlay[id];
      }
      if (folded.length) writes.push({ path: path.relative(paths.root, counterOverlayPath(paths.cache)).split(path.sep).join('/'), content: `${JSON.stringify(overlay, Object.keys(overlay).sort(), 2)}\n` });
    }
    const digest = buildDigest([...finalNotes.values()], { budgetTokens: o.budgetTokens ?? 2000 });
    const report = makeReport({ startedAt, finishedAt: now().toISOString(), sessions: sessions.length, eventsRead, failures, corrections, ops: plan.ops, review, model: modelInfo, digestTokens: digest.tokens, problems, byId });
    const somethingNew = sessions.length > 0 || plan.ops.length > 0;
    let proposal: string | undefined;
    let reportPath: string | undefined;
    if (somethingNew) {
      if (review && plan.ops.length) {
        const p: Proposal = { v: 1, createdAt: startedAt, ops: plan.ops, writes: plan.writes };
        proposal = proposalFile(startedAt);
        writes.push({ path: proposal, content: `${JSON.stringify(p, null, 1)}\n` });
      }
      if (!review) writes.push({ path: 'MEMORY.md', content: digest.text });
      const files = reportFiles(startedAt);
      writes.push({ path: files.json, content: `${JSON.stringify(report, null, 1)}\n` }, { path: files.markdown, content: renderReport(report) });
      reportPath = path.join(paths.root, files.markdown);
      state.lastDream = startedAt;
    }
    state.cursor = cursor;
    writes.push({ path: DREAM_STATE_FILE, content: serializeDreamState(state) });
    const result = await commitFiles(paths, writes, { afterStep: o.afterCommitStep });
    const changed = result.written.some((w) => w !== DREAM_STATE_FILE);
    if (!review && o.exportTo?.length) await exportDigest(o.workspaceRoot, digest.text, o.exportTo);
    return { report, changed, ...(proposal ? { proposal: path.join(paths.root, proposal) } : {}), ...(reportPath && changed ? { reportPath } : {}) };
  });
}

interface ReportInput {
  startedAt: string;
  finishedAt: string;
  sessions: number;
  eventsRead: number;
  failures: FailureEpisode[];
  corrections: CorrectionEpisode[];
  ops: DreamOp[];
  review: boolean;
  model: DreamReport['model'];
  digestTokens: number;
  problems: string[];
  byId: Map<string, { note: { title: string }; file: string }>;
}

function makeReport(r: ReportInput): DreamReport {
  const ref = (id: string, file: string, title: string, reason: string) => ({ id, title, path: `.agent-memory/notes/${file}`, reason });
  const titleOf = (id: string) => r.byId.get(id)?.note.title ?? id;
  const report: DreamReport = {
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    sessionsRead: r.sessions,
    eventsRead: r.eventsRead,
    episodes: { failures: r.failures.length, resolved: r.failures.filter((f) => f.resolution).length, noise: r.failures.filter((f) => f.noise).length, corrections: r.corrections.length },
    mode: r.review ? 'review' : 'apply',
    model: r.model,
    added: [], updated: [], merged: [], staled: [], retired: [], proposed: [],
    digestTokens: r.digestTokens,
    problems: r.problems,
  };
  for (const op of r.ops) {
    if (op.op === 'add') report.added.push(ref(op.note.id, `${op.note.id}.md`, op.note.title, op.reason));
    else if (op.op === 'update') report.updated.push(ref(op.id, op.file, op.note.title, op.reason));
    else if (op.op === 'merge') report.merged.push({ ...ref(op.into, `${r.byId.get(op.into)?.file ?? `${op.into}.md`}`, op.note.title, op.reason), from: op.from });
    else if (op.op === 'stale') report.staled.push(ref(op.id, op.file, titleOf(op.id), op.reason));
    else if (op.op === 'retire') report.retired.push(ref(op.id, op.file, titleOf(op.id), op.reason));
    else report.proposed.push(ref(op.id, op.file, op.note.title, op.reason));
  }
  return report;
}
