// Context that never runs out: before the conversation outgrows the model's context window, the older turns are
// summarised by a model call (decisions, files touched, open problems, what the user asked) and replaced by that
// summary; the recent turns stay verbatim and the system prompt (tools + memory, the cached prefix) stays first.
// The transcript keeps every original event: compaction only changes what the model is sent.
import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelClient } from '../model/modelClient';

/** Context windows by model id; anything else gets the default. One place to keep them. */
const WINDOWS: Array<[RegExp, number]> = [
  [/\[1m\]$|-1m$/, 1_000_000],
  [/^claude-/, 200_000],
];
export const DEFAULT_CONTEXT_WINDOW = 200_000;

export function contextWindowOf(model: string): number {
  return WINDOWS.find(([re]) => re.test(model))?.[1] ?? DEFAULT_CONTEXT_WINDOW;
}

/** Compact once a turn's prompt reaches this share of the window (room for the reply and the next results). */
export const COMPACT_AT = 0.8;
/** Messages kept verbatim at the end (whole exchanges: it starts at an assistant message). */
const KEEP_RECENT = 6;
const MAX_SUMMARY_INPUT_CHARS = 400_000;

export const SUMMARY_SYSTEM = `You summarise a coding session so that it can go on without its earlier turns.
Write, in Markdown: what the user asked for (their words where it matters); the decisions taken and why; every file read, created or changed, with what changed; commands run that matter and their outcome; errors met and how they were solved; what is still open or was about to be done next. Be specific (paths, names, commands); leave out chit-chat. At most 800 words.`;

export interface Compaction {
  /** The messages to use from now on. */
  messages: MessageParam[];
  summary: string;
  /** How many messages were folded into the summary. */
  folded: number;
}

/** Where the recent part starts: an assistant message, so the summary (a user message) can go before it. */
function splitPoint(messages: MessageParam[], keep: number): number {
  for (let k = Math.min(messages.length - 1, Math.max(1, messages.length - keep)); k > 0; k--) if (messages[k].role === 'assistant') return k;
  return -1;
}

/** A message as plain text for the summariser (tool calls and results in short). */
function asText(m: MessageParam): string {
  if (typeof m.content === 'string') return `${m.role}: ${m.content}`;
  const parts = (m.content as ContentBlockParam[]).map((b) => {
    if (b.type === 'text') return b.text;
    if (b.type === 'tool_use') return `[tool call ${b.name} ${JSON.stringify(b.input).slice(0, 2000)}]`;
    if (b.type === 'tool_result') {
      const text = typeof b.content === 'string' ? b.content : (b.content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
      return `[tool result${b.is_error ? ' (error)' : ''}: ${text.length > 3000 ? `${text.slice(0, 1500)} … ${text.slice(-1500)}` : text}]`;
    }
    return `[${b.type}]`;
  });
  return `${m.role}: ${parts.join('\n')}`;
}

/**
 * Folds all but the recent messages into a summary. Returns undefined when there is nothing to fold (the
 * conversation is only recent turns).
 */
export async function compactConversation(client: ModelClient, messages: MessageParam[], signal?: AbortSignal, keep = KEEP_RECENT): Promise<Compaction | undefined> {
  const at = splitPoint(messages, keep);
  if (at <= 0) return undefined;
  const older = messages.slice(0, at);
  let text = older.map(asText).join('\n\n');
  if (text.length > MAX_SUMMARY_INPUT_CHARS) text = `${text.slice(0, MAX_SUMMARY_INPUT_CHARS / 4)}\n…\n${text.slice(-(MAX_SUMMARY_INPUT_CHARS * 3) / 4)}`;
  const { message } = await client.streamTurn(
    { max_tokens: 2048, system: SUMMARY_SYSTEM, messages: [{ role: 'user', content: `<conversation>\n${text}\n</conversation>\n\nSummarise it as instructed.` }] },
    { signal },
  );
  const summary = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim() || '(The earlier conversation could not be summarised.)';
  const head: MessageParam = { role: 'user', content: [{ type: 'text', text: `<earlier-conversation-summary>\nThe earlier part of this session was compacted to fit the context window. Summary:\n\n${summary}\n</earlier-conversation-summary>` }] };
  return { messages: [head, ...messages.slice(at)], summary, folded: older.length };
}
