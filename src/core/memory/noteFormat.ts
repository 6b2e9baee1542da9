// The on-disk form of a note: YAML front-matter between `---` lines, a blank line, then the Markdown body.
// Serialization is canonical (fixed key order, fixed quoting, LF, trailing newline), so a note Lucid writes
// twice is byte-identical and `serializeNote(parseNote(text))` gives back `text` for anything Lucid wrote.
import { createHash } from 'crypto';
import * as YAML from 'yaml';
import type { z } from 'zod';
import { gateDeep, gateText } from '../redact/redactionGate';
import { frontMatterSchema, type Note } from './noteSchema';

/** Known front-matter keys in the order they are written. Unknown keys follow, then `fingerprint`. */
export const KNOWN_KEYS = [
  'id', 'kind', 'title', 'status', 'provenance', 'scope', 'known', 'fix', 'triggers', 'evidence', 'counters', 'reason',
  'merged', 'problems', 'fingerprint',
] as const;
const KNOWN = new Set<string>(KNOWN_KEYS);

export type ParseResult = { note: Note; humanOwned: boolean } | { error: string };

const YAML_OUT: YAML.ToStringOptions = {
  lineWidth: 0, // never fold long strings
  minContentWidth: 0,
  indent: 2,
  indentSeq: true,
  singleQuote: false, // when quoting is needed: always double quotes
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
};

/** CRLF (a Windows checkout) and a BOM are accepted on read; Lucid always writes LF without BOM. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Parses a note file. `file` only names the file in error messages (e.g. `notes/x.md`). */
export function parseNote(rawText: string, file: string): ParseResult {
  const fail = (message: string): ParseResult => ({ error: `${file}: ${message}` });
  if (rawText.includes('\u0000')) return fail('not a text file (contains NUL bytes)');
  const text = normalizeText(rawText);
  if (text.trim() === '') return fail('empty file: expected YAML front-matter starting with a `---` line');
  const lines = text.split('\n');
  if (lines[0].trimEnd() !== '---') return fail('missing front-matter: the first line must be `---`');
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (close < 0) return fail('front-matter is not closed: no `---` line after line 1');

  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(lines.slice(1, close).join('\n'), { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const at = lineCounter.linePos(err.pos[0]);
    // The YAML starts on the file's line 2.
    return fail(`bad YAML at line ${at.line + 1}, column ${at.col}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fail(`bad YAML: ${(err as Error).message}`);
  }
  if (raw === null || raw === undefined) return fail('front-matter is empty: expected at least id, kind and title');
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('front-matter must be a mapping of keys to values');

  const parsed = frontMatterSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return fail(formatIssues(parsed.error.issues));

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!KNOWN.has(key)) extra[key] = value;
  const rest = lines.slice(close + 1).join('\n');
  const body = rest.replace(/^\n/, '').replace(/\n$/, '');
  const note: Note = { ...parsed.data, body, extra };
  return { note, humanOwned: humanReason(note, text) !== undefined };
}

/** The canonical text of a note. Emits `note.fingerprint` as given: use `sealNote` before a machine write. */
export function serializeNote(note: Note): string {
  const yaml = new YAML.Document(frontMatterObject(note)).toString(YAML_OUT);
  const body = normalizeText(note.body);
  return `---\n${yaml}---\n${body === '' ? '' : `\n${body}\n`}`;
}

/** Short sha256 (12 hex) of the canonical serialization without the fingerprint. */
export function fingerprintOf(note: Note): string {
  return hash(serializeNote({ ...note, fingerprint: undefined }));
}

/** Fields that name things rather than say them: never redacted. */
const NAMING_FIELDS = new Set(['id', 'kind', 'status', 'provenance', 'fingerprint', 'merged', 'session', 'firstSeen', 'lastSeen']);

/**
 * The note as Lucid writes it: every string through the redaction gate (no secret reaches a note file, whichever
 * path wrote it), then a fresh fingerprint. A marker longer than the secret it replaced may not push a field
 * past its limit.
 */
export function sealNote(note: Note): Note {
  const clean = gateDeep(note, NAMING_FIELDS);
  if (clean !== note) {
    if (clean.title.length > 200) clean.title = `${clean.title.slice(0, 199)}…`;
    if (clean.fix && clean.fix.text.length > 600) clean.fix = { ...clean.fix, text: `${clean.fix.text.slice(0, 599)}…` };
  }
  return { ...clean, fingerprint: fingerprintOf(clean) };
}

/**
 * Why a note counts as a person's (undefined: Lucid owns it): its provenance is `human`, it has no fingerprint,
 * or its fingerprint does not match. Lucid writes `fingerprint` = hash of the canonical text without the
 * fingerprint line, which is exactly the file minus its last front-matter line. So the check hashes the file as
 * read (no re-serialization): any byte a person changed, a value, the body, the formatting or a YAML comment
 * that a rewrite would lose, makes it a mismatch. `text` is the file content as read.
 */
export function humanReason(note: Note, text: string): string | undefined {
  if (note.provenance === 'human') return 'its provenance is human';
  const fp = note.fingerprint;
  if (!fp) return 'it has no fingerprint, so a person wrote it';
  const normalized = normalizeText(text);
  const close = normalized.indexOf('\n---\n', 3); // the closing delimiter: YAML never writes `---` at column 0
  const lineStart = normalized.lastIndexOf('\n', close - 1) + 1;
  const isFpLine = close > 0 && normalized.startsWith('fingerprint: ', lineStart);
  if (!isFpLine || hash(normalized.slice(0, lineStart) + normalized.slice(close + 1)) !== fp) {
    return 'a person edited it since Lucid last wrote it (fingerprint mismatch)';
  }
  return undefined;
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

/** Schema check of a note about to be written. Returns a readable message, or undefined when valid. */
export function validateNote(note: Note): string | undefined {
  if (typeof note.body !== 'string') return 'body: expected a string';
  const parsed = frontMatterSchema.safeParse(JSON.parse(JSON.stringify(frontMatterObject(note))), { reportInput: true });
  return parsed.success ? undefined : formatIssues(parsed.error.issues);
}

/** Front-matter as a plain object in canonical key order; empty optional collections left out. */
function frontMatterObject(note: Note): Record<string, unknown> {
  const out: Record<string, unknown> = { id: note.id, kind: note.kind, title: note.title };
  out.status = note.status;
  out.provenance = note.provenance;
  if (note.scope.length > 0) out.scope = [...note.scope];
  if (note.known) out.known = true;
  if (note.fix) {
    const fix: Record<string, unknown> = { text: note.fix.text };
    if (note.fix.commands.length) fix.commands = [...note.fix.commands];
    if (note.fix.avoid?.length) fix.avoid = [...note.fix.avoid];
    out.fix = fix;
  }
  const triggers: Record<string, string[]> = {};
  for (const key of ['errors', 'commands', 'keywords'] as const) {
    if (note.triggers[key].length > 0) triggers[key] = [...note.triggers[key]];
  }
  if (Object.keys(triggers).length > 0) out.triggers = triggers;
  const ev = note.evidence;
  const evidence: Record<string, unknown> = { sessions: ev.sessions };
  if (ev.verified !== undefined) evidence.verified = ev.verified;
  if (ev.firstSeen !== undefined) evidence.firstSeen = ev.firstSeen;
  if (ev.lastSeen !== undefined) evidence.lastSeen = ev.lastSeen;
  if (ev.examples.length > 0) evidence.examples = ev.examples.map((e) => ({ session: e.session, text: e.text }));
  if (ev.paths !== undefined) evidence.paths = [...ev.paths];
  out.evidence = evidence;
  const { recalled, helpful, harmful } = note.counters;
  out.counters = { recalled, helpful, harmful };
  if (note.reason !== undefined) out.reason = note.reason;
  if (note.merged !== undefined) out.merged = [...note.merged];
  if (note.problems?.length) out.problems = [...note.problems];
  for (const [key, value] of Object.entries(note.extra ?? {})) {
    if (!KNOWN.has(key) && value !== undefined) out[key] = value;
  }
  if (note.fingerprint !== undefined) out.fingerprint = note.fingerprint;
  return out;
}

/** `kind: expected one of build-error, workaround, … (got "x")`; several issues joined with `; `. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`)
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'front-matter';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const hasInput = 'input' in issue && issue.input !== undefined;
  if (!hasInput && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'missing (required)';
  const got = hasInput ? ` (got ${shortJson((issue as { input: unknown }).input)})` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}${got}`;
    case 'invalid_type':
      return `expected ${issue.expected}${got}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `must not be empty${got}`;
      return `${issue.message.replace(/^Too small: /, '')}${got}`;
    case 'too_big':
      return `${issue.message.replace(/^Too big: /, '')}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** Gated before it is cut: a secret cut short no longer looks like one, and half a key is still a leak. */
function shortJson(value: unknown): string {
  const s = gateText(JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
