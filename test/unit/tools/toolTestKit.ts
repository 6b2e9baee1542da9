// Shared by the tool tests: temp workspaces and tool contexts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ApprovalDecision, ApprovalRequest } from '../../../src/core/tools/approvalPolicy';
import type { ToolContext } from '../../../src/core/tools/toolTypes';

/** A fresh folder under the OS temp dir; remove it with `cleanup`. */
export function makeTempDir(prefix = 'lucid-tools-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface TestContext extends ToolContext {
  requests: ApprovalRequest[];
  controller: AbortController;
}

/** A context that records approval requests and answers them with `decision` (default: allowed). */
export function makeContext(root: string, decision: ApprovalDecision = { allowed: true, how: 'user' }, trusted = true): TestContext {
  const requests: ApprovalRequest[] = [];
  const controller = new AbortController();
  return {
    workspaceRoot: root,
    signal: controller.signal,
    trusted,
    controller,
    requests,
    approve: async (req) => {
      requests.push(req);
      return decision;
    },
  };
}
