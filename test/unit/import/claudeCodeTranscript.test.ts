import { strict as assert } from 'assert';
import {
  isSidechainEvent,
  parseClaudeCodeTranscript,
  readClaudeCodeTranscript,
  SIDECHAIN_ID_PREFIX,
} from '../../../src/core/import/claudeCodeTranscript';
import type { SessionEventInput } from '../../../src/core/sessions/sessionSchema';
import { PROJECT_CWD, requireData, SESSIONS, sourceFile } from './claudeCodeData';

type Call = Extract<SessionEventInput, { type: 'tool_call' }>;
type Result = Extract<SessionEventInput, { type: 'tool_result' }>;

const base = { sessionId: 's-1', cwd: '/w', isSidechain: false };
let n = 0;
const rec = (o: Record<string, unknown>): Record<string, unknown> => ({ ...base, uuid: `u${++n}`, ...o });
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const user = (content: unknown, o: Record<string, unknown> = {}) => rec({ type: 'user', message: { role: 'user', content }, ...o });
const assistant = (content: unknown, o: Record<string, unknown> = {}) =>
  rec({ type: 'assistant', message: { role: 'assistant', model: 'claude-test-1', content }, ...o });

/** The tool call with this command and the result that answers it. */
function bashRun(events: SessionEventInput[], command: string, from = 0): { call: Call; result: Result; at: number } | undefined {
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'tool_call' && e.name === 'Bash' && (e.input as { command?: string }).command === command) {
      const result = events.find((r): r is Result => r.type === 'tool_result' && r.id === e.id);
      if (result) return { call: e, result, at: i };
    }
  }
  return undefined;
}

describe('Claude Code transcript parsing', () => {
  before(requireData);

  it('reads the real sessions: ids, cwd, start, model, no problems', async () => {
    const t = await readClaudeCodeTranscript(sourceFile(SESSIONS.fixes));
    assert.equal(t.sessionId, SESSIONS.fixes);
    assert.equal(t.cwd, PROJECT_CWD);
    assert.equal(t.startedAt, '2025-08-07T01:21:55.124Z');
    assert.equal(t.model, 'claude-opus-4-1-20250805');
    assert.deepEqual(t.problems, []);
    const types = new Set(t.events.map((e) => e.event.type));
    for (const type of ['user_message', 'assistant_text', 'tool_call', 'tool_result']) assert.ok(types.has(type as never), type);
    const times = t.events.map((e) => e.t);
    assert.deepEqual(times, [...times].sort(), 'event times never go backwards');
  });

  it('finds the vitest failure (in a sub-agent) and the npx vitest call that worked after it', async () => {
    const { events: timed } = await readClaudeCodeTranscript(sourceFile(SESSIONS.fixes));
    const events = timed.map((e) => e.event);
    const failing = bashRun(events, 'npm test test/config/deal-defaults.test.ts 2>&1');
    assert.ok(failing, 'the failing npm test call');
    assert.equal(failing.result.ok, false);
    assert.equal(failing.result.exitCode, null);
    assert.match(failing.result.output, /sh: vitest: command not found/);
    assert.ok(isSidechainEvent(failing.call) && failing.call.id.startsWith(SIDECHAIN_ID_PREFIX));
    const fixed = events.findIndex(
      (e, i) => i > failing.at && e.type === 'tool_call' && /^npx vitest run test\/config\/deal-defaults\.test\.ts/.test((e.input as { command?: string }).command ?? ''),
    );
    assert.ok(fixed > failing.at, 'a later npx vitest run call');
    const call = events[fixed] as Call;
    const result = events.find((r): r is Result => r.type === 'tool_result' && r.id === call.id);
    assert.equal(result?.ok, true);
  });

  it('keeps the git checkout failure with ok=false and the output of the command', async () => {
    const { events: timed } = await readClaudeCodeTranscript(sourceFile(SESSIONS.checkout));
    const events = timed.map((e) => e.event);
    const run = bashRun(events, 'git checkout main');
    assert.ok(run);
    assert.equal(run.result.ok, false);
    assert.match(run.result.output, /Your local changes to the following files would be overwritten by checkout/);
  });

  it('leaves out meta records, command wrappers, compaction summaries and sub-agent prompts; keeps interruptions', async () => {
    const { events } = await readClaudeCodeTranscript(sourceFile(SESSIONS.checkout));
    const users = events.flatMap((e) => (e.event.type === 'user_message' ? [e.event.text] : []));
    assert.ok(users.length > 5);
    for (const text of users) {
      assert.doesNotMatch(text, /<command-name>|<local-command-std|^Caveat: The messages below|being continued from a previous conversation/);
      assert.doesNotMatch(text, /^You are coordinating the implementation/); // a Task prompt to a sub-agent
    }
    assert.ok(users.includes('[Request interrupted by user for tool use]'));
    assert.ok(users.includes('merge PR'));
  });

  it('a session of only user messages and hook noise keeps the user messages', async () => {
    const t = await readClaudeCodeTranscript(sourceFile(SESSIONS.small));
    assert.equal(t.model, undefined);
    assert.ok(t.events.length >= 5 && t.events.every((e) => e.event.type === 'user_message'));
  });

  it('orders records by time, and a child never before its parent', () => {
    const a = user('first', { timestamp: '2025-01-01T10:00:00.000Z' });
    const child = user('child', { timestamp: '2025-01-01T10:00:01.000Z' }); // stamped before its parent
    const parent = user('parent', { timestamp: '2025-01-01T10:00:02.000Z' });
    child.parentUuid = parent.uuid;
    const late = user('late', { timestamp: '2025-01-01T10:00:03.000Z' });
    const t = parseClaudeCodeTranscript(jsonl([late, child, a, parent]), 'x');
    assert.deepEqual(t.events.map((e) => (e.event as { text: string }).text), ['first', 'parent', 'child', 'late']);
    assert.deepEqual(t.events.map((e) => e.t), ['2025-01-01T10:00:00.000Z', '2025-01-01T10:00:02.000Z', '2025-01-01T10:00:02.000Z', '2025-01-01T10:00:03.000Z']);
  });

  it('Bash output comes from stdout and stderr; tool_use_error wrappers are unwrapped; durations from timestamps', () => {
    const t = parseClaudeCodeTranscript(
      jsonl([
        assistant([{ type: 'tool_use', id: 'tu1', name: 'Bash', input: { command: 'make', description: 'Build' } }], { timestamp: '2025-01-01T10:00:00.000Z' }),
        user([{ type: 'tool_result', tool_use_id: 'tu1', content: 'ignored', is_error: false }], {
          timestamp: '2025-01-01T10:00:02.500Z',
          toolUseResult: { stdout: 'built', stderr: 'warning: x', interrupted: false, isImage: false },
        }),
        assistant([{ type: 'tool_use', id: 'tu2', name: 'Read', input: { file_path: '/nope' } }], { timestamp: '2025-01-01T10:00:03.000Z' }),
        user([{ type: 'tool_result', tool_use_id: 'tu2', content: '<tool_use_error>File does not exist.</tool_use_error>', is_error: true }], {
          timestamp: '2025-01-01T10:00:03.000Z',
        }),
        { type: 'summary', summary: 'A title', leafUuid: 'u1' },
        rec({ type: 'system', content: 'PreToolUse:Bash completed', timestamp: '2025-01-01T10:00:04.000Z' }),
      ]),
      'x',
    );
    const results = t.events.map((e) => e.event).filter((e): e is Result => e.type === 'tool_result');
    assert.deepEqual(
      results.map(({ name, ok, output, durationMs }) => ({ name, ok, output, durationMs })),
      [
        { name: 'Bash', ok: true, output: 'built\nwarning: x', durationMs: 2500 },
        { name: 'Read', ok: false, output: 'File does not exist.', durationMs: 0 },
      ],
    );
    assert.equal(t.events.length, 4);
  });

  it('sidechains: kept and marked by default, or left out', () => {
    const text = jsonl([
      user('do it', { timestamp: '2025-01-01T10:00:00.000Z' }),
      user('sub-agent prompt', { isSidechain: true, timestamp: '2025-01-01T10:00:01.000Z' }),
      assistant([{ type: 'text', text: 'working' }, { type: 'tool_use', id: 'tu9', name: 'LS', input: { path: '/' } }], { isSidechain: true, timestamp: '2025-01-01T10:00:02.000Z' }),
      user([{ type: 'tool_result', tool_use_id: 'tu9', content: [{ type: 'text', text: 'a\nb' }] }], { isSidechain: true, timestamp: '2025-01-01T10:00:03.000Z' }),
    ]);
    const kept = parseClaudeCodeTranscript(text, 'x').events.map((e) => e.event);
    assert.deepEqual(kept.map((e) => e.type), ['user_message', 'assistant_text', 'tool_call', 'tool_result']);
    assert.deepEqual(kept.map(isSidechainEvent), [false, true, true, true]);
    assert.equal((kept[3] as Result).output, 'a\nb');
    const skipped = parseClaudeCodeTranscript(text, 'x', { sidechains: 'skip' }).events.map((e) => e.event);
    assert.deepEqual(skipped, [{ type: 'user_message', text: 'do it' }]);
  });

  it('tolerates garbled lines and a truncated last line', () => {
    const good = jsonl([user('hello', { timestamp: '2025-01-01T10:00:00.000Z' })]);
    const t = parseClaudeCodeTranscript(`${good}{not json\n[1,2]\n{"type":"user","mess`, 'x', { label: 'a.jsonl' });
    assert.equal(t.events.length, 1);
    assert.deepEqual(t.problems, [
      'a.jsonl line 2: not valid JSON, skipped',
      'a.jsonl line 3: not a JSON object, skipped',
      'a.jsonl line 4: truncated last line (still being written?), skipped',
    ]);
    assert.equal(t.sessionId, 's-1');
    assert.equal(parseClaudeCodeTranscript('', 'fallback').sessionId, 'fallback');
  });
});
