// A corpus of secret formats for the redactor's tests. Every value is FAKE: generated here by a seeded
// pseudo-random generator in the real format (prefix, alphabet, length), embedded in the contexts where
// secrets really leak (curl, git remote -v, .env files, printed configs, npm and docker output).
// Never paste a real credential here.
import { seededRandom } from '../../support/seededRandom';

export interface PlantedSecret {
  /** The value that must not survive redaction anywhere in the output. */
  value: string;
  /** The marker kind expected in its place. */
  kind: string;
}

export interface PositiveSample {
  name: string;
  text: string;
  secrets: PlantedSecret[];
  /** Substrings that must survive (variable names, user and host of a URL). */
  keep?: string[];
}

export interface NegativeSample {
  name: string;
  text: string;
}

const rand = seededRandom(0x5eed1234);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = ALNUM + '-_';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

function fake(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  // Keep generated tokens looking like real ones: mixed case and at least one digit.
  return /\d/.test(s) || !/\d/.test(alphabet) ? s : s.slice(0, -1) + '7';
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const lines64 = (s: string) => s.match(/.{1,64}/g)!.join('\n');

// --- fake credentials, real formats -----------------------------------------------------------------
export const FAKE = {
  anthropic: `sk-ant-api03-${fake(URLSAFE, 93)}AA`,
  anthropicAdmin: `sk-ant-admin01-${fake(URLSAFE, 93)}AA`,
  openaiLegacy: `sk-${fake(ALNUM, 20)}T3BlbkFJ${fake(ALNUM, 20)}`,
  openaiProject: `sk-proj-${fake(URLSAFE, 156)}`,
  awsKeyId: `AKIA${fake(UPPER_DIGITS, 16)}`,
  awsTempKeyId: `ASIA${fake(UPPER_DIGITS, 16)}`,
  awsSecret: fake(BASE64, 40),
  awsSecret2: fake(BASE64, 40),
  githubPat: `ghp_${fake(ALNUM, 36)}`,
  githubOauth: `gho_${fake(ALNUM, 36)}`,
  githubApp: `ghs_${fake(ALNUM, 36)}`,
  githubFineGrained: `github_pat_${fake(ALNUM, 22)}_${fake(ALNUM, 59)}`,
  slackBot: `xoxb-${fake('0123456789', 12)}-${fake('0123456789', 13)}-${fake(ALNUM, 24)}`,
  slackUser: `xoxp-${fake('0123456789', 12)}-${fake('0123456789', 12)}-${fake('0123456789', 13)}-${fake(HEX, 32)}`,
  google: `AIza${fake(URLSAFE, 35)}`,
  stripeLive: `sk_live_${fake(ALNUM, 99)}`,
  stripeRestricted: `rk_live_${fake(ALNUM, 99)}`,
  npm: `npm_${fake(ALNUM, 36)}`,
  jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"Ada","iat":1716239022}')}.${fake(URLSAFE, 43)}`,
  rsaBody: lines64(fake(BASE64, 1588) + '=='),
  opensshBody: lines64(fake(BASE64, 396)),
  pkcs8Body: fake(BASE64, 1620) + '==',
  urlPassword: `Sup3r-${fake(ALNUM, 10)}!`,
  dbPassword: fake(ALNUM, 18),
  redisPassword: fake(ALNUM, 24),
  bearerOpaque: fake(URLSAFE, 40),
  basicAuth: Buffer.from(`deploy:${fake(ALNUM, 16)}`).toString('base64'),
  envDbPassword: fake(ALNUM, 20),
  envSessionSecret: fake(HEX, 64),
  envServiceToken: fake(URLSAFE, 32),
  envPasswd: `p@ss-${fake(ALNUM, 8)}`,
  envApiKey: fake(HEX, 32),
  jsonPassword: `Tr0ub4dor&${fake(ALNUM, 6)}`,
  yamlApiKey: fake(ALNUM, 32),
  configPassword: `c0rrect-horse-${fake(ALNUM, 6)}`,
  dockerAuth: Buffer.from(`bob:${fake(ALNUM, 14)}`).toString('base64'),
  dockerPat: `dckr_pat_${fake(URLSAFE, 27)}`,
  curlUserPassword: fake(ALNUM, 14),
  known: `lucid-local-${fake(ALNUM, 20)}`,
};

export const RSA_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${FAKE.rsaBody}\n-----END RSA PRIVATE KEY-----`;
export const OPENSSH_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${FAKE.opensshBody}\n-----END OPENSSH PRIVATE KEY-----`;
/** The known secret: a value the user configured, redacted wherever it appears, even inside other words. */
export const KNOWN_SECRET = FAKE.known;

export const POSITIVES: PositiveSample[] = [
  {
    name: 'curl with an Anthropic key header',
    text: `$ curl https://api.anthropic.com/v1/messages \\\n  -H "x-api-key: ${FAKE.anthropic}" \\\n  -H "anthropic-version: 2023-06-01" -d @body.json\n{"type":"error","error":{"type":"authentication_error"}}`,
    secrets: [{ value: FAKE.anthropic, kind: 'anthropic-key' }],
    keep: ['-H "x-api-key: [REDACTED:anthropic-key]" \\\n', 'anthropic-version: 2023-06-01'],
  },
  {
    name: 'curl with a bearer token and an OpenAI key',
    text: `curl -s https://api.example.com/v2/items -H 'Authorization: Bearer ${FAKE.bearerOpaque}'\ncurl https://api.openai.com/v1/models -H "Authorization: Bearer ${FAKE.openaiProject}"`,
    secrets: [
      { value: FAKE.bearerOpaque, kind: 'bearer-token' },
      { value: FAKE.openaiProject, kind: 'openai-key' },
    ],
    keep: ['Authorization: Bearer ', 'https://api.example.com/v2/items'],
  },
  {
    name: 'curl with basic auth',
    text: `curl -u deploy:${FAKE.curlUserPassword} https://ci.example.com/job/build\n> GET / HTTP/1.1\n> Authorization: Basic ${FAKE.basicAuth}\n`,
    secrets: [
      { value: FAKE.curlUserPassword, kind: 'basic-auth' },
      { value: FAKE.basicAuth, kind: 'basic-auth' },
    ],
    keep: ['-u deploy:', 'Authorization: Basic '],
  },
  {
    name: 'git remote -v with credentials in the URL',
    text: `origin\thttps://deploy:${FAKE.urlPassword}@git.example.com/team/app.git (fetch)\norigin\thttps://deploy:${FAKE.urlPassword}@git.example.com/team/app.git (push)\nupstream\thttps://x-access-token:${FAKE.githubApp}@github.com/acme/app.git (fetch)`,
    secrets: [
      { value: FAKE.urlPassword, kind: 'url-password' },
      { value: FAKE.githubApp, kind: 'github-token' },
    ],
    keep: ['https://deploy:', '@git.example.com/team/app.git (fetch)', 'x-access-token:', '@github.com/acme/app.git'],
  },
  {
    name: 'a .env file',
    text: [
      '# local settings',
      'NODE_ENV=development',
      `DATABASE_URL=postgres://app:${FAKE.dbPassword}@db.internal:5432/app`,
      `REDIS_URL=redis://:${FAKE.redisPassword}@cache:6379/0`,
      `DB_PASSWORD=${FAKE.envDbPassword}`,
      `export SESSION_SECRET="${FAKE.envSessionSecret}"`,
      `MY_SERVICE_TOKEN='${FAKE.envServiceToken}'`,
      `PASSWD=${FAKE.envPasswd}`,
      `API_KEY=${FAKE.envApiKey}`,
      `AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`,
      `STRIPE_SECRET_KEY=${FAKE.stripeLive}`,
      `SLACK_BOT_TOKEN=${FAKE.slackBot}`,
      `GOOGLE_MAPS_KEY=${FAKE.google}`,
      '',
    ].join('\n'),
    secrets: [
      { value: FAKE.dbPassword, kind: 'url-password' },
      { value: FAKE.redisPassword, kind: 'url-password' },
      { value: FAKE.envDbPassword, kind: 'env-secret' },
      { value: FAKE.envSessionSecret, kind: 'env-secret' },
      { value: FAKE.envServiceToken, kind: 'env-secret' },
      { value: FAKE.envPasswd, kind: 'env-secret' },
      { value: FAKE.envApiKey, kind: 'env-secret' },
      { value: FAKE.awsKeyId, kind: 'aws-access-key-id' },
      { value: FAKE.awsSecret, kind: 'aws-secret-key' },
      { value: FAKE.stripeLive, kind: 'stripe-key' },
      { value: FAKE.slackBot, kind: 'slack-token' },
      { value: FAKE.google, kind: 'google-api-key' },
    ],
    keep: ['NODE_ENV=development', 'postgres://app:', '@db.internal:5432/app', 'DB_PASSWORD=[REDACTED:env-secret]', 'export SESSION_SECRET="[REDACTED:env-secret]"', 'API_KEY=[REDACTED:env-secret]'],
  },
  {
    name: 'a stack trace printing its config',
    text: `Error: connect ECONNREFUSED 10.0.0.12:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)\nconfig: { host: 'db.internal', port: 5432, user: 'app', password: '${FAKE.configPassword}', ssl: false }\n    at main (/app/src/server.ts:12:3)`,
    secrets: [{ value: FAKE.configPassword, kind: 'config-secret' }],
    keep: ["host: 'db.internal'", "user: 'app'", 'password: ', 'at main (/app/src/server.ts:12:3)'],
  },
  {
    name: 'npm config list and .npmrc',
    text: `; "user" config from /home/ada/.npmrc\n\n//registry.npmjs.org/:_authToken = (protected)\nregistry = "https://registry.npmjs.org/"\n\n$ cat .npmrc\n//npm.pkg.github.com/:_authToken=${FAKE.githubPat}\n//registry.npmjs.org/:_authToken=${FAKE.npm}\n`,
    secrets: [
      { value: FAKE.githubPat, kind: 'github-token' },
      { value: FAKE.npm, kind: 'npm-token' },
    ],
    keep: ['//registry.npmjs.org/:_authToken = (protected)', '//npm.pkg.github.com/:_authToken='],
  },
  {
    name: 'docker login output and config.json',
    text: `$ docker login -u bob -p ${FAKE.dockerPat} registry.example.com\nWARNING! Using --password via the CLI is insecure. Use --password-stdin.\nLogin Succeeded\n$ cat ~/.docker/config.json\n{\n  "auths": {\n    "registry.example.com": {\n      "auth": "${FAKE.dockerAuth}"\n    }\n  }\n}`,
    secrets: [
      { value: FAKE.dockerPat, kind: 'docker-token' },
      { value: FAKE.dockerAuth, kind: 'config-secret' },
    ],
    keep: ['WARNING! Using --password via the CLI is insecure. Use --password-stdin.', '"registry.example.com"'],
  },
  {
    name: 'a JSON config',
    text: JSON.stringify(
      {
        database: { host: 'localhost', user: 'root', password: FAKE.jsonPassword },
        github: { token: FAKE.githubOauth, fineGrained: FAKE.githubFineGrained },
        aws: { accessKeyId: FAKE.awsTempKeyId, secretAccessKey: FAKE.awsSecret2 },
        slack: { userToken: FAKE.slackUser },
        stripe: { restricted: FAKE.stripeRestricted },
        openai: FAKE.openaiLegacy,
        admin: FAKE.anthropicAdmin,
      },
      null,
      2,
    ),
    secrets: [
      { value: FAKE.jsonPassword, kind: 'config-secret' },
      { value: FAKE.githubOauth, kind: 'github-token' },
      { value: FAKE.githubFineGrained, kind: 'github-token' },
      { value: FAKE.awsTempKeyId, kind: 'aws-access-key-id' },
      { value: FAKE.awsSecret2, kind: 'aws-secret-key' },
      { value: FAKE.slackUser, kind: 'slack-token' },
      { value: FAKE.stripeRestricted, kind: 'stripe-key' },
      { value: FAKE.openaiLegacy, kind: 'openai-key' },
      { value: FAKE.anthropicAdmin, kind: 'anthropic-key' },
    ],
    keep: ['"host": "localhost"', '"password": "[REDACTED:config-secret]"'],
  },
  {
    name: 'a YAML config with a JWT',
    text: `service:\n  name: billing\n  api_key: ${FAKE.yamlApiKey}\n  session: ${FAKE.jwt}\n  retries: 3\n`,
    secrets: [
      { value: FAKE.yamlApiKey, kind: 'config-secret' },
      { value: FAKE.jwt, kind: 'jwt' },
    ],
    keep: ['name: billing', 'api_key: [REDACTED:config-secret]', 'retries: 3'],
  },
  {
    name: 'private keys: a PEM file, an OpenSSH key, and one escaped inside JSON',
    text: `$ cat deploy.pem\n${RSA_KEY}\n$ cat ~/.ssh/id_ed25519\n${OPENSSH_KEY}\n${JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\n${FAKE.pkcs8Body}\n-----END PRIVATE KEY-----\n` })}`,
    secrets: [
      { value: FAKE.rsaBody, kind: 'private-key' },
      { value: FAKE.opensshBody, kind: 'private-key' },
      { value: FAKE.pkcs8Body, kind: 'private-key' },
      // every base64 line on its own: no line of a key may survive
      ...FAKE.rsaBody.split('\n').map((value) => ({ value, kind: 'private-key' })),
    ],
    keep: ['$ cat deploy.pem', '"type":"service_account"'],
  },
  {
    name: 'the known secret inside words and URLs',
    text: `key=${KNOWN_SECRET}\nhttps://proxy.example.com/v1?k=${KNOWN_SECRET}&x=1\nprefix${KNOWN_SECRET}suffix\n${encodeURIComponent(KNOWN_SECRET)}`,
    secrets: [{ value: KNOWN_SECRET, kind: 'known-secret' }],
    keep: ['https://proxy.example.com/v1?k=', 'prefix', 'suffix'],
  },
];

export const NEGATIVES: NegativeSample[] = [
  { name: 'git log with SHAs', text: 'commit 3f2a9c1e8b7d6054a1f2e3d4c5b6a7980f1e2d3c\nAuthor: Ada <ada@example.com>\n\n    fix: retry on 503 (a1b2c3d)\n' },
  { name: 'sha256sum output', text: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  dist/extension.js\n' },
  { name: 'UUIDs', text: 'session 3fa85f64-5717-4562-b3fc-2c963f66afa6 started; request-id: 9b2d7e10-4c3a-4f5e-8a61-0d9e7c2b1a44' },
  { name: 'a short base64 data URL', text: '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">' },
  { name: 'a count whose name has KEY in it', text: 'KEY_COUNT=3\nMAX_KEYS=10\nNODE_ENV=production\nPORT=3000' },
  { name: 'an empty password prompt', text: 'Username: ada\npassword: \nLogin failed.' },
  {
    name: 'a package-lock entry',
    text: '"node_modules/zod": {\n  "version": "4.6.7",\n  "resolved": "https://registry.npmjs.org/zod/-/zod-4.6.7.tgz",\n  "integrity": "sha512-9mG2n6+wQH3tJkLdZr1wq5XfKpNc0Yx8e7hG4sA1vB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5cD6eF7g==",\n  "license": "MIT",\n  "dependencies": { "path-key": "^3.1.0", "shebang-command": "^2.0.0" }\n}',
  },
  { name: 'npm_config variables', text: 'npm_config_cache=/home/ada/.npm\nnpm_config_user_agent=npm/10.8.2 node/v20.19.0 linux x64 workspaces/false\nnpm_config_registry=https://registry.npmjs.org/' },
  { name: 'code reading a key from the environment', text: 'const apiKey = process.env.ANTHROPIC_API_KEY;\nconst token = getToken();\nif (!apiKey) throw new Error("missing API key");' },
  { name: 'a placeholder bearer header', text: 'curl -H "Authorization: Bearer ${TOKEN}" https://api.example.com\nAPI_KEY=<your-api-key>\nSECRET_KEY=\nGITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}' },
  { name: 'SSH and plain HTTPS remotes', text: 'origin\tgit@github.com:acme/app.git (fetch)\nupstream\thttps://github.com/acme/app.git (fetch)\nmirror\tssh://git@git.example.com:2222/acme/app.git (push)' },
  { name: 'a VS Code keybinding', text: '[{ "key": "ctrl+shift+i", "command": "editor.action.formatDocument", "when": "editorTextFocus" }]' },
  { name: 'model settings', text: 'max_tokens: 4096\ntemperature: 0.2\nmodel: claude-sonnet-4-5' },
  { name: 'prose about bearers and passwords', text: 'The bearer of this token is responsible for it. Run scikit-learn with task-runner; the password field is optional.' },
  { name: 'a certificate and a public key', text: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ7p0\n-----END CERTIFICATE-----\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1mX5wq3rjYfQ2dNn8F0bK5pJvZs0aX8cQd7tHrW1e ada@laptop' },
  { name: 'an AWS ARN and account id', text: 'arn:aws:iam::123456789012:role/deploy\nUserId: AIDAXXXX is not a full id; Account: 123456789012' },
  { name: 'a source map data URL', text: '//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbInNyYy9hLnRzIl0sIm1hcHBpbmdzIjoiQUFBQSJ9' },
  { name: 'localhost URLs and ports', text: 'Listening on http://localhost:3000 and http://127.0.0.1:8080/health?verbose=1 (pid 4242)' },
  { name: 'a docker login warning alone', text: 'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nLogin Succeeded' },
];
