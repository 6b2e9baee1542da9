// Typed messages between the extension host and the webview. The host owns the state; the webview renders a
// snapshot (`state`) plus deltas. Every message from the webview is validated on arrival: the webview is
// untrusted (it renders Markdown from the model and from notes).
import { z } from 'zod';
import { MAX_IMAGE_BASE64, MAX_IMAGES, OUTCOME_DESCRIPTION_MAX, OUTCOME_RUBRIC_MAX } from './panelState';
import type { ChatItem, MemoryViewData, MentionOption, PanelState, WaitStatus } from './panelState';

const id = z.string().min(1).max(500);

/**
 * An outcome attached to a request: what to produce, the rubric (Markdown criteria), the iteration limit. Loose on
 * purpose about meaning (an empty description, 0 iterations): the host answers those with a clear message.
 */
const outcomeInput = z.object({
  description: z.string().max(OUTCOME_DESCRIPTION_MAX),
  rubric: z.string().max(OUTCOME_RUBRIC_MAX),
  maxIterations: z.number().finite().optional(),
  rubricName: z.string().min(1).max(255).optional(),
});

const image = z.object({ mediaType: z.string().min(1).max(100), data: z.string().min(1).max(MAX_IMAGE_BASE64) });
export type ImageInput = z.infer<typeof image>;

const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('send'),
    text: z.string().max(100_000).refine((t) => t.trim().length > 0, 'empty'),
    outcome: outcomeInput.optional(),
    /** Pasted or dropped images (base64); the core checks the type and the data and explains a refusal. */
    images: z.array(image).max(MAX_IMAGES).optional(),
  }),
  /** Removes an attached selection's chip. */
  z.object({ type: z.literal('removeAttachment'), id }),
  /** `@` typed in the input: the workspace files and folders matching `query` (answered with `mentionOptions`). */
  z.object({ type: z.literal('mentionQuery'), query: z.string().max(500), seq: z.number().int().nonnegative() }),
  /** A file or folder picked from the `@` list: it goes with the next request (the host checks it is one it offered). */
  z.object({ type: z.literal('attachMention'), path: z.string().min(1).max(4096), folder: z.boolean() }),
  /** The thinking switch above the input: extended thinking on or off for the next requests. */
  z.object({ type: z.literal('setThinking'), on: z.boolean() }),
  /** Attach an outcome to the next request (from the outcome form), or remove it (`null`). */
  z.object({ type: z.literal('setOutcome'), outcome: outcomeInput.nullable() }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('newSession') }),
  z.object({ type: z.literal('openSession'), id }),
  /** Go on with the recorded session shown read-only: a new live session with its conversation. */
  z.object({ type: z.literal('continueSession'), id }),
  z.object({
    type: z.literal('approve'),
    requestId: id,
    decision: z.enum(['allow', 'deny', 'always']),
    reason: z.string().max(2000).optional(),
  }),
  /** "Undo these edits" on the edits line `itemId`. */
  z.object({ type: z.literal('undoEdits'), itemId: id }),
  /** "Restore to here" on the edits line `itemId`: that request's files and every later one's as they were before it. */
  z.object({ type: z.literal('restoreEdits'), itemId: id }),
  /** "Open diff" on an edit's card: the file before and after the edit made by tool call `callId`. */
  z.object({ type: z.literal('openEditDiff'), callId: id }),
  /** The mode switch: Ask every time, Accept edits, Plan. */
  z.object({ type: z.literal('setApprovalMode'), mode: z.enum(['ask', 'acceptEdits', 'plan']) }),
  /** "Approve plan" on the plan line `itemId`. */
  z.object({ type: z.literal('approvePlan'), itemId: id }),
  z.object({ type: z.literal('setApiKey') }),
  z.object({ type: z.literal('openNote'), id }),
  z.object({ type: z.literal('acceptNote'), id }),
  z.object({ type: z.literal('showTab'), tab: z.enum(['chat', 'memory']) }),
  z.object({ type: z.literal('decideProposal'), file: z.string().min(1).max(4096), accept: z.array(id).max(1000) }),
  z.object({ type: z.literal('dreamNow') }),
  z.object({ type: z.literal('openReport') }),
  /** A link clicked in rendered Markdown: the host opens http(s) links outside; the webview never navigates. */
  z.object({ type: z.literal('openLink'), href: z.string().min(1).max(4096) }),
]);

/** Messages the webview sends to the host. */
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;
export type OutcomeInput = z.infer<typeof outcomeInput>;

/** Messages the host sends to the webview. */
export type HostToWebview =
  /** The whole state: on `ready`, and after anything but streaming changes. */
  | { type: 'state'; state: PanelState }
  /** More streamed text for the assistant item `itemId`. */
  | { type: 'appendText'; itemId: string; text: string }
  /** A new transcript item, or a new version of an existing one (same id). */
  | { type: 'item'; item: ChatItem }
  /** The memory view changed (after a dream, a decision, an edit). */
  | { type: 'memory'; memory: MemoryViewData }
  /** The outcome form's input was refused (the form stays open with what was typed). */
  | { type: 'outcomeProblem'; message: string }
  /** A request was refused before it ran: its text goes back into the input. */
  | { type: 'restoreDraft'; text: string }
  /** The answer to `mentionQuery` number `seq`, best match first. */
  | { type: 'mentionOptions'; seq: number; options: MentionOption[] }
  /** The request waits for the model (or for a retry), or no longer does (`null`). */
  | { type: 'waitStatus'; status: WaitStatus | null };

/** The message, or undefined when it is not one the webview may send (unknown type, missing or bad fields). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  const r = webviewToHostSchema.safeParse(value);
  return r.success ? r.data : undefined;
}
