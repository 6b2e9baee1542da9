// The one shape every client tool has, and the small helpers they share.
import type { ToolUnion } from '@anthropic-ai/sdk/resources/messages/messages';
import type { z } from 'zod';
import type { ApprovalDecision, ApprovalRequest, ApprovalGate } from './approvalPolicy';

export interface ToolContext {
  /** Absolute path of the workspace folder the tool works in. */
  workspaceRoot: string;
  /** Aborts the call: running processes are killed, pending approvals abandoned. */
  signal: AbortSignal;
  approve: ApprovalGate;
  /** False in an untrusted workspace: nothing is executed or written. */
  trusted: boolean;
  /** Output while the call runs (a command's stdout and stderr as they come), for a live view. */
  onOutput?: (chunk: string) => void;
  /** A file the call wrote (absolute path), with its content before (undefined: it did not exist) and after. */
  onEdit?: (file: string, before: string | undefined, after: string) => void;
}

export interface ToolOutcome {
  /** What the model sees as the tool_result content. */
  content: string;
  /** Sent as `is_error` on the tool_result. */
  isError: boolean;
  exitCode?: number;
  durationMs: number;
  /** For the UI and the transcript; never sent to the model. */
  meta?: { kind: 'command' | 'edit' | 'view' | 'search'; command?: string; file?: string; diff?: string };
}

export interface AgentTool {
  name: string;
  /** What goes in the request's `tools` array. */
  definition: ToolUnion;
  /** Never rejects for expected failures: they come back as `isError: true` outcomes. */
  run(input: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}

/** A failure the model should see (as `is_error: true`), with a message written for it. */
export class ToolError extends Error {
  override name = 'ToolError';
}

/** Parses a tool input, turning schema errors into a ToolError the model can act on. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, toolName: string): T {
  const res = schema.safeParse(input);
  if (res.success) return res.data;
  const issues = res.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
  throw new ToolError(`Invalid input for ${toolName}: ${issues.join('; ')}`);
}

/** The outcome for an error thrown while running a tool: ToolErrors verbatim, anything else prefixed. */
export function errorOutcome(err: unknown, startedAt: number, meta?: ToolOutcome['meta']): ToolOutcome {
  const message = err instanceof ToolError ? err.message : `Error: ${err instanceof Error ? err.message : String(err)}`;
  return { content: message, isError: true, durationMs: Date.now() - startedAt, ...(meta ? { meta } : {}) };
}

/** Asks for approval, giving up (as a denial) when the call is aborted first. */
export function requestApproval(ctx: ToolContext, req: ApprovalRequest): Promise<ApprovalDecision> {
  const aborted: ApprovalDecision = { allowed: false, reason: 'the request was cancelled' };
  if (ctx.signal.aborted) return Promise.resolve(aborted);
  return new Promise((resolve) => {
    const onAbort = () => resolve(aborted);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    ctx.approve(req).then(
      (d) => resolve(d),
      (err) => resolve({ allowed: false, reason: `approval failed: ${err instanceof Error ? err.message : String(err)}` }),
    ).finally(() => ctx.signal.removeEventListener('abort', onAbort));
  });
}
