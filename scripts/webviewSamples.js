// Sample host messages for scripts/webview-preview.js: a busy chat with every kind of item (including hostile
// Markdown that must render inert), the memory tab, onboarding without an API key, and a streamed reply.
'use strict';

const HOSTILE = [
  'Here is what I found:\n\n```ts\nconst x: number = 1;\n```\n\n',
  '1. a **list** item with `code`\n2. a [safe link](https://example.com) and https://docs.anthropic.com\n\n',
  'Inert: <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> ',
  '[bad link](javascript:alert(1)) [data link](data:text/html,<script>alert(1)</script>) ![img](https://example.com/x.png)',
].join('');

const notes = [
  { id: 'tsc-needs-node-20-ab12', kind: 'build-error', title: 'tsc fails with "Cannot find module node:fs" on Node 18', status: 'active', provenance: 'dream', evidence: { sessions: 3, lastSeen: '2025-06-01', examples: ['error TS2307: Cannot find module \'node:fs\''] }, recalled: 4, inDigest: true },
  { id: 'run-tests-with-npx-1f2e', kind: 'command', title: 'Run the unit tests with npm run test:unit', status: 'active', provenance: 'agent', evidence: { sessions: 5, lastSeen: '2025-06-02', examples: [] }, recalled: 2, inDigest: true },
  { id: 'no-barrels-9a8b', kind: 'convention', title: 'No index.ts barrels inside src', status: 'active', provenance: 'human', evidence: { sessions: 1, examples: [] }, recalled: 0, inDigest: true },
  { id: 'old-webpack-note-77aa', kind: 'workaround', title: 'Clear the webpack cache after switching branches', status: 'stale', provenance: 'dream', evidence: { sessions: 1, lastSeen: '2025-01-10', examples: [] }, recalled: 0, inDigest: false, reason: 'the project moved to esbuild' },
];

const memory = {
  notes,
  digestTokens: 612,
  budget: 2000,
  lastReport: '# Dream of 2025-06-02 10:14 UTC\n\nRead 4 session(s) (212 events): 3 failed command(s), 2 with a fix found.\n\n## Added (1)\n\n- **tsc fails on Node 18** ([tsc-needs-node-20-ab12](../../notes/tsc-needs-node-20-ab12.md)): seen in 3 sessions\n\n<img src=x onerror="window.__pwned=1">',
  proposals: [
    { file: '/w/.agent-memory/.cache/proposals/2025-06-02T10-14-00-000Z.json', createdAt: '2025-06-02T10:14:00.000Z', changes: [{ id: 'no-barrels-9a8b', title: 'No index.ts barrels inside src (also in test/)', op: 'propose', reason: 'a correction in session 2025-06-01' }] },
  ],
  problems: [],
};

const transcript = [
  { id: 'i1', kind: 'user', text: 'The build fails, can you fix it?' },
  { id: 'i2', kind: 'recall', reason: 'session-start', notes: [{ id: 'tsc-needs-node-20-ab12', title: 'tsc fails with "Cannot find module node:fs" on Node 18' }] },
  { id: 'i3', kind: 'tool', name: 'bash', action: 'command', subject: 'npm run build', status: 'error', exitCode: 2, output: "src/a.ts(1,20): error TS2307: Cannot find module 'node:fs'\nnpm ERR! code 2", durationMs: 2300 },
  { id: 'i4', kind: 'recall', reason: 'tool-failure', notes: [{ id: 'tsc-needs-node-20-ab12', title: 'tsc fails with "Cannot find module node:fs" on Node 18' }] },
  { id: 'i5', kind: 'tool', name: 'str_replace_based_edit_tool', action: 'view', subject: 'package.json', status: 'ok', output: '{\n  "engines": { "node": ">=18" }\n}', durationMs: 3 },
  { id: 'i6', kind: 'assistant', markdown: HOSTILE },
  { id: 'i7', kind: 'tool', name: 'str_replace_based_edit_tool', action: 'edit', subject: 'package.json', status: 'running' },
  { id: 'i8', kind: 'approval', requestId: 'a1', request: { kind: 'edit', file: 'package.json', diff: '--- a/package.json\n+++ b/package.json\n@@ -1,3 +1,3 @@\n {\n-  "engines": { "node": ">=18" }\n+  "engines": { "node": ">=20" }\n }' }, canAlways: false, status: 'allowed' },
  { id: 'i9', kind: 'tool', name: 'bash', action: 'command', subject: 'rm -rf node_modules && npm ci', status: 'running' },
  { id: 'i10', kind: 'approval', requestId: 'a2', request: { kind: 'command', command: 'rm -rf node_modules && npm ci' }, canAlways: true, status: 'pending' },
];

const base = { hasApiKey: true, trusted: true, workspace: 'demo', busy: true, tab: 'chat', transcript, sessions: [{ id: 's1', startedAt: '2025-06-01T09:00:00Z', model: 'claude-sonnet-5-5' }], memory };

function scenarios() {
  return {
    chat: { messages: [{ type: 'state', state: base }] },
    memory: { messages: [{ type: 'state', state: { ...base, busy: false, tab: 'memory' } }] },
    onboarding: {
      messages: [{ type: 'state', state: { ...base, hasApiKey: false, trusted: false, busy: false, transcript: [], memory: { ...memory, proposals: [] } } }],
      check: async (page) => ((await page.getByTestId('set-api-key').count()) === 1 ? [] : ['no set-api-key button']),
    },
    streaming: {
      messages: [
        { type: 'state', state: { ...base, transcript: [{ id: 'i1', kind: 'user', text: 'hi' }] } },
        { type: 'item', item: { id: 'i2', kind: 'assistant', markdown: '', streaming: true } },
        { type: 'appendText', itemId: 'i2', text: 'Streaming **bold** and a list:\n\n- one\n' },
        { type: 'appendText', itemId: 'i2', text: '- two <img src=x onerror="window.__pwned=1">\n' },
        { type: 'item', item: { id: 'i3', kind: 'tool', name: 'bash', action: 'command', subject: 'ls', status: 'ok', exitCode: 0, output: 'a\nb', durationMs: 12 } },
      ],
      check: async (page) => {
        const text = await page.locator('[data-kind="assistant"]').innerText();
        return /two/.test(text) ? [] : [`streamed text missing: ${text}`];
      },
    },
  };
}

module.exports = { scenarios };
