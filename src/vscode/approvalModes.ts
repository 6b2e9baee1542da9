// The panel's approval mode: "Ask every time" (the settings' policy), "Accept edits" (file edits allowed for
// this session, commands still as the settings say) and "Plan" (the session's plan mode: nothing is written, the
// request asks for a plan). After a plan-mode request, an "Approve plan" line turns plan mode off and sends the
// go-ahead. No `vscode` import: unit-tested.
import type { AgentSession } from '../core/agent/agentSession';
import type { ApprovalGate } from '../core/tools/approvalPolicy';
import type { ApprovalModeView, PlanItem } from '../shared/panelState';
import type { ChatLog } from './chatLog';

export const GO_AHEAD = 'Go ahead with the plan.';

/** `inner` (the settings' policy), except that file edits are allowed while `acceptEdits()` (never when untrusted). */
export function withAcceptEdits(inner: ApprovalGate, trusted: boolean, acceptEdits: () => boolean): ApprovalGate {
  return (req) => (req.kind === 'edit' && trusted && acceptEdits() ? Promise.resolve({ allowed: true, how: 'auto' }) : inner(req));
}

export class ApprovalModes {
  private current: ApprovalModeView = 'ask';
  private planItemId: string | undefined;

  get mode(): ApprovalModeView {
    return this.current;
  }

  /** Edits need no question (read by the session's approval gate on every request). */
  readonly acceptEdits = (): boolean => this.current === 'acceptEdits';

  /** Switches the mode; the live session (if any) follows at once. */
  set(mode: ApprovalModeView, agent: AgentSession | undefined): void {
    this.current = mode;
    this.applyTo(agent);
  }

  /** A new live session starts in the panel's mode. */
  applyTo(agent: AgentSession | undefined): void {
    agent?.setPlanMode(this.current === 'plan');
  }

  /** A request starts: an earlier "Approve plan" no longer applies. */
  beforeRequest(chat: ChatLog): void {
    this.settle(chat, 'superseded');
  }

  /** A request ended: in plan mode (and not stopped or failed), the plan can be approved. */
  afterRequest(chat: ChatLog, planned: boolean, completed: boolean): void {
    if (planned && completed && this.current === 'plan') this.planItemId = chat.add({ kind: 'plan', state: 'pending' }).id;
  }

  /**
   * "Approve plan" on line `itemId`: plan mode ends (the mode goes back to asking) and the caller sends `GO_AHEAD`.
   * False when that line's plan can no longer be approved.
   */
  approve(chat: ChatLog, itemId: string, agent: AgentSession | undefined): boolean {
    if (!agent || itemId !== this.planItemId) return false;
    this.settle(chat, 'approved');
    this.set('ask', agent);
    return true;
  }

  /** A new session: no plan to approve. */
  reset(): void {
    this.planItemId = undefined;
  }

  private settle(chat: ChatLog, state: PlanItem['state']): void {
    const id = this.planItemId;
    this.planItemId = undefined;
    const item = id ? chat.get(id) : undefined;
    if (item?.kind === 'plan' && item.state === 'pending') chat.update<PlanItem>(item.id, { state });
  }
}
