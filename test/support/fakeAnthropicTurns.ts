// The script of the fake Anthropic server: what each scripted turn can be, and which turn answers a request.
// JSON-friendly on purpose (except function turns) so out-of-process tests can load a script from a file.
import type { StopReason } from '@anthropic-ai/sdk/resources/messages';

/** One request the fake server received. */
export interface FakeRequest {
  /** 1-based, in arrival order. */
  n: number;
  method: string;
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when the body was not JSON). */
  body: any;
  /** Index in the script of the turn that answered, or -1 (script exhausted / not a messages call). */
  turnIndex: number;
}

export interface FakeToolUse {
  /** May be '' (a malformed reply). */
  name: string;
  input: unknown;
  id?: string;
  /** Streamed as the `input_json_delta` chunks instead of `input` as JSON, verbatim (e.g. invalid JSON). */
  inputJson?: string;
}

export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A normal reply. */
export interface FakeResponse {
  /** One text block. A string is streamed in several automatic chunks; an array is streamed as exactly those chunks. */
  text?: string | string[];
  /** A thinking block before the reply (extended thinking). */
  thinking?: string;
  /** Reply with the latest user text (or tool_result text) prefixed by `echo: `. */
  echo?: boolean;
  toolUses?: FakeToolUse[];
  /** Default: `tool_use` when there are tool uses, else `end_turn`. */
  stopReason?: StopReason;
  /** Overrides the simulated usage field by field. */
  usage?: FakeUsage;
  /** Delay between streamed events (to let a test abort mid-stream). */
  eventDelayMs?: number;
}

export interface FakeError {
  status: number;
  /** Raw body: an object is sent as JSON, a string as is. Default: the real error JSON for the status. */
  body?: unknown;
  /** `error.message` of the default body. */
  message?: string;
  /** `error.type` of the default body (default from the status: 429 rate_limit_error, 529 overloaded_error, ...). */
  type?: string;
  headers?: Record<string, string>;
}

/** Start streaming `response` (default: a short text), then destroy the socket after `cutAfterEvents` SSE events. */
export interface FakeCut {
  cutAfterEvents: number;
  response?: FakeResponse;
  /** Instead of destroying the socket, send an SSE `error` event of this type (e.g. `overloaded_error`) and end. */
  errorEvent?: string;
}

/** Wait `hangMs` before answering with `then` (default: destroy the socket without answering). */
export interface FakeHang {
  hangMs: number;
  then?: FakeResponse | FakeError;
}

export type FakeReply = FakeResponse | FakeError | FakeCut | FakeHang;

/** When a turn applies: substrings of the latest user message (a plain user text or a tool_result). */
export interface FakeWhen {
  lastUserTextContains?: string;
  lastToolResultContains?: string;
  systemContains?: string;
}

export type FakeScriptedReply = FakeReply & {
  /** The turn answers only requests that match; unmatched turns wait their turn. */
  when?: FakeWhen;
  /** Never consumed: answers every matching request (useful for `when` rules and echo). */
  repeat?: boolean;
};

export type FakeTurnFunction = (request: FakeRequest) => FakeReply | Promise<FakeReply>;
export type FakeTurn = FakeScriptedReply | FakeTurnFunction;

export const isError = (r: FakeReply): r is FakeError => typeof (r as FakeError).status === 'number';
export const isCut = (r: FakeReply): r is FakeCut => typeof (r as FakeCut).cutAfterEvents === 'number';
export const isHang = (r: FakeReply): r is FakeHang => typeof (r as FakeHang).hangMs === 'number';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: 'Invalid request.',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit.',
  api_error: 'Internal server error.',
  overloaded_error: 'Overloaded',
};

/** The error body the real API sends: `{"type":"error","error":{"type":...,"message":...}}`. */
export function errorBody(status: number, type?: string, message?: string): object {
  const t = type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type: t, message: message ?? ERROR_MESSAGES[t] ?? t } };
}

/** Text of a content value (string or blocks, including nested tool_result content). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b: any) => (b?.type === 'text' ? String(b.text ?? '') : b?.type === 'tool_result' ? textOf(b.content) : ''))
    .join('\n');
}

/** The latest user message's plain text and tool_result text. */
export function latestUserContent(body: any): { text: string; toolResult: string } {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m?.role === 'user');
  if (!last) return { text: '', toolResult: '' };
  const blocks: any[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content ?? [];
  return {
    text: textOf(blocks.filter((b) => b?.type === 'text')),
    toolResult: textOf(blocks.filter((b) => b?.type === 'tool_result')),
  };
}

export function matches(when: FakeWhen | undefined, body: any): boolean {
  if (!when) return true;
  const { text, toolResult } = latestUserContent(body);
  if (when.lastUserTextContains !== undefined && !text.includes(when.lastUserTextContains)) return false;
  if (when.lastToolResultContains !== undefined && !toolResult.includes(when.lastToolResultContains)) return false;
  if (when.systemContains !== undefined && !textOf(body?.system).includes(when.systemContains)) return false;
  return true;
}

/**
 * Picks the first unused turn (in script order) that applies to the request and marks it used
 * (unless `repeat`). Function turns always apply. Returns -1 when none is left.
 */
export function pickTurn(turns: FakeTurn[], used: Set<number>, body: any): number {
  for (let i = 0; i < turns.length; i++) {
    if (used.has(i)) continue;
    const t = turns[i];
    if (typeof t !== 'function' && !matches(t.when, body)) continue;
    if (typeof t === 'function' || !t.repeat) used.add(i);
    return i;
  }
  return -1;
}
