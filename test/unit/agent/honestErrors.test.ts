// A reply that goes wrong after a good tool turn ends the request with its own message, and the transcript stays
// complete: every tool call has its result, and the error is the recorded last word before session_end.
import { strict as assert } from 'assert';
import * as path from 'path';
import { openTranscript, type Transcript } from '../../../src/core/agent/transcriptSink';
import { STREAM_CUT_MESSAGE } from '../../../src/core/model/modelErrors';
import { readSession } from '../../../src/core/sessions/sessionReader';
import { SessionRecorder } from '../../../src/core/sessions/sessionRecorder';
import type { FakeTurn } from '../../support/fakeAnthropic';
import { makeRig, type Rig } from './agentKit';

const goodTool: FakeTurn = { text: 'Looking first.', toolUses: [{ name: 'bash', input: { command: 'echo hi' }, id: 'toolu_good' }] };
const CASES: { name: string; bad: FakeTurn; kind: string; message: RegExp }[] = [
  { name: 'a stream cut mid-reply', bad: { cutAfterEvents: 4, response: { text: ['half ', 'a ', 'reply'] } }, kind: 'stream_cut', message: new RegExp(`^${STREAM_CUT_MESSAGE.replace(/[.;]/g, '\\$&')}$`) },
  { name: 'invalid tool-input JSON', bad: { toolUses: [{ name: 'bash', input: {}, inputJson: '{"command": ls}' }] }, kind: 'invalid_tool_input', message: /^The model's reply was malformed: the input of its 'bash' tool call is not valid JSON/ },
  { name: 'an empty tool name', bad: { toolUses: [{ name: '', input: { command: 'ls' } }] }, kind: 'empty_tool_name', message: /^The model's reply was malformed: it called a tool without a name/ },
];

describe('agent: honest errors and a complete transcript', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.cleanup();
    rig = undefined;
  });

  for (const c of CASES) {
    it(`${c.name}: its own message, no retry storm, every tool_call has its tool_result`, async () => {
      rig = await makeRig([goodTool, ...Array.from({ length: 8 }, () => c.bad)]);
      const transcriptErrors: unknown[] = [];
      const transcript: Transcript = await openTranscript(rig.store.paths.sessions, { workspace: rig.root, model: 'claude-sonnet-4-6', onError: (e) => transcriptErrors.push(e) });
      rig.session.listen(transcript.listener);
      const { events, reason } = await rig.send('check the repo');
      await rig.session.end(reason as 'error');
      await transcript.close();

      assert.equal(reason, 'error');
      const errors = events.filter((e) => e.type === 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].type === 'error' && errors[0].kind, c.kind);
      assert.match(errors[0].type === 'error' ? errors[0].message : '', c.message);
      assert.doesNotMatch(errors[0].type === 'error' ? errors[0].message : '', /\n\s+at /, 'no stack trace');
      // The good turn, then the bad one: at most 5 attempts for a cut (the retry policy), 2 for a malformed reply.
      const requests = rig.server.requests.length - 1;
      assert.ok(requests === (c.kind === 'stream_cut' ? 5 : 2), `${requests} requests for the failing turn`);

      const read = await readSession(transcript.file!);
      assert.deepEqual(read.problems, []);
      assert.deepEqual(transcriptErrors, []);
      const calls = read.events.filter((e) => e.type === 'tool_call').map((e) => (e as { id: string }).id);
      const results = read.events.filter((e) => e.type === 'tool_result').map((e) => (e as { id: string }).id);
      assert.deepEqual(calls, ['toolu_good']);
      assert.deepEqual(results, calls);
      const tail = read.events.slice(-2).map((e) => e.type);
      assert.deepEqual(tail, ['error', 'session_end']);
      const end = read.events.at(-1) as { reason?: string };
      assert.equal(end.reason, 'error');
      assert.equal(path.dirname(transcript.file!), rig.store.paths.sessions);
    });
  }

  it('an event that does not fit the schema leaves an error line in its place, not a gap', async () => {
    rig = await makeRig([]);
    const problems: unknown[] = [];
    const rec = await SessionRecorder.create({ sessionsDir: rig.store.paths.sessions, redactor: { redact: async (s) => s }, start: { workspace: rig.root, model: 'm', lucidVersion: '0' }, onError: (e) => problems.push(e) });
    await rec.record({ type: 'tool_call', id: 'toolu_x', name: '', input: {} });
    await rec.close('completed');
    const read = await readSession(rec.path!);
    assert.deepEqual(read.problems, []);
    assert.equal(problems.length, 1, 'onError is told too');
    assert.doesNotMatch(String(problems[0]), /\n\s+at /);
    const [line] = read.events;
    assert.equal(line.type, 'error');
    assert.match((line as { message: string }).message, /^A tool_call event did not fit the transcript schema \(name: .+\) and was not recorded\.$/);
    assert.deepEqual(read.events.map((e) => e.seq), [1, 2]);
  });
});
