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
}

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
  };
}
