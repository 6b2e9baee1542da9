// The one redaction gate: every text Lucid writes to disk (transcripts, notes, the digest, dream reports), commits
// to git, or prints to the user's terminal passes through these functions, so every path uses the same rules
// (secretPatterns.ts, vendorPatterns.ts, secretlint's recommended preset) and the same known secrets.
//
// This module is the synchronous form: the pattern set (complete on its own) and the known secrets; note sealing,
// the digest, logs and terminal output use it. secretlintGate.ts is the asynchronous form, which adds secretlint
// (transcripts, the dream's notes, commits). Both are idempotent.
import { createPatternRedactor, type PatternRedactor } from './patternRedactor';

/**
 * The known secrets and the pattern redactor built over them, one per process: the extension's activation entry
 * and the rest of the extension are separate bundles, each with its own copy of this module, and a secret one copy
 * learns (the API key, read by the panel) must be redacted by the other (the log channel, created at activation).
 */
interface GateState {
  known: readonly string[];
  patterns: PatternRedactor;
  /** Strings `gateDeep` found clean with these patterns and known secrets (see CleanStrings). */
  clean: CleanStrings;
}

/**
 * Strings already found clean, so the same command or error line quoted by thousands of sessions is scanned once.
 * Bounded by characters (emptied when full); a new known secret starts it afresh with the new patterns.
 */
class CleanStrings {
  private readonly seen = new Set<string>();
  private chars = 0;
  has(s: string): boolean {
    return this.seen.has(s);
  }
  add(strings: readonly string[]): void {
    for (const s of strings) {
      if (s.length > CLEAN_MAX_STRING) continue;
      if (this.chars + s.length > CLEAN_MAX_CHARS) {
        this.seen.clear();
        this.chars = 0;
      }
      this.seen.add(s);
      this.chars += s.length;
    }
  }
}
const CLEAN_MAX_STRING = 2048;
const CLEAN_MAX_CHARS = 4_000_000;

const STATE_KEY = Symbol.for('lucid.redactionGate');
const state: GateState = ((globalThis as Record<symbol, GateState | undefined>)[STATE_KEY] ??= { known: [], patterns: createPatternRedactor(), clean: new CleanStrings() });

/**
 * Values redacted wherever they appear from now on, in this process (the user's API key, once it is read).
 * Shorter than four characters: ignored.
 */
export function addKnownSecrets(secrets: readonly string[]): void {
  const next = [...new Set([...state.known, ...secrets.filter((s) => s.length > 0)])];
  if (next.length === state.known.length) return;
  state.known = next;
  state.patterns = createPatternRedactor({ knownSecrets: next });
  state.clean = new CleanStrings();
}

/** The known secrets so far (a new array whenever one is added). */
export function knownSecrets(): readonly string[] {
  return state.known;
}

/** The text with every secret replaced by a `[REDACTED:<kind>]` marker; patterns and known secrets. */
export function gateText(text: string): string {
  return state.patterns.redactSync(text);
}

/**
 * Every string in a JSON-like value gated (object keys stay; so do the values of the keys in `keep`, like ids).
 * Returns the same object when nothing changed, so callers can tell cheaply.
 */
export function gateDeep<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
  // One scan of the distinct strings not already known clean, joined by a blank line: no pattern's value runs over
  // whitespace (a PEM key's body aside, whose match then starts where it would anyway) and a blank line is a word
  // boundary and not a name character, so whatever one string alone would show, the joined text shows too. Nothing
  // found: nothing to change (the usual case, and 100 patterns once instead of once per string). Something found:
  // each string on its own.
  const strings = new Set<string>();
  collectStrings(value, keep, strings);
  const { clean, patterns } = state;
  const unseen = [...strings].filter((s) => s.length > 0 && !clean.has(s));
  if (unseen.length === 0) return value;
  if (!patterns.hasFindings(unseen.join('\n\n'))) {
    clean.add(unseen);
    return value;
  }
  return gateEach(value, keep);
}

function collectStrings(value: unknown, keep: ReadonlySet<string>, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, keep, out);
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) if (!keep.has(k)) collectStrings(v, keep, out);
  }
}

function gateEach<T>(value: T, keep: ReadonlySet<string>): T {
  if (typeof value === 'string') return gateText(value) as T;
  if (Array.isArray(value)) {
    const out = value.map((v) => gateEach(v, keep));
    return (out.every((v, i) => v === value[i]) ? value : out) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = keep.has(k) ? v : gateEach(v, keep);
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
