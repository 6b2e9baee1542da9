// Nothing a dream writes into a note or a report may hold a secret: the transcript redaction runs again on
// every string of every note it writes (transcripts imported from elsewhere may not have been redacted).
import type { Note } from '../../memory/noteSchema';
import type { Redactor } from '../../redact/secretRedactor';
import type { DreamOp } from '../dreamTypes';

async function redactDeep<T>(value: T, redact: (s: string) => Promise<string>): Promise<T> {
  if (typeof value === 'string') return (await redact(value)) as T;
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => redactDeep(v, redact)))) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'id' ? v : await redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/**
 * The plan with every note it writes or proposes, and every reason, redacted. A text is redacted once however often
 * the plan holds it (a note is both written and reported, its evidence quoted by several notes).
 */
export async function redactPlan<P extends { ops: DreamOp[]; writes: Array<{ note: Note; file: string }> }>(plan: P, redactor: Redactor): Promise<P> {
  const done = new Map<string, Promise<string>>();
  const once = (s: string) => {
    let r = done.get(s);
    if (!r) done.set(s, (r = redactor.redact(s)));
    return r;
  };
  const writes = await Promise.all(plan.writes.map(async (w) => ({ ...w, note: await redactDeep(w.note, once) })));
  const ops = await Promise.all(
    plan.ops.map(async (op) => ({ ...op, ...('note' in op ? { note: await redactDeep(op.note, once) } : {}), reason: await once(op.reason) }) as DreamOp),
  );
  return { ...plan, writes, ops };
}
