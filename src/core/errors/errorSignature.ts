// Normalises error output so the same failure looks the same across runs and machines: paths, line and
// column numbers, hashes, timestamps, temp names and addresses become placeholders; the meaningful
// words (error codes, missing module names, unknown flags) stay.

type Replacement = string | ((match: string) => string);

const RULES: Array<[RegExp, Replacement]> = [
  // ISO timestamps and clock times.
  [/\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?/gi, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}(\.\d+)?\b/g, '<time>'],
  // URLs before paths (they contain slashes).
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`)]+/gi, '<url>'],
  // Windows and POSIX paths (absolute, ~, ./ ../, or with at least one slash), with optional :line:col.
  [/[a-z]:\\[^\s'"`:]+/gi, '<path>'],
  [/(?:~|\.{1,2})?\/[\w@.+-]+(?:\/[\w@.+-]*)*(?::\d+){0,2}/g, '<path>'],
  [/\b[\w@.+-]+\/[\w@.+-]+(?:\/[\w@.+-]+)+(?::\d+){0,2}/g, '<path>'],
  // File names with a line/column suffix: foo.ts:12:5, foo.ts(12,5).
  [/\b[\w.-]+\.[a-z]{1,5}(?::\d+){1,2}\b/gi, '<path>'],
  [/\b[\w.-]+\.[a-z]{1,5}\(\d+,\d+\)/gi, '<path>'],
  // Hashes, uuids, hex addresses.
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b0x[0-9a-f]+\b/gi, '<addr>'],
  [/\b[0-9a-f]{7,64}\b/gi, (m) => (/\d/.test(m) && /[a-f]/i.test(m) ? '<hash>' : m)],
  // Temp names like tmp-12345-abc, /tmp/xyz already handled as paths.
  [/\btmp[-_][\w-]+/gi, '<tmp>'],
  // Durations and sizes, then any remaining bare number (not inside words like TS2307 or E404).
  [/\b\d+(\.\d+)?\s?(ms|s|sec|seconds|kb|mb|gb|b)\b/gi, '<n>'],
  [/(?<![\w])\d+(\.\d+)?(?![\w])/g, '<n>'],
];

/** The normalised form of a piece of error output or of a trigger written by a person. */
export function normalizeErrorText(text: string): string {
  let out = text.toLowerCase();
  for (const [re, rep] of RULES) out = typeof rep === 'string' ? out.replace(re, rep) : out.replace(re, rep);
  return out.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/** Normalises a shell command for comparison: whitespace folded, leading env assignments dropped. */
export function normalizeCommand(command: string): string {
  return command
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"[^"]*"|\S*) )+/, '')
    .toLowerCase();
}
