// The memory tab's data: the notes (summaries, by kind), what the digest costs against its budget, the newest
// dream report, the pending dream proposals and the project's instruction files the agent reads. Reads only: opening the panel never creates `.agent-memory`.
// Pure Node (no `vscode` import), so the unit tier tests it.
import * as fs from 'fs/promises';
import * as path from 'path';
import { PROPOSALS_DIR, listProposals } from '../core/dream/apply/dreamProposal';
import { REPORTS_DIR } from '../core/dream/apply/dreamReport';
import { buildDigest } from '../core/memory/digest';
import { DIGEST_SECTIONS } from '../core/memory/digest';
import { MemoryStore } from '../core/memory/memoryStore';
import type { LoadedNote } from '../core/memory/noteSchema';
import type { MemoryViewData, NoteSummary, ProposalSummary } from '../shared/panelState';
import { instructionFiles } from './instructionFiles';

const KIND_ORDER = DIGEST_SECTIONS.map(([kind]) => kind as string);
const STATUS_ORDER = ['active', 'unverified', 'stale', 'retired'];
const EXAMPLE_CHARS = 200;

export async function buildMemoryView(workspaceRoot: string, budget: number): Promise<MemoryViewData> {
  const store = await MemoryStore.open(workspaceRoot);
  const exists = async (p: string) => fs.stat(p).then(() => true, () => false);
  const instructions = await instructionFiles(workspaceRoot);
  if (!(await exists(store.paths.root))) return { notes: [], digestTokens: 0, budget, proposals: [], problems: [], instructions };
  const { notes, problems } = await store.load();
  const digest = buildDigest(notes, { budgetTokens: budget });
  const included = new Set(digest.included);
  return {
    notes: notes.map((n) => summarize(n, included.has(n.note.id))).sort(byKindThenStatus),
    digestTokens: digest.tokens,
    budget,
    lastReport: await newestReport(path.join(store.paths.root, REPORTS_DIR)),
    proposals: (await exists(path.join(store.paths.root, PROPOSALS_DIR))) ? await proposals(workspaceRoot) : [],
    problems: problems.map((p) => `${p.file}: ${p.message}`),
    instructions,
  };
}

function summarize({ note }: LoadedNote, inDigest: boolean): NoteSummary {
  return {
    id: note.id,
    kind: note.kind,
    title: note.title,
    status: note.status,
    provenance: note.provenance,
    evidence: {
      sessions: note.evidence.sessions,
      ...(note.evidence.lastSeen ? { lastSeen: note.evidence.lastSeen } : {}),
      examples: note.evidence.examples.map((e) => (e.text.length > EXAMPLE_CHARS ? `${e.text.slice(0, EXAMPLE_CHARS)}…` : e.text)),
    },
    recalled: note.counters.recalled,
    inDigest,
    ...(note.reason ? { reason: note.reason } : {}),
  };
}

const rank = (order: string[], v: string) => (order.includes(v) ? order.indexOf(v) : order.length);

function byKindThenStatus(a: NoteSummary, b: NoteSummary): number {
  return (
    rank(KIND_ORDER, a.kind) - rank(KIND_ORDER, b.kind) ||
    rank(STATUS_ORDER, a.status) - rank(STATUS_ORDER, b.status) ||
    Number(b.inDigest) - Number(a.inDigest) ||
    a.title.localeCompare(b.title)
  );
}

/** The newest `*.md` in the reports folder (names are timestamps, so the last in order is the newest). */
export async function newestReport(dir: string): Promise<string | undefined> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  const newest = names[names.length - 1];
  return newest ? fs.readFile(path.join(dir, newest), 'utf8').catch(() => undefined) : undefined;
}

async function proposals(workspaceRoot: string): Promise<ProposalSummary[]> {
  return (await listProposals(workspaceRoot)).map(({ file, proposal }) => ({
    file,
    createdAt: proposal.createdAt,
    changes: (proposal.writes ?? []).map((w) => {
      const op = proposal.ops?.find((o) => 'note' in o && o.note.id === w.note.id);
      return { id: w.note.id, title: w.note.title, op: op?.op ?? 'update', reason: op && 'reason' in op ? op.reason : '' };
    }),
  }));
}
