// What the fake Anthropic server says: the `Message` of a scripted reply, its stream events (the SDK's own
// `RawMessageStreamEvent` shapes), and usage estimated from the request body with a prompt-cache simulation.
import { createHash, type Hash } from 'crypto';
import type { ContentBlock, Message, RawMessageStreamEvent, Usage } from '@anthropic-ai/sdk/resources/messages';
import { latestUserContent, type FakeResponse } from './fakeAnthropicTurns';

const tokens = (chars: number) => Math.ceil(chars / 4);

export interface SimulatedUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Rough prompt-cache simulation. The prompt is read in cache order (tools, system, messages) as a list of
 * blocks; the prefix up to the last block with `cache_control` is cacheable. A prefix ending at any block
 * boundary that an earlier request cached is read from the cache; the rest of the cacheable prefix is written.
 */
export class CacheSimulator {
  private readonly seen = new Set<string>();

  /** With `enabled` false every input token is a plain input token. */
  constructor(private readonly enabled = true) {}

  usageFor(body: any): SimulatedUsage {
    const blocks = promptBlocks(body);
    const hash: Hash = createHash('sha256').update(String(body?.model ?? ''));
    const boundaries: { digest: string; chars: number; marked: boolean }[] = [];
    let chars = 0;
    for (const b of blocks) {
      hash.update(b.text);
      chars += b.text.length;
      boundaries.push({ digest: hash.copy().digest('hex'), chars, marked: b.marked });
    }
    const total = tokens(chars);
    const lastMarked = boundaries.map((b) => b.marked).lastIndexOf(true);
    if (lastMarked < 0 || !this.enabled) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    let read = 0;
    for (let i = lastMarked; i >= 0; i--) {
      if (this.seen.has(boundaries[i].digest)) {
        read = tokens(boundaries[i].chars);
        break;
      }
    }
    const cacheable = tokens(boundaries[lastMarked].chars);
    for (const b of boundaries) if (b.marked) this.seen.add(b.digest);
    return {
      input_tokens: Math.max(0, total - cacheable),
      cache_creation_input_tokens: cacheable - read,
      cache_read_input_tokens: read,
    };
  }
}

function promptBlocks(body: any): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  const push = (b: any) => {
    const { cache_control, ...rest } = typeof b === 'string' ? { cache_control: undefined, text: b } : b ?? {};
    out.push({ text: JSON.stringify(rest), marked: !!cache_control });
  };
  for (const t of Array.isArray(body?.tools) ? body.tools : []) push(t);
  if (typeof body?.system === 'string') push(body.system);
  else for (const s of Array.isArray(body?.system) ? body.system : []) push(s);
  for (const m of Array.isArray(body?.messages) ? body.messages : []) {
    if (typeof m?.content === 'string') push(`${m.role}:${m.content}`);
    else for (const c of Array.isArray(m?.content) ? m.content : []) push({ role: m.role, ...c });
  }
  return out;
}

/** Splits `s` into about `parts` non-empty chunks (at least 2 when `s` has 2+ characters). */
export function chunk(s: string, parts = 3): string[] {
  if (s.length < 2) return [s];
  const size = Math.max(1, Math.ceil(s.length / Math.max(2, parts)));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The message of a reply, with each block's streamed chunks (text deltas or partial JSON). */
export function buildMessage(
  reply: FakeResponse,
  body: any,
  n: number,
  usageIn: SimulatedUsage,
): { message: Message; chunks: string[][] } {
  const content: ContentBlock[] = [];
  const chunks: string[][] = [];
  if (reply.thinking !== undefined) {
    // A thinking block first, as the API sends it with extended thinking on (the signature lets it be sent back).
    content.push({ type: 'thinking', thinking: reply.thinking, signature: `sig_fake_${n}` } as ContentBlock);
    chunks.push(chunk(reply.thinking));
  }
  let text = reply.text;
  if (reply.echo) {
    const { text: t, toolResult } = latestUserContent(body);
    text = `echo: ${t || toolResult}`;
  }
  if (text !== undefined && text.length > 0) {
    const parts = Array.isArray(text) ? text : chunk(text);
    content.push({ type: 'text', text: parts.join(''), citations: null });
    chunks.push(parts);
  }
  (reply.toolUses ?? []).forEach((t, i) => {
    const id = t.id ?? `toolu_fake_${n}_${i}`;
    content.push({ type: 'tool_use', id, name: t.name, input: t.input, caller: { type: 'direct' } });
    chunks.push(chunk(t.inputJson ?? JSON.stringify(t.input ?? {}), 4));
  });
  const outChars = chunks.reduce((a, c) => a + c.join('').length, 0);
  const usage: Usage = {
    input_tokens: reply.usage?.input_tokens ?? usageIn.input_tokens,
    output_tokens: reply.usage?.output_tokens ?? Math.max(1, tokens(outChars)),
    cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? usageIn.cache_creation_input_tokens,
    cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? usageIn.cache_read_input_tokens,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
  usage.cache_creation = { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens ?? 0, ephemeral_1h_input_tokens: 0 };
  const message: Message = {
    id: `msg_fake_${n}`,
    type: 'message',
    role: 'assistant',
    model: String(body?.model ?? 'claude-fake'),
    content,
    stop_reason: reply.stopReason ?? (reply.toolUses?.length ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage,
  };
  return { message, chunks };
}

/** The stream events of a message, in the order the API sends them (with a `ping` after `message_start`). */
export function streamEvents(message: Message, chunks: string[][]): (RawMessageStreamEvent | { type: 'ping' })[] {
  const start: Message = {
    ...message,
    content: [],
    stop_reason: null,
    usage: { ...message.usage, output_tokens: 1 },
  };
  const events: (RawMessageStreamEvent | { type: 'ping' })[] = [{ type: 'message_start', message: start }, { type: 'ping' }];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, text: '' } });
      for (const text of chunks[index]) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    } else if (block.type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, thinking: '', signature: '' } });
      for (const thinking of chunks[index]) events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const partial_json of chunks[index]) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
      }
    }
    events.push({ type: 'content_block_stop', index });
  });
  const u = message.usage;
  events.push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null, container: null },
    usage: {
      input_tokens: u.input_tokens,
      output_tokens: u.output_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens,
      cache_read_input_tokens: u.cache_read_input_tokens,
      output_tokens_details: null,
      server_tool_use: null,
    },
  });
  events.push({ type: 'message_stop' });
  return events;
}

export const sse = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
