// The panel's approval modes (src/vscode/approvalModes.ts): Ask every time, Accept edits (edits allowed for the
// session), Plan (the session's plan mode, then "Approve plan").
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AgentSession } from '../../../src/core/agent/agentSession';
import type { ApprovalGate, ApprovalRequest } from '../../../src/core/tools/approvalPolicy';
import type { PlanItem } from '../../../src/shared/panelState';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { ApprovalModes, GO_AHEAD, withAcceptEdits } from '../../../src/vscode/approvalModes';
import { ChatLog } from '../../../src/vscode/chatLog';
import { startLiveSession } from '../../../src/vscode/liveSession';

const edit: ApprovalRequest = { kind: 'edit', file: 'a.ts', diff: '', after: 'x' };
const command: ApprovalRequest = { kind: 'command', command: 'rm -rf build' };
const denyAll: ApprovalGate = async () => ({ allowed: false, reason: 'denied by the policy' });

/** The part of a session the modes touch. */
const fakeAgent = () => {
  const a = { planMode: false, setPlanMode: (on: boolean) => void (a.planMode = on) };
  return a as typeof a & AgentSession;
};

describe('approval modes in the panel', () => {
  it('Accept edits: edits are allowed without asking, commands still follow the policy; never when untrusted', async () => {
    let on = true;
    const gate = withAcceptEdits(denyAll, true, () => on);
    assert.deepEqual(await gate(edit), { allowed: true, how: 'auto' });
    assert.equal((await gate(command)).allowed, false);
    on = false;
    assert.equal((await gate(edit)).allowed, false, 'back to the policy when the mode changes');
    assert.equal((await withAcceptEdits(denyAll, false, () => true)(edit)).allowed, false);
  });

  it('the live session\'s gate follows the panel\'s mode on every edit', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-modes-'));
    try {
      const modes = new ApprovalModes();
      const live = await startLiveSession({
        root, apiKey: 'sk-ant-api03-MODESmodesMODESmodes-QQQQ', trusted: true, ask: undefined, log: { info: () => undefined, warn: () => undefined }, acceptEdits: modes.acceptEdits,
        settings: { model: 'claude-sonnet-4-6', baseUrl: 'http://127.0.0.1:9', tokenBudget: 2000, edits: 'deny', commands: 'deny', recordSessions: false, agents: { enabled: false, maxParallel: 1 } },
      });
      assert.equal((await live.approve(edit)).allowed, false, 'ask: the settings deny edits');
      modes.set('acceptEdits', live.agent);
      assert.equal((await live.approve(edit)).allowed, true);
      assert.equal((await live.approve(command)).allowed, false);
      modes.set('plan', live.agent);
      assert.equal(live.agent.planMode, true);
      assert.equal((await live.approve(edit)).allowed, false);
      await live.agent.end('completed');
      await live.transcript.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('Plan: the session plans; after a completed plan-mode request "Approve plan" turns plan mode off once', () => {
    const chat = new ChatLog();
    const modes = new ApprovalModes();
    const agent = fakeAgent();
    modes.set('plan', agent);
    assert.equal(agent.planMode, true);
    modes.beforeRequest(chat);
    modes.afterRequest(chat, true, true);
    const line = chat.transcript.at(-1) as PlanItem;
    assert.deepEqual([line.kind, line.state], ['plan', 'pending']);
    assert.equal(modes.approve(chat, line.id, agent), true);
    assert.equal((chat.get(line.id) as PlanItem).state, 'approved');
    assert.equal(agent.planMode, false);
    assert.equal(modes.mode, 'ask');
    assert.equal(modes.approve(chat, line.id, agent), false, 'a plan is approved once');
    assert.equal(GO_AHEAD, 'Go ahead with the plan.');
  });

  it('no "Approve plan" after a stopped or failed request, or outside plan mode; a new request supersedes one', () => {
    const chat = new ChatLog();
    const modes = new ApprovalModes();
    const agent = fakeAgent();
    modes.afterRequest(chat, false, true);
    modes.set('plan', agent);
    modes.afterRequest(chat, true, false);
    assert.equal(chat.transcript.length, 0);
    modes.afterRequest(chat, true, true);
    const first = chat.transcript[0] as PlanItem;
    modes.beforeRequest(chat);
    assert.equal((chat.get(first.id) as PlanItem).state, 'superseded');
    assert.equal(modes.approve(chat, first.id, agent), false);
    assert.equal(agent.planMode, true, 'still planning');
    modes.afterRequest(chat, true, true);
    modes.reset();
    assert.equal(modes.approve(chat, chat.transcript.at(-1)!.id, agent), false, 'a new session forgets the plan');
  });

  it('a new session starts in the panel\'s mode', () => {
    const modes = new ApprovalModes();
    modes.set('plan', undefined);
    const agent = fakeAgent();
    modes.applyTo(agent);
    assert.equal(agent.planMode, true);
    assert.equal(modes.acceptEdits(), false);
    modes.set('acceptEdits', agent);
    assert.equal(agent.planMode, false);
    assert.equal(modes.acceptEdits(), true);
  });

  it('validates the mode switch and "Approve plan" messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'setApprovalMode', mode: 'plan' }), { type: 'setApprovalMode', mode: 'plan' });
    assert.equal(parseWebviewMessage({ type: 'setApprovalMode', mode: 'yolo' }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'approvePlan', itemId: 'i9' }), { type: 'approvePlan', itemId: 'i9' });
    assert.equal(parseWebviewMessage({ type: 'approvePlan' }), undefined);
  });
});
