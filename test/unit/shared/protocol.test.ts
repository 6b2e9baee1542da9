import { strict as assert } from 'assert';
import { parseWebviewMessage } from '../../../src/shared/protocol';

describe('parseWebviewMessage', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'send', text: 'fix the build' },
    { type: 'stop' },
    { type: 'newSession' },
    { type: 'openSession', id: 'a1b2' },
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
  ];
  for (const msg of invalid) {
    it(`rejects ${JSON.stringify(msg)?.slice(0, 60) ?? String(msg)}`, () => assert.equal(parseWebviewMessage(msg), undefined));
  }

  it('drops unknown extra fields instead of passing them on', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'stop', evil: true }), { type: 'stop' });
  });

  it('returns the trimmed-checked text unchanged', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: ' hi ' }), { type: 'send', text: ' hi ' });
  });
});
