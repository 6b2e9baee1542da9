// The `lucid.*` settings the agent and the panel read. Every read has a default, so a missing or mistyped
// setting never breaks the panel.
import * as vscode from 'vscode';
import { DEFAULT_MODEL } from '../core/model/modelClient';
import type { ApprovalMode } from '../core/tools/approvalPolicy';
import { MAX_PARALLEL_LIMIT, type SpecialistSettings } from './specialists';

export interface AgentSettings {
  model: string;
  baseUrl: string | undefined;
  tokenBudget: number;
  edits: ApprovalMode;
  commands: ApprovalMode;
  recordSessions: boolean;
  /** `lucid.agents.*`: whether the lead may delegate to specialists, and how many run at once. */
  agents: SpecialistSettings;
  /** `lucid.thinkingBudget`: tokens of extended thinking per turn (at least 1024); absent or 0: off. */
  thinkingBudget?: number;
}

/** The budget the panel's thinking switch sets when it turns thinking on. */
export const DEFAULT_THINKING_BUDGET = 4096;

const MODES: readonly ApprovalMode[] = ['ask', 'allow', 'deny'];

export function readAgentSettings(): AgentSettings {
  const c = vscode.workspace.getConfiguration('lucid');
  const mode = (key: string): ApprovalMode => {
    const v = c.get<string>(key);
    return MODES.includes(v as ApprovalMode) ? (v as ApprovalMode) : 'ask';
  };
  const model = c.get<string>('model');
  const baseUrl = c.get<string>('baseUrl');
  const budget = c.get<number>('memory.tokenBudget');
  const parallel = c.get<number>('agents.maxParallel');
  const thinking = c.get<number>('thinkingBudget');
  return {
    model: typeof model === 'string' && model.trim() ? model.trim() : DEFAULT_MODEL,
    baseUrl: typeof baseUrl === 'string' && baseUrl.trim() ? baseUrl.trim() : undefined,
    tokenBudget: typeof budget === 'number' && budget >= 200 ? Math.floor(budget) : 2000,
    edits: mode('approval.edits'),
    commands: mode('approval.commands'),
    recordSessions: c.get<boolean>('recordSessions') !== false,
    agents: {
      enabled: c.get<boolean>('agents.enabled') !== false,
      maxParallel: typeof parallel === 'number' && Number.isFinite(parallel) ? Math.min(MAX_PARALLEL_LIMIT, Math.max(1, Math.floor(parallel))) : 3,
    },
    thinkingBudget: typeof thinking === 'number' && Number.isFinite(thinking) && thinking > 0 ? Math.max(1024, Math.floor(thinking)) : 0,
  };
}

/** The panel's thinking switch: sets `lucid.thinkingBudget` where it is set now (workspace or user settings). */
export async function setThinking(on: boolean): Promise<void> {
  const c = vscode.workspace.getConfiguration('lucid');
  const inWorkspace = c.inspect<number>('thinkingBudget')?.workspaceValue !== undefined;
  await c.update('thinkingBudget', on ? DEFAULT_THINKING_BUDGET : 0, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}
