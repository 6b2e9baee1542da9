// Findings: where secrets sit in a text, how overlapping ones merge, and how they are replaced by markers.
import { MARKER_RE, marker, SECRET_PATTERNS, type SecretPattern } from './secretPatterns';
import { COMMAND_PATTERNS, VENDOR_PATTERNS } from './vendorPatterns';

/** Every pattern the synchronous pass runs: Lucid's heuristics, vendor formats, command lines. */
export const ALL_PATTERNS: readonly SecretPattern[] = [...SECRET_PATTERNS, ...VENDOR_PATTERNS, ...COMMAND_PATTERNS];

export type FindingSource = 'pattern' | 'secretlint' | 'known';

/** One secret in a text. It never carries the value itself, so findings are safe to log. */
export interface Finding {
  kind: string;
  /** Offsets in the scanned text, end exclusive. */
  start: number;
  end: number;
  source: FindingSource;
  /** Higher wins the kind when findings overlap. */
  priority: number;
}

/** Known secrets shorter than this are ignored: redacting every `abc` would shred the transcript. */
export const MIN_KNOWN_SECRET_LENGTH = 4;

function scanOne(text: string, p: SecretPattern, out: Finding[]): void {
  p.regex.lastIndex = 0;
  for (let m = p.regex.exec(text); m; m = p.regex.exec(text)) {
    if (m[0].length === 0) {
      p.regex.lastIndex++;
      continue;
    }
    const groups = m.groups ?? {};
    let span: [number, number] | undefined = m.indices?.[0];
    if (p.secret) {
      const name = p.secret.find((g) => groups[g] !== undefined);
      span = name ? m.indices?.groups?.[name] : undefined;
    }
    if (!span || span[1] <= span[0] || (p.accept && !p.accept(text.slice(span[0], span[1]), groups))) {
      // A rejected match must not hide a real one inside it (`Error: bad token: x` is not about `Error`).
      p.regex.lastIndex = m.index + 1;
      continue;
    }
    out.push({ kind: p.kindOf?.(groups) ?? p.kind, start: span[0], end: span[1], source: 'pattern', priority: p.priority });
  }
}

/** Every literal occurrence of each known secret (and of its URL-encoded form). */
export function scanKnown(text: string, knownSecrets: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const secret of knownSecrets) {
    if (secret.length < MIN_KNOWN_SECRET_LENGTH) continue;
    const forms = new Set([secret, encodeURIComponent(secret)]);
    for (const form of forms) {
      for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
        out.push({ kind: 'known-secret', start: i, end: i + form.length, source: 'known', priority: 10 });
      }
    }
  }
  return out;
}

export function scanPatterns(text: string, patterns: readonly SecretPattern[] = ALL_PATTERNS): Finding[] {
  const out: Finding[] = [];
  for (const p of patterns) scanOne(text, p, out);
  return out;
}

/** Spans of markers already in the text: findings inside them are what makes redaction idempotent. */
export function markerSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(MARKER_RE)].map((m) => [m.index, m.index + m[0].length]);
}

const overlaps = (f: { start: number; end: number }, [s, e]: [number, number]) => f.start < e && s < f.end;

/** Drops findings that touch an existing marker; merges overlapping ones into one span named by the top priority. */
export function mergeFindings(text: string, findings: readonly Finding[]): Finding[] {
  const markers = markerSpans(text);
  const kept = findings
    .filter((f) => !markers.some((m) => overlaps(f, m)))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  for (const f of kept) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      const better = f.priority > last.priority || (f.priority === last.priority && f.end - f.start > last.end - last.start);
      merged[merged.length - 1] = {
        ...(better ? f : last),
        start: last.start,
        end: Math.max(last.end, f.end),
      };
    } else {
      merged.push({ ...f });
    }
  }
  return merged;
}

/** Replaces merged (sorted, disjoint) findings by their markers. */
export function applyFindings(text: string, merged: readonly Finding[]): string {
  let out = '';
  let at = 0;
  for (const f of merged) {
    out += text.slice(at, f.start) + marker(f.kind);
    at = f.end;
  }
  return out + text.slice(at);
}
