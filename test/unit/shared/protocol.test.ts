import { strict as assert } from 'assert';
import { parseWebviewMessage } from '../../../src/shared/protocol';

describe('parseWebviewMessage', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'send', text: 'fix the build' },
    { type: 'stop' },
    { type: 'newSession' },
    { type: 'openSession', id: 'a1b2' },
    { type: 'continueSession', id: 'a1b2' },
    { type: 'approve', requestId: 'r1', decision: 'allow' },
    { type: 'approve', requestId: 'r1', decision: 'deny', reason: 'not now' },
    { type: 'approve', requestId: 'r1', decision: 'always' },
    { type: 'setApiKey' },
    { type: 'openNote', id: 'npm-ci-needs-node-20-ab12' },
    { type: 'showTab', tab: 'chat' },
    { type: 'showTab', tab: 'memory' },
    { type: 'decideProposal', file: '/w/.agent-memory/.cache/proposals/x.json', accept: ['a', 'b'] },
    { type: 'decideProposal', file: 'x.json', accept: [] },
    { type: 'dreamNow' },
    { type: 'openReport' },
    { type: 'openLink', href: 'https://example.com' },
    { type: 'send', text: 'write the docs', outcome: { description: 'A CONTRIBUTING.md', rubric: '- explains the build\n- run: npm test', maxIterations: 3, rubricName: 'default.md' } },
    { type: 'send', text: 'write the docs', outcome: { description: 'A CONTRIBUTING.md', rubric: '- explains the build' } },
    // The meaning (an empty description, 0 iterations) is the host's to refuse with a clear message, not a silent drop.
    { type: 'send', text: 'x', outcome: { description: '', rubric: '', maxIterations: 0 } },
    { type: 'setOutcome', outcome: { description: 'A CONTRIBUTING.md', rubric: '- explains the build', maxIterations: 20 } },
    { type: 'setOutcome', outcome: null },
  ];
  for (const msg of valid) {
    it(`accepts ${JSON.stringify(msg)}`, () => assert.deepEqual(parseWebviewMessage(msg), msg));
  }

  const invalid: unknown[] = [
    undefined,
    null,
    'ready',
    42,
    [],
    {},
    { type: 'nope' },
    { type: 'send' },
    { type: 'send', text: '' },
    { type: 'send', text: '   ' },
    { type: 'send', text: 7 },
    { type: 'openSession' },
    { type: 'openSession', id: '' },
    { type: 'continueSession' },
    { type: 'continueSession', id: 'x'.repeat(501) },
    { type: 'approve', requestId: 'r1' },
    { type: 'approve', requestId: 'r1', decision: 'maybe' },
    { type: 'approve', decision: 'allow' },
    { type: 'approve', requestId: 'r1', decision: 'allow', reason: 5 },
    { type: 'openNote', id: 3 },
    { type: 'showTab', tab: 'settings' },
    { type: 'decideProposal', file: 'x.json' },
    { type: 'decideProposal', file: 'x.json', accept: [1] },
    { type: 'decideProposal', file: '', accept: [] },
    { type: 'openLink' },
    { type: 'send', text: 'x'.repeat(100_001) },
    { type: 'send', text: 'x', outcome: { description: 'd' } },
    { type: 'send', text: 'x', outcome: { rubric: '- a' } },
    { type: 'send', text: 'x', outcome: { description: 'd', rubric: '- a', maxIterations: '3' } },
    { type: 'send', text: 'x', outcome: { description: 'd', rubric: '- a', maxIterations: Infinity } },
    { type: 'send', text: 'x', outcome: { description: 'd', rubric: '- a', rubricName: '' } },
    { type: 'send', text: 'x', outcome: { description: 'd'.repeat(4001), rubric: '- a' } },
    { type: 'send', text: 'x', outcome: { description: 'd', rubric: '- a'.repeat(13_334) } },
    { type: 'send', text: 'x', outcome: 'write docs' },
    { type: 'setOutcome' },
    { type: 'setOutcome', outcome: { description: 'd', rubric: 7 } },
  ];
  for (const msg of invalid) {
    it(`rejects ${JSON.stringify(msg)?.slice(0, 60) ?? String(msg)}`, () => assert.equal(parseWebviewMessage(msg), undefined));
  }

  it('drops unknown extra fields instead of passing them on', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'stop', evil: true }), { type: 'stop' });
  });

  it('drops unknown fields of an outcome', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'setOutcome', outcome: { description: 'd', rubric: '- a', run: 'rm -rf /' } }), {
      type: 'setOutcome',
      outcome: { description: 'd', rubric: '- a' },
    });
  });

  it('returns the trimmed-checked text unchanged', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: ' hi ' }), { type: 'send', text: ' hi ' });
  });
});
