// The optional model pass: one request per dream that rewrites the titles and bodies of the notes the dream
// is about to write (clear titles, merged wording), validated with zod. Invalid or partial output falls back
// to the deterministic result and loses nothing: only fields that validate are taken, and ids, evidence,
// triggers and status never come from the model.
import { z } from 'zod';
import type { ModelClient } from '../model/modelClient';
import type { DreamPlan } from './dreamPlanner';

export type DreamRefiner = (plan: DreamPlan, signal?: AbortSignal) => Promise<{ plan: DreamPlan; ok: boolean; message?: string }>;

const refinedSchema = z.object({
  notes: z.array(
    z.object({
      id: z.string(),
      title: z.string().min(8).max(160),
      body: z.string().min(20).max(2000),
    }),
  ),
});

const INSTRUCTIONS = `You refine memory notes that a coding agent will read in future sessions of this repository.
For each note, write a clear, specific title (what fails and what to do, under 120 characters) and a short body:
when it happens, what to do, and nothing generic. Keep every command exactly as given. Do not invent facts.
Answer with JSON only: {"notes":[{"id":"…","title":"…","body":"…"}]} with one entry per note you were given.`;

export function createDreamRefiner(client: ModelClient): DreamRefiner {
  return async (plan, signal) => {
    const candidates = plan.writes.filter((w) => w.note.status === 'active' && w.note.provenance === 'dream');
    if (!candidates.length) return { plan, ok: true, message: 'nothing to refine' };
    const input = candidates.map((w) => ({ id: w.note.id, kind: w.note.kind, title: w.note.title, body: w.note.body, triggers: w.note.triggers }));
    let text = '';
    try {
      const { message } = await client.streamTurn(
        { max_tokens: 4096, system: INSTRUCTIONS, messages: [{ role: 'user', content: JSON.stringify({ notes: input }) }] },
        { signal },
      );
      text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    } catch (err) {
      return { plan, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    const json = /\{[\s\S]*\}/.exec(text)?.[0];
    let parsed;
    try {
      parsed = refinedSchema.safeParse(JSON.parse(json ?? ''));
    } catch {
      return { plan, ok: false, message: 'the model did not answer with JSON' };
    }
    if (!parsed.success) return { plan, ok: false, message: `the model's answer did not validate: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    const byId = new Map(parsed.data.notes.map((n) => [n.id, n]));
    let taken = 0;
    const writes = plan.writes.map((w) => {
      const r = byId.get(w.note.id);
      if (!r || !candidates.includes(w)) return w;
      taken++;
      return { ...w, note: { ...w.note, title: r.title.trim(), body: r.body.trim() } };
    });
    const ops = plan.ops.map((op) => {
      if ((op.op === 'add' || op.op === 'update' || op.op === 'merge') && byId.has(op.note.id)) {
        const w = writes.find((x) => x.note.id === op.note.id);
        return w ? { ...op, note: w.note } : op;
      }
      return op;
    });
    return { plan: { ops, writes }, ok: taken > 0, message: taken < candidates.length ? `refined ${taken} of ${candidates.length} notes` : undefined };
  };
}
