// What the agent loop needs to hand work to specialists (see core/specialists): the `delegate` tool's definition,
// and a way to run one call. Several `delegate` calls of one assistant turn run at once; the delegator keeps to
// its own limit of parallel specialists. Specialists get no delegator: they never delegate.
import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import type { AgentEvent } from './agentEvents';

export const DELEGATE_TOOL = 'delegate';

export interface DelegateContext {
  signal: AbortSignal;
  /** Passes the specialist's events (start, its own loop's events, end) to the lead's listeners as they happen. */
  emit: (event: AgentEvent) => void;
  /** The lead's session, for the specialist transcript's link. */
  parentSessionId: string;
}

export interface Delegator {
  readonly definition: Tool;
  /** Runs one `delegate` call to its end. Never rejects: a failing specialist is an error result. */
  run(call: { id: string; input: unknown }, ctx: DelegateContext): Promise<{ content: string; isError: boolean }>;
}
