// One dream: read the sessions whose content changed since the last dream (whole, replacing what they contributed
// before), fold every session's episodes into lessons, decide the incremental changes to memory, let the model
// judge them when there is one, and apply them in one crash-safe transaction (or write a proposal in review mode).
// One dream at a time per workspace (a lock across windows and the CLI); cancellable until it commits.
import * as path from 'path';
import { readCounterOverlay } from '../memory/counterOverlay';
import { ensureMemoryLayout } from '../memory/memoryLayout';
import { withMemoryLock } from '../memory/memoryLock';
import { commitFiles, recoverTransactions, type FileWrite } from '../memory/memoryTransaction';
import { MemoryStore } from '../memory/memoryStore';
import { newNoteId } from '../memory/noteIds';
import { gateRedactor } from '../redact/secretlintGate';
import { exportDigest, type ExportTarget } from './apply/agentsExport';
import { applyNotes } from './apply/applyNotes';
import { proposalFile, type Proposal } from './apply/dreamProposal';
import { makeReport, renderReport, reportFiles } from './apply/dreamReport';
import { redactPlan } from './apply/noteRedaction';
import { DreamCancelledError, withDreamLock } from './dreamLock';
import { DREAM_STATE_FILE, readDreamState, serializeDreamState } from './dreamState';
import type { DreamReport } from './dreamTypes';
import type { DreamJudge } from './judge/dreamJudge';
import { planDream, type DreamPlan } from './plan/dreamPlanner';
import { buildLessons } from './plan/lessonBook';
import { readWorkspaceFacts } from './plan/staleCheck';
import { SessionFold } from './sessionFold';
import { readSessions } from './sessionPool';

export interface DreamOptions {
  workspaceRoot: string;
  /** Write a proposal to accept or reject per note instead of applying (review mode). */
  review?: boolean;
  budgetTokens?: number;
  signal?: AbortSignal;
  now?: () => Date;
  /** The optional model pass (absent: the rules' result is used as is). */
  judge?: DreamJudge;
  /** Opt-in: keep a managed block with the digest in these files. */
  exportTo?: ExportTarget[];
  onProgress?: (message: string) => void;
  /** Changed sessions from which worker threads read them (default 2,000; `Infinity`: never). */
  parallelFrom?: number;
  /** Test seam: runs after each step of the final commit (throwing from it behaves like a crash there). */
  afterCommitStep?: (step: string) => void | Promise<void>;
}

export interface DreamResult {
  report: DreamReport;
  /** False when the dream found nothing to do and wrote nothing. */
  changed: boolean;
  proposal?: string;
  reportPath?: string;
  /** The plan, with the verdict on every lesson (for evaluation and the report). */
  plan: DreamPlan;
}

/**
 * After notes were written: the parsed-note index and the kept search index brought up to date with them now, in the
 * dream's time, so the next session start (which loads every note: folders changed) does not build the search index
 * again. Best effort: the dream is committed whatever happens here.
 */
async function refreshCaches(store: MemoryStore): Promise<void> {
  try {
    await store.load();
    await store.keepSearchIndex();
  } catch {
    // the next session start does it
  }
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
  const store = await MemoryStore.open(o.workspaceRoot, { now });
  // Sessions are judged against the notes as they are when the dream begins reading (outside the memory lock:
  // reading thousands of sessions takes seconds, and the memory tool must not wait for it).
  const judgedAgainst = await store.load();
  const fold = new SessionFold(state);
  const read = await readSessions(
    { dir: paths.sessions, index: state.files, notes: judgedAgainst.notes.map((n) => n.note), startedAt, check, parallelFrom: o.parallelFrom },
    (s) => fold.add(s),
  );
  problems.push(...read.problems);
  o.onProgress?.(`Read ${read.changed} session(s).`);
  check();

  return withMemoryLock(paths, async () => {
    const { notes, problems: noteProblems } = await store.load();
    problems.push(...noteProblems.map((p) => `notes/${p.file}: ${p.message}`));
    const { feedback, corrections, eventsRead, episodes, problems: sessionProblems } = fold.result();
    problems.push(...sessionProblems);
    const facts = await readWorkspaceFacts(o.workspaceRoot);
    let plan = planDream({ notes, lessons: buildLessons(Object.entries(state.sessions)), corrections, feedback, facts, newId: newNoteId });
    let model: DreamReport['model'] = { asked: false };
    if (o.judge && plan.verdicts.length) {
      o.onProgress?.('Asking the model to judge the lessons…');
      const judged = await o.judge({ plan, notes, state, facts, signal: o.signal });
      plan = judged.plan;
      model = judged.report;
    }
    check();
    plan = await redactPlan(plan, gateRedactor());

    const review = o.review === true;
    const writes: FileWrite[] = [];
    const applied = applyNotes({ paths, notes, writes: review ? [] : plan.writes, overlay: review ? undefined : await readCounterOverlay(paths.cache), budgetTokens: o.budgetTokens ?? 2000 });
    if (!review) writes.push(...applied.files);
    const report = makeReport({
      startedAt, finishedAt: now().toISOString(), sessions: read.changed, eventsRead, episodes,
      ops: plan.ops, review, model, digestTokens: applied.digest.tokens, problems, notes,
    });
    let proposal: string | undefined;
    let reportPath: string | undefined;
    if (read.changed > 0 || plan.ops.length > 0) {
      if (review && plan.ops.length) {
        const p: Proposal = { v: 1, createdAt: startedAt, ops: plan.ops, writes: plan.writes };
        proposal = proposalFile(startedAt);
        writes.push({ path: proposal, content: `${JSON.stringify(p, null, 1)}\n` });
      }
      const files = reportFiles(startedAt);
      writes.push({ path: files.json, content: `${JSON.stringify(report, null, 1)}\n` }, { path: files.markdown, content: renderReport(report) });
      reportPath = path.join(paths.root, files.markdown);
      state.lastDream = startedAt;
    }
    state.files = read.index;
    writes.push({ path: DREAM_STATE_FILE, content: serializeDreamState(state) });
    const result = await commitFiles(paths, writes, { afterStep: o.afterCommitStep });
    const changed = result.written.some((w) => w !== DREAM_STATE_FILE);
    if (result.written.some((w) => w.startsWith('notes/'))) await refreshCaches(store);
    if (!review && o.exportTo?.length) await exportDigest(o.workspaceRoot, applied.digest.text, o.exportTo);
    return { report, changed, plan, ...(proposal ? { proposal: path.join(paths.root, proposal) } : {}), ...(reportPath && changed ? { reportPath } : {}) };
  });
}
