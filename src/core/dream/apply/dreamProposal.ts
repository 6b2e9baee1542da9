// Review mode: a dream writes a proposal instead of changing notes; the user accepts or rejects it per note.
import * as fs from 'fs/promises';
import * as path from 'path';
import { ensureMemoryLayout } from '../../memory/memoryLayout';
import { withMemoryLock } from '../../memory/memoryLock';
import { MemoryStore } from '../../memory/memoryStore';
import type { Note } from '../../memory/noteSchema';
import { commitFiles } from '../../memory/memoryTransaction';
import type { DreamOp } from '../dreamTypes';
import { applyNotes } from './applyNotes';

export interface Proposal {
  v: 1;
  createdAt: string;
  ops: DreamOp[];
  writes: Array<{ note: Note; file: string }>;
}

export const PROPOSALS_DIR = '.cache/proposals';

export const proposalFile = (stamp: string) => `${PROPOSALS_DIR}/${stamp.replace(/[:.]/g, '-')}.json`;

/** Pending proposals, newest first. */
export async function listProposals(workspaceRoot: string): Promise<Array<{ file: string; proposal: Proposal }>> {
  const dir = path.join((await ensureMemoryLayout(workspaceRoot)).root, PROPOSALS_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: Array<{ file: string; proposal: Proposal }> = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort().reverse()) {
    try {
      out.push({ file: path.join(dir, name), proposal: JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as Proposal });
    } catch {
      // A damaged proposal is skipped (and kept): nothing in it is applied.
    }
  }
  return out;
}

export interface ReviewDecision {
  /** Note ids to apply; the rest of the proposal is rejected. */
  accept: string[];
  budgetTokens?: number;
}

/**
 * Applies the accepted notes of a proposal (in one transaction, with the digest) and removes the proposal.
 * A note that a person edited since the proposal was made is left alone and reported.
 */
export async function decideProposal(workspaceRoot: string, file: string, d: ReviewDecision): Promise<{ applied: string[]; skipped: string[] }> {
  const paths = await ensureMemoryLayout(workspaceRoot);
  const proposal = JSON.parse(await fs.readFile(file, 'utf8')) as Proposal;
  const store = await MemoryStore.open(workspaceRoot);
  return withMemoryLock(paths, async () => {
    const { notes } = await store.load();
    const current = new Map(notes.map((n) => [n.note.id, n]));
    const accepted = proposal.writes.filter((w) => d.accept.includes(w.note.id));
    const skipped = accepted.filter((w) => current.get(w.note.id)?.humanOwned).map((w) => w.note.id);
    const writes = accepted.filter((w) => !skipped.includes(w.note.id));
    const applied = applyNotes({ paths, notes, writes, budgetTokens: d.budgetTokens ?? 2000 });
    await commitFiles(paths, applied.files);
    await fs.rm(file, { force: true });
    return { applied: writes.map((w) => w.note.id), skipped };
  });
}
