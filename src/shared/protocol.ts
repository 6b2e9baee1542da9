// Typed messages between the extension host and the webview. The host owns the state; the webview renders a
// snapshot (`state`) plus deltas. Every message from the webview is validated on arrival: the webview is
// untrusted (it renders Markdown from the model and from notes).
import { z } from 'zod';
import type { ChatItem, MemoryViewData, PanelState } from './panelState';

const id = z.string().min(1).max(500);

const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('send'), text: z.string().max(100_000).refine((t) => t.trim().length > 0, 'empty') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('newSession') }),
  z.object({ type: z.literal('openSession'), id }),
  z.object({
    type: z.literal('approve'),
    requestId: id,
    decision: z.enum(['allow', 'deny', 'always']),
    reason: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('setApiKey') }),
  z.object({ type: z.literal('openNote'), id }),
  z.object({ type: z.literal('showTab'), tab: z.enum(['chat', 'memory']) }),
  z.object({ type: z.literal('decideProposal'), file: z.string().min(1).max(4096), accept: z.array(id).max(1000) }),
  z.object({ type: z.literal('dreamNow') }),
  z.object({ type: z.literal('openReport') }),
  /** A link clicked in rendered Markdown: the host opens http(s) links outside; the webview never navigates. */
  z.object({ type: z.literal('openLink'), href: z.string().min(1).max(4096) }),
]);

/** Messages the webview sends to the host. */
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** Messages the host sends to the webview. */
export type HostToWebview =
  /** The whole state: on `ready`, and after anything but streaming changes. */
  | { type: 'state'; state: PanelState }
  /** More streamed text for the assistant item `itemId`. */
  | { type: 'appendText'; itemId: string; text: string }
  /** A new transcript item, or a new version of an existing one (same id). */
  | { type: 'item'; item: ChatItem }
  /** The memory view changed (after a dream, a decision, an edit). */
  | { type: 'memory'; memory: MemoryViewData };

/** The message, or undefined when it is not one the webview may send (unknown type, missing or bad fields). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  const r = webviewToHostSchema.safeParse(value);
  return r.success ? r.data : undefined;
}
