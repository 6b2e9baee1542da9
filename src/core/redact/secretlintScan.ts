// secretlint's recommended rules as a second opinion on a text. secretlint is ESM; Node ≥ 20.19 loads it
// through require(esm). Its findings are mapped to Lucid's kinds; a finding that spans a whole URL
// (basic auth, connection strings) is narrowed to the password so the user and host stay readable.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { Finding } from './secretFindings';

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };

const KINDS: Record<string, string> = {
  anthropic: 'anthropic-key',
  openai: 'openai-key',
  github: 'github-token',
  slack: 'slack-token',
  npm: 'npm-token',
  gcp: 'gcp-credentials',
  privatekey: 'private-key',
  basicauth: 'url-password',
  'database-connection-string': 'url-password',
  sendgrid: 'sendgrid-key',
  shopify: 'shopify-token',
  linear: 'linear-key',
  '1password': '1password-token',
};

function kindOf(ruleId: string, messageId: string): string {
  const short = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  if (short === 'aws') {
    if (/AccessKeyId/i.test(messageId)) return 'aws-access-key-id';
    return /AccountId/i.test(messageId) ? 'aws-account-id' : 'aws-secret-key';
  }
  return KINDS[short] ?? short.replace(/[^a-z0-9-]/g, '-');
}

/** Within a whole-URL finding, the span of the password only (or of the whole finding when there is none). */
function narrowUrl(text: string, start: number, end: number): [number, number] {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/?#@]*:(.+)@[^@]*$/s.exec(text.slice(start, end));
  if (!m || m[1].length === 0) return [start, end];
  const passwordAt = start + m[0].indexOf(':', m[0].indexOf('://') + 3) + 1;
  return [passwordAt, passwordAt + m[1].length];
}

/**
 * secretlint 11 always profiles: a performance mark per rule and scan, a measure per pair, all kept for the life of
 * the process, and its observer scans them all on each new one (secretlint/secretlint#1633, fixed upstream only in
 * releases that need Node 22): each scan got slower and memory grew. Lucid never reads the profile, so marking is
 * turned off on the shared profiler (it is secretlint's own object; nothing else marks through it).
 */
(secretLintProfiler as unknown as { mark(marker: unknown): void }).mark = () => undefined;

export async function secretlintFindings(text: string): Promise<Finding[]> {
  const result = await lintSource({
    source: { content: text, filePath: 'lucid-transcript.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  return result.messages
    .filter((m) => m.type === 'message')
    .map((m) => {
      const kind = kindOf(m.ruleId, m.messageId);
      const [start, end] = kind === 'url-password' ? narrowUrl(text, m.range[0], m.range[1]) : m.range;
      return { kind, start, end, source: 'secretlint' as const, priority: 3 };
    })
    .filter((f) => f.end > f.start);
}
