// The one redaction gate: every text Lucid writes to disk (transcripts, notes, the digest, dream reports), commits
// to git, or prints to the user's terminal passes through these functions, so every path uses the same rules
// (secretPatterns.ts, vendorPatterns.ts, secretlint's recommended preset) and the same known secrets.
//
// The synchronous form runs the pattern set (complete on its own) and the known secrets: note sealing, the
// digest and terminal output use it. The asynchronous form adds secretlint. Both are idempotent.
import { createRedactor, type Finding, type Redactor } from './secretRedactor';

let known: string[] = [];
let redactor: Redactor = createRedactor();

/**
 * Values redacted wherever they appear from now on, in this process (the user's API key, once it is read).
 * Shorter than four characters: ignored.
 */
export function addKnownSecrets(secrets: readonly string[]): void {
  const next = [...new Set([...known, ...secrets.filter((s) => s.length > 0)])];
  if (next.length === known.length) return;
  known = next;
  redactor = createRedactor({ knownSecrets: known });
}

/** Always the current redactor, so known secrets added later apply to recorders opened earlier. */
const current: Redactor = {
  redact: (text) => redactor.redact(text),
  redactSync: (text) => redactor.redactSync(text),
  findSecrets: (text) => redactor.findSecrets(text),
};

/** The gate as a `Redactor` (for code that takes one, like the session recorder and the dream's note redaction). */
export function gateRedactor(): Redactor {
  return current;
}

/** The text with every secret replaced by a `[REDACTED:<kind>]` marker; patterns and known secrets. */
export function gateText(text: string): string {
  return redactor.redactSync(text);
}

/** Like gateText, and secretlint's rules as well. */
export function gateTextAsync(text: string): Promise<string> {
  return redactor.redact(text);
}

/** Where the secrets in a text are (kinds and spans, never values): what a commit is refused for. */
export function gateFindings(text: string): Promise<Finding[]> {
  return redactor.findSecrets(text);
}

/**
 * Every string in a JSON-like value gated (object keys stay; so do the values of the keys in `keep`, like ids).
 * Returns the same object when nothing changed, so callers can tell cheaply.
 */
export function gateDeep<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
  if (typeof value === 'string') return gateText(value) as T;
  if (Array.isArray(value)) {
    const out = value.map((v) => gateDeep(v, keep));
    return (out.every((v, i) => v === value[i]) ? value : out) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = keep.has(k) ? v : gateDeep(v, keep);
      changed ||= out[k] !== v;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** What an error says, gated: for messages printed to the user or written into a report. */
export function gateError(err: unknown, withStack = false): string {
  const text = err instanceof Error ? (withStack && err.stack ? err.stack : err.message) : String(err);
  return gateText(text);
}
