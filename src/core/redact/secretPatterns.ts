// The pattern set of the redactor: secret formats secretlint misses or finds too coarsely, plus the
// heuristics that keep ordinary text (hashes, UUIDs, `KEY_COUNT=3`, placeholders) untouched.
// Every regex carries the `g` and `d` flags; `secret` names the groups that hold the secret (the rest of
// the match, like a variable name or a URL's user and host, stays in the output).

export interface SecretPattern {
  /** Shown in the marker: `[REDACTED:<kind>]`. */
  kind: string;
  /** When two findings overlap, the higher priority names the kind. Specific formats beat generic assignments. */
  priority: number;
  regex: RegExp;
  /** Named groups that may hold the secret (the first that matched wins); the whole match when absent. */
  secret?: string[];
  /** A last word on a match: false drops it. */
  accept?: (secret: string, groups: Record<string, string | undefined>) => boolean;
  /** A kind that depends on the match (e.g. the scheme of an Authorization header). */
  kindOf?: (groups: Record<string, string | undefined>) => string;
}

export const MARKER_RE = /\[REDACTED:[a-z0-9-]+\]/g;

export function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Values that are not secrets even after a secret-like name: placeholders, references, booleans, markers. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.startsWith('[REDACTED:')) return true;
  if (/^(?:true|false|null|nil|none|undefined|\(protected\)|\*+|x{3,}|\.{3}|…|changeme|<[^<>]*>)$/i.test(v)) return true;
  if (/^\$(?:\{|\(|[A-Za-z_][A-Za-z0-9_]*$)/.test(v)) return true; // ${VAR}, ${{ secrets.X }}, $(cmd), $VAR
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true; // %VAR%
  if (/^[~^]?\d+\.\d+(?:\.\d+)?(?:[-+][\w.-]+)?$/.test(v)) return true; // versions: "path-key": "^3.1.0"
  return /^\d{1,5}$/.test(v); // small numbers: counts, ports, lengths
}

/** Source code on the right of `=` (`process.env.API_KEY`, `getToken()`), not a literal value. */
function looksLikeCode(v: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+;?$/.test(v) || /[()]/.test(v) || /^(?:await|new|typeof|async|function|yield|require|import|this|void)$/.test(v);
}

/** Has the texture of a generated credential rather than of a word. */
export function looksRandom(v: string): boolean {
  if (v.length < 8) return false;
  const digit = /\d/.test(v);
  const letter = /[A-Za-z]/.test(v);
  const mixed = /[a-z]/.test(v) && /[A-Z]/.test(v);
  return (digit && letter) || (mixed && v.length >= 16) || /[+/=_~.-]/.test(v.slice(1, -1));
}

const SECRET_LAST_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'apikey', 'credential', 'credentials', 'auth', 'passphrase', 'pat']);
const NON_SECRET_KEY_PREFIXES = new Set(['public', 'primary', 'foreign', 'sort', 'cache', 'partition', 'idempotency', 'row', 'map', 'hash', 'lookup', 'shortcut', 'i18n', 'translation', 'react', 'unique', 'index', 'object', 'route', 'storage', 'sign', 'pub', 'path']);

/** Whether a variable, env or config name suggests its value is a secret (`API_KEY`, `clientSecret`, `_authToken`). */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (!last) return false;
  // `PGPASSWORD`, `MYSQL_ROOTPASSWORD`, `clientsecret`: the word may be glued to another one.
  if (words.some((w) => /(?:secret|password|passwd)$/.test(w))) return true;
  if (SECRET_LAST_WORDS.has(last)) return last !== 'pass' || words.length > 1; // `PASS` alone is too vague
  if (last === 'key') {
    const prev = words[words.length - 2];
    return prev !== undefined && !NON_SECRET_KEY_PREFIXES.has(prev);
  }
  return false;
}

/** The value of an assignment (`NAME=value`, `name: value`) is a secret when the name says so. */
const assignmentValue = (raw: string, g: Record<string, string | undefined>) =>
  isSecretName(g.name ?? '') && !isPlaceholder(raw) && (g.bare === undefined || !looksLikeCode(raw));

const VALUE = String.raw`(?:"(?<dq>(?:[^"\\\r\n]|\\.)*)"|'(?<sq>[^'\r\n]*)'`;
const VALUE_GROUPS = ['dq', 'sq', 'bare'];
const BEFORE_NAME = String.raw`(?<![\w.$-])`;
/** A name that may be secret-like (isSecretName decides): a cheap prefilter that keeps the scan linear. */
const NAME = String.raw`(?<name>(?=[A-Za-z_])(?:[\w.-]*(?:secret|password|passwd)[\w.-]*|[\w.-]*(?:token|pwd|pass|key|credentials?|auth|passphrase|pat)))`;

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    kind: 'private-key',
    priority: 6,
    // The whole block, across lines (or escaped `\n` inside a JSON string); a block cut before its END line
    // loses everything from BEGIN through the base64 lines that follow.
    regex:
      /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?:(?:\s|\\[nr])*(?:[A-Za-z0-9+/=]{8,}|(?:Proc-Type|DEK-Info|Comment|Version):[^\r\n\\]*))*)/dg,
  },
  { kind: 'jwt', priority: 4, regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg },
  { kind: 'anthropic-key', priority: 5, regex: /\bsk-ant-[A-Za-z0-9_-]{20,}/dg },
  {
    kind: 'openai-key',
    priority: 4,
    regex: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/dg,
    accept: (v) => /\d/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v.slice(3)),
  },
  {
    kind: 'aws-access-key-id',
    priority: 4,
    regex: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/dg,
  },
  {
    kind: 'aws-secret-key',
    priority: 4,
    regex:
      /(?<![A-Za-z0-9])(?:aws_?)?secret_?(?:access_?)?key["']?[ \t]*[:=][ \t]*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    secret: ['secret'],
  },
  { kind: 'github-token', priority: 4, regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/dg },
  { kind: 'github-token', priority: 4, regex: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/dg },
  { kind: 'gitlab-token', priority: 4, regex: /\bglpat-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'slack-token', priority: 4, regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/dg },
  {
    kind: 'slack-webhook',
    priority: 4,
    regex: /https:\/\/hooks\.slack\.com\/services\/(?<secret>[A-Za-z0-9_/]{20,})/dg,
    secret: ['secret'],
  },
  { kind: 'google-api-key', priority: 4, regex: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/dg },
  { kind: 'stripe-key', priority: 4, regex: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/dg },
  { kind: 'stripe-key', priority: 4, regex: /\bwhsec_[0-9A-Za-z]{24,}/dg },
  { kind: 'npm-token', priority: 4, regex: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/dg },
  { kind: 'docker-token', priority: 4, regex: /\bdckr_pat_[A-Za-z0-9_-]{20,}/dg },
  { kind: 'huggingface-token', priority: 4, regex: /\bhf_[A-Za-z0-9]{30,}\b/dg, accept: (v) => /\d/.test(v) },
  {
    kind: 'url-password',
    priority: 2,
    // scheme://user:password@host: the password may hold `@`; the last `@` before the host ends it.
    regex: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/?#@[\]"'<>]*:(?<secret>[^\s/?#[\]"'<>]+)@(?=[A-Za-z0-9_[-])/dg,
    secret: ['secret'],
    accept: (v) => !isPlaceholder(v),
  },
  {
    kind: 'bearer-token',
    priority: 3,
    regex: new RegExp(
      String.raw`${BEFORE_NAME}(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?<scheme>bearer|basic|token|bot|digest|negotiate)[ \t]+)?(?<secret>[^\s"'\\,]+)`,
      'dgi',
    ),
    secret: ['secret'],
    accept: (v, g) => !isPlaceholder(v) && (g.scheme !== undefined || looksRandom(v)),
    kindOf: (g) => (/^basic$/i.test(g.scheme ?? '') ? 'basic-auth' : 'bearer-token'),
  },
  {
    kind: 'bearer-token',
    priority: 3,
    regex: /\bbearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]+=*)/dgi,
    secret: ['secret'],
    accept: (v) => looksRandom(v) && !isPlaceholder(v),
  },
  {
    kind: 'basic-auth',
    priority: 3,
    regex: /(?<![\w-])(?:-u|--user)[ =]["']?[^\s:"']+:(?<secret>[^\s"']+)/dg,
    secret: ['secret'],
    accept: (v) => !isPlaceholder(v),
  },
  {
    kind: 'cli-secret',
    priority: 2,
    regex: new RegExp(
      String.raw`(?<![\w-])--(?:password|passwd|token|api-key|apikey|secret|client-secret|access-token|auth-token)(?<eq>=|[ \t]+)${VALUE}|(?<bare>[^\s"'-][^\s"']*))`,
      'dgi',
    ),
    secret: VALUE_GROUPS,
    accept: (v, g) => !isPlaceholder(v) && (g.eq === '=' || looksRandom(v)),
  },
  {
    kind: 'cli-secret',
    priority: 2,
    regex: /\bdocker[ \t]+login\b[^\r\n]*?[ \t]-p[ \t]+(?<bare>[^\s"']+)/dg,
    secret: ['bare'],
    accept: (v) => !isPlaceholder(v),
  },
  {
    kind: 'env-secret',
    priority: 1,
    // NAME=value, export NAME="value", ?api_key=value&…, //registry/:_authToken=value
    regex: new RegExp(String.raw`${BEFORE_NAME}${NAME}[ \t]*=(?![=>~])[ \t]*${VALUE}|(?<bare>[^\s"'&;,|<>${'`'}]+))`, 'dgi'),
    secret: VALUE_GROUPS,
    accept: assignmentValue,
  },
  {
    kind: 'config-secret',
    priority: 1,
    // "password": "value", password: value (YAML, JS object literals, printed configs). An unquoted value runs
    // over spaces (eight words at most) to the end of the line, a quote, a backslash or a delimiter (`x-api-key: … " \` in a curl).
    regex: new RegExp(
      String.raw`${BEFORE_NAME}(?<q>["']?)${NAME}\k<q>[ \t]*:(?!//)[ \t]*${VALUE}|(?<bare>[^\s"'${'`'}\\,;{}[\]#]+(?:[ \t]+[^\s"'${'`'}\\,;{}[\]#]+){0,7}))`,
      'dgi',
    ),
    secret: VALUE_GROUPS,
    accept: assignmentValue,
  },
];
