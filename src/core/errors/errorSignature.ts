// Normalises error output so the same failure looks the same across runs and machines: paths, line and
// column numbers, hashes, timestamps, temp names and addresses become placeholders; the meaningful
// words (error codes, missing module names, unknown flags, missing commands, ports) stay.
//
// Two entry points share one rule list:
// - normalizeErrorText: lower-cased, for substring matching of a note's `triggers.errors` against output;
// - signatureText: case kept, for the message part of an error signature's key (errorExtract.ts).
// Both run on every failed command and over thousands of sessions in a dream, so each rule is one
// linear regex pass and the rule list is short.

type Replacement = string | ((match: string, ...groups: string[]) => string);

// A path never starts in the middle of a word: `kernel/error.h` stays, `/usr/include/error.h` goes.
const NOT_AFTER_WORD = '(?<![\\w.@+~-])';
const SEG = "[\\w@.+~%$-]+";

// Each rule: pattern, replacement, and (optionally) a guard — a substring or a cheap non-global test without
// which the pattern cannot match — that skips the rewriting pass on most outputs.
const RULES: Array<[RegExp, Replacement, (string | RegExp)?]> = [
  // Shell "command not found" in all its spellings → one canonical form.
  //   sh: vitest: command not found · sh: 1: vitest: not found · bash: line 3: vitest: command not found
  //   -bash: vitest: command not found · /bin/sh: vitest: not found · zsh: command not found: vitest
  [
    /(?:^|(?<=\s))[\w/.-]*\b(?:ba|z|da|k|fi|c|tc)?sh(?:\[\d+\])?: (?:line \d+: |\d+: )?(?:command not found: ([^\s:'"`]+)|([^\s:'"`]+): (?:command )?not found)/gim,
    (_m, a, b) => `command not found: ${a ?? b}`,
    'not found',
  ],
  [/(^|\s)([\w.@+-]+): command not found\b/gim, (_m, pre, name) => `${pre}command not found: ${name}`, 'not found'],
  [/(?:\(eval\)|\bz?sh):\d+: command not found: ([^\s:'"`]+)/gim, (_m, name) => `command not found: ${name}`, 'not found'],
  // ISO timestamps, npm log names (2024-01-02T10_20_30_123Z) and clock times.
  [/\b\d{4}-\d{2}-\d{2}[tT _]\d{2}[:_]\d{2}(?:[:_]\d{2}(?:[._]\d+)?)?(?:[zZ]|[+-]\d{2}:?\d{2})?/g, '<time>', '-'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s?[AP]M)?\b/gi, '<time>', ':'],
  // URLs before paths (they contain slashes).
  [/\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s'"`)<>\]]+/gi, '<url>', '://'],
  // Ports stay (EADDRINUSE :::3000 is meaningful in a repo); the host part goes.
  [/(?:\b\d{1,3}(?:\.\d{1,3}){3}|\blocalhost|\[::1?\]|::(?=:))(?=:\d{2,5}\b)/gi, '<host>', ':'],
  // Windows paths, then POSIX absolute / home / relative paths, each with an optional :line:col or (line,col).
  [/\b[a-z]:[\\/][^\s'"`:*?<>|]*/gi, '<path>', ':'],
  [new RegExp(`${NOT_AFTER_WORD}(?:~|\\.{1,2})?(?:\\/${SEG})+\\/?(?::\\d+){0,2}`, 'g'), '<path>', '/'],
  [new RegExp(`${NOT_AFTER_WORD}\\.{1,2}\\\\[^\\s'"\`:]+`, 'g'), '<path>', '.\\'],
  [new RegExp(`(?<![\\w@.+-])${SEG}\\/${SEG}(?:\\/${SEG})+(?::\\d+){0,2}`, 'g'), '<path>', /\/[^\s/]+\//],
  // File names with a line/column suffix: foo.ts:12:5, foo.ts(12,5), Foo.java:[12,5].
  [/\b[\w.-]+\.[a-z]{1,6}(?::\d+){1,2}\b/gi, '<path>', /\.[a-z]{1,6}:\d/i],
  [/\b[\w.-]+\.[a-z]{1,6}\(\d+,\d+\)/gi, '<path>', /\(\d+,\d+\)/],
  [/<path>(?::\[\d+,\d+\]|\(\d+,\d+\))/g, '<path>', '<path>'],
  // Hashes, uuids, hex addresses.
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>', /[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}/i],
  [/\b0x[0-9a-f]+\b/gi, '<addr>', '0x'],
  [/\b[0-9a-f]{7,64}\b/gi, (m) => (/\d/.test(m) && /[a-f]/i.test(m) ? '<hash>' : m)],
  // Temp names: tmp-12345-abc, /tmp/... is already a path; ccdVNSME.o-style compiler temps are paths too.
  [/\btmp[-_][\w-]+/gi, '<tmp>', 'tmp'],
  // Durations and sizes, then any remaining bare number (not inside words like TS2307 or E404, not a port).
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds|m|min|minutes|kb|kib|mb|mib|gb|b)\b/gi, '<n>'],
  [/(?<![\w:])\d+(?:\.\d+)*(?![\w])/g, '<n>'],
];

function applyRules(text: string): string {
  let out = text;
  for (const [re, rep, guard] of RULES) {
    if (guard && !(typeof guard === 'string' ? out.includes(guard) : guard.test(out))) continue;
    out = out.replace(re, rep as (m: string, ...g: string[]) => string);
  }
  return out;
}

/** The normalised form of a piece of error output or of a trigger written by a person (lower case). */
export function normalizeErrorText(text: string): string {
  return applyRules(text.toLowerCase())
    .replace(/[ \t]*\n\s*/g, '\n')
    .replace(/[ \t]{2,}|\t/g, ' ')
    .trim();
}

/**
 * The case-kept normalised form used inside a signature key: volatile parts become placeholders, quotes
 * become single quotes, and everything outside quotes is lower-cased (so "Not a git repository" and
 * "not a git repository" agree) while quoted names keep their case ('PIL', 'FootprintHeader').
 */
export function signatureText(text: string): string {
  const unified = text
    .replace(/[“”‘’]|«\s?|\s?»/g, "'")
    .replace(/`([^`'\n]*)['`]/g, "'$1'")
    .replace(/"([^"\n]*)"/g, "'$1'");
  const normalized = applyRules(unified).replace(/\s+/g, ' ').trim();
  return normalized
    .split(/('[^'\n]*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase()))
    .join('')
    .replace(/[\s.:;,]+$/, '');
}

/** Normalises a shell command for comparison: whitespace folded, leading env assignments dropped. */
export function normalizeCommand(command: string): string {
  return command
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"[^"]*"|\S*) )+/, '')
    .toLowerCase();
}
