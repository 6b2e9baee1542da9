// The redactor: every text passes through it before it touches disk (transcripts, notes' examples, logs).
// Secrets become `[REDACTED:<kind>]` markers that keep the kind but not the value; assignments keep their
// name (`API_KEY=[REDACTED:env-secret]`), URLs their user and host. Redaction is idempotent.
//
// Two passes: Lucid's own pattern set (secretPatterns.ts for assignments, URLs and headers, vendorPatterns.ts for
// ~90 vendor token formats and command-line passwords; synchronous and complete on its own, for hot paths) and
// secretlint's recommended rules (asynchronous). Where both find the same secret, the pattern wins: its spans are
// tighter. Code that writes to disk, git or the terminal goes through redactionGate.ts, which holds one of these.
import { applyFindings, type Finding, mergeFindings } from './secretFindings';
import { createPatternRedactor } from './patternRedactor';
import { secretlintFindings } from './secretlintScan';

export type { Finding } from './secretFindings';

export interface RedactorOptions {
  /** Values redacted wherever they appear, literally (e.g. the user's own API key). At least 4 characters. */
  knownSecrets?: string[];
}

export interface Redactor {
  /** Patterns, known secrets and secretlint. */
  redact(text: string): Promise<string>;
  /** Patterns and known secrets only: cheap enough for every line of a streaming output. */
  redactSync(text: string): string;
  /** Where the secrets are (merged, sorted, disjoint), without replacing them. */
  findSecrets(text: string): Promise<Finding[]>;
}

const overlapsAny = (f: Finding, others: readonly Finding[]) => others.some((o) => f.start < o.end && o.start < f.end);

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const patterns = createPatternRedactor(options);
  const syncFindings = (text: string) => patterns.findSync(text);

  const findSecrets = async (text: string): Promise<Finding[]> => {
    const primary = syncFindings(text);
    let extra: Finding[] = [];
    try {
      extra = (await secretlintFindings(text)).filter((f) => !overlapsAny(f, primary));
    } catch {
      // secretlint failing must not stop redaction: the pattern set still ran.
    }
    return mergeFindings(text, [...primary, ...extra]);
  };

  return {
    redactSync: patterns.redactSync,
    async redact(text) {
      if (text.length === 0) return text;
      return applyFindings(text, await findSecrets(text));
    },
    findSecrets,
  };
}
