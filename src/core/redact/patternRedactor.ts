// The synchronous pass of the redactor on its own: Lucid's pattern set and the known secrets, without secretlint.
// What the redaction gate's synchronous form runs (every log line, note and digest), and small enough for the
// extension's activation bundle, which must not load secretlint.
import { applyFindings, type Finding, mergeFindings, scanKnown, scanPatterns } from './secretFindings';

export interface PatternRedactor {
  /** The text with every pattern and known-secret finding replaced by its marker. */
  redactSync(text: string): string;
  /** The findings, unmerged. */
  findSync(text: string): Finding[];
  /** Whether `redactSync` would change the text. */
  hasFindings(text: string): boolean;
}

export function createPatternRedactor(options: { knownSecrets?: readonly string[] } = {}): PatternRedactor {
  const known = [...new Set(options.knownSecrets ?? [])].filter((s) => s.length > 0);
  const findSync = (text: string): Finding[] => [...scanKnown(text, known), ...scanPatterns(text)];
  return {
    findSync,
    hasFindings: (text) => text.length > 0 && mergeFindings(text, findSync(text)).length > 0,
    redactSync: (text) => (text.length === 0 ? text : applyFindings(text, mergeFindings(text, findSync(text)))),
  };
}
