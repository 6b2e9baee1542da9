// The redaction gate's asynchronous form: the pattern set and the known secrets of redactionGate.ts, and
// secretlint's recommended rules as well. For what is written whole and not on a hot path: transcripts, the
// dream's notes, Commit Memory's scan.
import { knownSecrets } from './redactionGate';
import { createRedactor, type Finding, type Redactor } from './secretRedactor';

let built: { for: readonly string[]; redactor: Redactor } | undefined;

/** The redactor over the current known secrets (rebuilt when one is added). */
function redactor(): Redactor {
  const known = knownSecrets();
  if (built?.for !== known) built = { for: known, redactor: createRedactor({ knownSecrets: [...known] }) };
  return built.redactor;
}

/** Always the current redactor, so known secrets added later apply to recorders opened earlier. */
const current: Redactor = {
  redact: (text) => redactor().redact(text),
  redactSync: (text) => redactor().redactSync(text),
  findSecrets: (text) => redactor().findSecrets(text),
};

/** The gate as a `Redactor` (for code that takes one, like the session recorder and the dream's note redaction). */
export function gateRedactor(): Redactor {
  return current;
}

/** Like gateText, and secretlint's rules as well. */
export function gateTextAsync(text: string): Promise<string> {
  return redactor().redact(text);
}

/** Where the secrets in a text are (kinds and spans, never values): what a commit is refused for. */
export function gateFindings(text: string): Promise<Finding[]> {
  return redactor().findSecrets(text);
}
