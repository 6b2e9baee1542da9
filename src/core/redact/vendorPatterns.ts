// Vendor token formats: credentials whose shape alone says what they are (a fixed prefix, an alphabet, a length),
// as each vendor documents them. secretlint's recommended preset (the well-kept rule set Lucid also runs, see
// secretlintScan.ts) knows about fifteen vendors; no maintained npm package carries more detector rules that run on
// Node 20 (gitleaks and detect-secrets ship as Go and Python binaries), so the rest are written here, one line
// each. The synchronous set must be complete on its own (streaming output is redacted with it alone), so the
// formats secretlint knows are repeated too.
import type { SecretPattern } from './secretPatterns';

/** Not inside a longer token: a letter, digit, `_` or `-` before the prefix means another word. */
const B = String.raw`(?<![A-Za-z0-9_-])`;
/** Not cut out of a longer run of the same alphabet. */
const E = String.raw`(?![A-Za-z0-9_-])`;

const hasDigit = (v: string) => /\d/.test(v);

/** A whole-match token: `prefix` and `body` are regex sources, the token is `prefix` + `body`, bounded both sides. */
function token(kind: string, prefix: string, body: string, accept?: (v: string) => boolean): SecretPattern {
  return { kind, priority: 4, regex: new RegExp(`${B}${prefix}${body}${E}`, 'dg'), ...(accept ? { accept } : {}) };
}

/** A secret inside a larger match (a URL, a command line): the `secret` group is what goes. */
function within(kind: string, source: string, flags = 'dg'): SecretPattern {
  return { kind, priority: 4, regex: new RegExp(source, flags), secret: ['secret'] };
}

export const VENDOR_PATTERNS: SecretPattern[] = [
  // Package registries
  token('pypi-token', 'pypi-AgE', '[A-Za-z0-9_-]{50,}'),
  token('rubygems-token', 'rubygems_', '[a-f0-9]{48}'),
  token('nuget-key', 'oy2', '[a-z0-9]{43}', hasDigit),
  token('clojars-token', 'CLOJARS_', '[a-z0-9]{60}'),
  token('jfrog-token', 'AKCp', '[A-Za-z0-9]{69}'),
  token('jfrog-token', 'cmVmdGtuOjAxOj', '[A-Za-z0-9]{40,}'),
  // Communication
  token('twilio-key', 'SK', '[0-9a-f]{32}', hasDigit),
  token('twilio-account-sid', 'AC', '[0-9a-f]{32}', hasDigit),
  token('mailgun-key', 'key-', '[0-9a-z]{32}', hasDigit),
  token('mailchimp-key', '', '[0-9a-f]{32}-us[0-9]{1,2}'),
  token('sendgrid-key', 'SG\\.', '[\\w-]{22}\\.[\\w-]{43}'),
  token('brevo-key', 'x(?:keysib|smtpsib)-', '[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  token('discord-token', '[MNO]', '[A-Za-z0-9]{23,27}\\.[\\w-]{6,7}\\.[\\w-]{27,40}', hasDigit),
  within('discord-webhook', String.raw`https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/(?<secret>[\w-]{40,})`),
  // In a bot URL the token follows `bot` directly (`/bot123456789:AA…/getMe`).
  { kind: 'telegram-bot-token', priority: 4, regex: new RegExp(`(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}${E}`, 'dg') },
  token('slack-token', 'xapp-', '[0-9]-[A-Za-z0-9-]{20,}'),
  token('slack-token', 'xoxe(?:\\.xox[bp])?-', '[0-9]-[A-Za-z0-9]{60,}'),
  token('postman-key', 'PMAK-', '[a-f0-9]{24}-[a-f0-9]{34}'),
  token('linear-key', 'lin_(?:api|oauth)_', '[A-Za-z0-9]{40}'),
  token('notion-token', 'ntn_', '[A-Za-z0-9]{40,}'),
  token('notion-token', 'secret_', '[A-Za-z0-9]{43}', hasDigit),
  // Payments and commerce
  token('square-token', 'sq0(?:atp|csp|idp)-', '[A-Za-z0-9_-]{22,43}'),
  token('square-token', 'EAAA', '[A-Za-z0-9_-]{60}'),
  token('facebook-token', 'EAA[BC]', '[A-Za-z0-9]{90,}'),
  token('shopify-token', 'shp(?:at|ca|pa|ss)_', '[a-fA-F0-9]{32}'),
  token('shippo-token', 'shippo_(?:live|test)_', '[a-f0-9]{40}'),
  token('flutterwave-key', 'FLWSECK(?:_TEST)?-', '[a-h0-9]{32}-X'),
  token('razorpay-key', 'rzp_(?:live|test)_', '[A-Za-z0-9]{14}'),
  token('easypost-key', 'EZ[AT]K', '[A-Za-z0-9]{54}'),
  token('duffel-token', 'duffel_(?:live|test)_', '[A-Za-z0-9_=-]{43}'),
  // Secret stores, identity, infrastructure
  token('vault-token', 'hv[sbr]\\.', '[A-Za-z0-9_-]{24,}'),
  token('doppler-token', 'dp\\.(?:pt|st|ct|sa|scim|audit)\\.', '(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9]{40,44}'),
  token('1password-token', 'ops_eyJ', '[A-Za-z0-9+/=_-]{100,}'),
  token('age-secret-key', 'AGE-SECRET-KEY-1', '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  token('tailscale-key', 'tskey-(?:auth-|api-|client-|webhook-|scim-)?', '[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}'),
  token('atlassian-token', 'AT(?:ATT|CTT|OAT)3', '[A-Za-z0-9_=-]{100,}'),
  token('digitalocean-token', 'do[opr]_v1_', '[a-f0-9]{64}'),
  token('terraform-token', '[A-Za-z0-9]{14}\\.atlasv1\\.', '[A-Za-z0-9_=-]{60,70}'),
  token('pulumi-token', 'pul-', '[a-f0-9]{40}'),
  token('heroku-key', 'HRKU-', '[A-Za-z0-9_-]{60}'),
  token('databricks-token', 'dapi', '[a-f0-9]{32}(?:-[0-9])?', hasDigit),
  token('dynatrace-token', 'dt0c01\\.', '[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  token('flyio-token', 'fm[12]_', '[A-Za-z0-9+/=_-]{100,}'),
  token('planetscale-token', 'pscale_(?:tkn|pw|oauth)_', '[A-Za-z0-9_.=-]{32,64}'),
  token('supabase-token', 'sbp_', '[a-f0-9]{40}'),
  token('supabase-token', 'sb_secret_', '[A-Za-z0-9_-]{20,}'),
  token('alibaba-key-id', 'LTAI', '[A-Za-z0-9]{20}', hasDigit),
  token('gitlab-token', 'gl(?:dt|rt|ptt|ft|imt|agent|oas|soat|cbt)-', '[A-Za-z0-9_-]{20,}'),
  token('gitlab-token', 'GR1348941', '[A-Za-z0-9_-]{20}'),
  token('buildkite-token', 'bkua_', '[a-f0-9]{40}'),
  token('sonarqube-token', 'sq[pua]_', '[a-f0-9]{40}'),
  token('octopus-key', 'API-', '[A-Z0-9]{26}', hasDigit),
  token('harness-token', 'pat\\.', '[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}'),
  token('cloudflare-origin-ca-key', 'v1\\.0-', '[a-f0-9]{24}-[a-f0-9]{146}'),
  token('azure-client-secret', '[A-Za-z0-9_~.]{3}[0-9]Q~', '[A-Za-z0-9_~.-]{31,34}'),
  within('azure-sas', String.raw`[?&;]sig=(?<secret>[A-Za-z0-9%+/=]{20,})`),
  // Observability
  token('grafana-token', 'glsa_', '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  token('grafana-token', 'glc_', '[A-Za-z0-9+/]{32,}={0,2}'),
  token('grafana-token', 'eyJrIjoi', '[A-Za-z0-9+/]{50,}={0,2}'),
  token('sentry-token', 'sntry[su]_', '[A-Za-z0-9_+/=.-]{40,}'),
  within('sentry-dsn', String.raw`https?://(?<secret>[a-f0-9]{32})(?::[a-f0-9]{32})?@[\w.-]*sentry`),
  token('newrelic-key', 'NR(?:AK|AA|II|JS)-', '[A-Za-z0-9]{19,32}'),
  // AI and developer services
  token('groq-key', 'gsk_', '[A-Za-z0-9]{52}'),
  token('replicate-token', 'r8_', '[A-Za-z0-9]{37}'),
  token('perplexity-key', 'pplx-', '[A-Za-z0-9]{48}'),
  token('xai-key', 'xai-', '[A-Za-z0-9]{80}'),
  token('huggingface-token', 'api_org_', '[A-Za-z0-9]{34}'),
  token('pinecone-key', 'pcsk_', '[A-Za-z0-9_]{50,}'),
  token('langsmith-key', 'lsv2_(?:pt|sk)_', '[a-f0-9]{32}_[a-f0-9]{10}'),
  token('google-oauth-secret', 'GOCSPX-', '[A-Za-z0-9_-]{28}'),
  token('google-oauth-token', 'ya29\\.', '[A-Za-z0-9_-]{30,}'),
  token('google-oauth-token', '1//0', '[A-Za-z0-9_-]{40,}'),
  token('figma-token', 'figd_', '[A-Za-z0-9_-]{40}'),
  token('mapbox-token', 'sk\\.eyJ', '[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,}'),
  token('readme-key', 'rdme_', '[a-z0-9]{70}'),
  token('typeform-token', 'tfp_', '[A-Za-z0-9_.=-]{40,}'),
  token('contentful-token', 'CFPAT-', '[A-Za-z0-9_-]{43}'),
  token('adafruit-key', 'aio_', '[A-Za-z0-9]{28}'),
  token('prefect-token', 'pnu_', '[A-Za-z0-9]{36}'),
  token('frameio-token', 'fio-u-', '[A-Za-z0-9_=-]{64}'),
  token('infracost-key', 'ico-', '[A-Za-z0-9]{32}'),
  token('salesforce-token', '00D', '[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{80,}'),
];

/** Passwords on command lines of tools that take them in their own way. */
export const COMMAND_PATTERNS: SecretPattern[] = [
  // mysql -pPASS (attached: `-p dbname` prompts and names a database), also mysqldump, mysqladmin, mariadb.
  within('cli-secret', String.raw`\b(?:mysql(?:dump|admin|import|sh)?|mariadb(?:-dump)?)\b[^\r\n]*?[ \t]-p(?<secret>[^\s"'-][^\s"']*)`),
  within('cli-secret', String.raw`\bsshpass[ \t]+(?:-[a-zA-Z][ \t]+)*-p[ \t]*(?:"(?<secret>[^"\r\n]+)"|'(?<s2>[^'\r\n]+)'|(?<s3>[^\s"']+))`),
  within('cli-secret', String.raw`\bredis-cli\b[^\r\n]*?[ \t](?:-a|--pass)[ \t]+(?<secret>[^\s"'-][^\s"']*)`),
  // .netrc: `machine host login me password PASS`
  within('netrc-password', String.raw`\b(?:machine|default)\b[^\r\n]*?[ \t]password[ \t]+(?<secret>[^\s"']+)`),
  // PuTTY key files: the lines after `Private-Lines: N`
  { kind: 'private-key', priority: 6, regex: /Private-Lines:[ \t]*\d+(?:\r?\n[A-Za-z0-9+/=]{8,})+/dg },
].map((p) => (p.secret ? { ...p, secret: ['secret', 's2', 's3'] } : p));
