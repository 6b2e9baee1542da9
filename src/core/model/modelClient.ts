// The one way Lucid talks to Claude: a streamed turn over the real Anthropic SDK, with a single, testable retry
// policy (the SDK's own retries are off). Pure Node; reads no environment variables — the caller passes the key
// and the base URL (the SDK itself still reads ANTHROPIC_LOG and ANTHROPIC_CUSTOM_HEADERS).
import Anthropic, { APIUserAbortError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsBase, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { emptyToolNameError, invalidToolInputError, MALFORMED_REPLY, ModelError, toModelError } from './modelErrors';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_MAX_RETRIES = 4;
/** Per attempt: the wait for the response headers, and the longest silence allowed between stream events. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/** The longest single wait between attempts, whatever `retry-after` says. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60 * 1000;

/** `MessageCreateParams` without `stream`; `model` defaults to the client's model. */
export type TurnParams = Omit<MessageCreateParamsBase, 'stream' | 'model'> & { model?: MessageCreateParamsBase['model'] };

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface TurnResult {
  /** The final message of the successful attempt only. */
  message: Message;
  usage: TurnUsage;
  /** 1 when the first attempt succeeded. */
  attempts: number;
  requestId?: string;
}

export interface StreamTurnOptions {
  /** Aborting stops the turn promptly with a `ModelError` of kind `aborted` (never retried). */
  signal?: AbortSignal;
  onTextDelta?: (text: string) => void;
  onToolUseStart?: (toolUse: { id: string; name: string; index: number }) => void;
  /**
   * Attempt `attempt` failed with a retryable `error`; the next starts after `delayMs`. Everything passed to
   * `onTextDelta` / `onToolUseStart` since the turn (or the previous `onRetry`) began belongs to the failed
   * attempt: drop it.
   */
  onRetry?: (attempt: number, error: ModelError, delayMs: number) => void;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ModelClientOptions {
  apiKey: string;
  /** Default `https://api.anthropic.com` (ANTHROPIC_BASE_URL is the caller's business). */
  baseURL?: string;
  model?: string;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  timeoutMs?: number;
  maxRetryDelayMs?: number;
  /** Waits between attempts; injectable for tests. Should reject when `signal` aborts. */
  sleep?: Sleep;
}

export interface ModelClient {
  readonly model: string;
  readonly baseURL: string;
  streamTurn(params: TurnParams, options?: StreamTurnOptions): Promise<TurnResult>;
}

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function usageOf(message: Message): TurnUsage {
  const u = message.usage;
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
    cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
  };
}

/** Exponential backoff with up to 25% jitter (0.5s, 1s, 2s, 4s, 8s max), or what the server asked, capped. */
export function retryDelayMs(error: ModelError, attempt: number, maxDelayMs = DEFAULT_MAX_RETRY_DELAY_MS): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, maxDelayMs);
  const backoff = Math.min(500 * 2 ** (attempt - 1), 8000);
  return Math.min(Math.round(backoff * (1 - Math.random() * 0.25)), maxDelayMs);
}

/** A malformed reply (a tool call with bad JSON or no name) is asked for again this many times in a turn. */
export const MALFORMED_REPLY_RETRIES = 1;

/**
 * Follows the stream's tool inputs: the SDK parses a block's JSON input at its stop and fails the whole stream with
 * a SyntaxError when it is not JSON. `invalid(e)` tells that apart from a stream cut mid-input (whose JSON is only
 * unfinished: no SyntaxError) and from a garbled event (the input parses).
 */
function toolInputTracker() {
  const open = new Map<number, { name: string; json: string }>();
  return {
    see(event: RawMessageStreamEvent): void {
      if (event.type === 'content_block_start' && 'input' in event.content_block) open.set(event.index, { name: String((event.content_block as { name?: unknown }).name ?? ''), json: '' });
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        const block = open.get(event.index);
        if (block) block.json += event.delta.partial_json;
      }
      if (event.type === 'content_block_stop') open.delete(event.index);
    },
    invalid(e: unknown): { name: string; problem: string } | undefined {
      let syntax = false;
      for (let c: unknown = e, depth = 0; c instanceof Error && depth < 4 && !syntax; c = c.cause, depth++) syntax = c instanceof SyntaxError;
      const last = [...open.values()].at(-1);
      if (!syntax || !last?.json) return undefined;
      try {
        JSON.parse(last.json);
        return undefined;
      } catch (err) {
        return { name: last.name || '(unnamed)', problem: (err as Error).message };
      }
    },
  };
}

/** Thrown inside an attempt when a caller's callback threw: rethrown as is, never retried. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

export function createModelClient(options: ModelClientOptions): ModelClient {
  const baseURL = options.baseURL || DEFAULT_BASE_URL;
  const model = options.model || DEFAULT_MODEL;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  const sleep = options.sleep ?? abortableSleep;
  // baseURL is always given, so the SDK does not fall back to ANTHROPIC_BASE_URL; maxRetries 0: ours is the policy.
  const client = new Anthropic({ apiKey: options.apiKey, baseURL, maxRetries: 0, timeout: timeoutMs });
  const aborted = (cause?: unknown) => new ModelError('aborted', 'Stopped.', { cause });

  async function attempt(params: TurnParams, opts: StreamTurnOptions, retries: number) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let started = false;
    let stalled = false;
    let failure: CallbackFailure | undefined;
    let idle: NodeJS.Timeout | undefined;
    const inputs = toolInputTracker();
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ((stalled = true), controller.abort()), timeoutMs);
    };
    const guarded = <A extends unknown[]>(fn: ((...a: A) => void) | undefined, ...a: A) => {
      try {
        fn?.(...a);
      } catch (e) {
        failure ??= new CallbackFailure(e);
        controller.abort();
      }
    };
    const stream = client.messages.stream({ ...params, model: params.model ?? model }, { signal: controller.signal });
    stream.on('connect', () => ((started = true), armIdle()));
    stream.on('text', (delta) => guarded(opts.onTextDelta, delta));
    stream.on('streamEvent', (event) => {
      armIdle();
      inputs.see(event);
      if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
        const { id, name } = event.content_block;
        guarded(opts.onToolUseStart, { id, name, index: event.index });
      }
    });
    try {
      const message: Message = await stream.finalMessage();
      if (message.content.some((b) => b.type === 'tool_use' && !b.name?.trim())) throw emptyToolNameError();
      return { message, requestId: stream.request_id ?? undefined };
    } catch (e) {
      if (failure) throw failure;
      if (opts.signal?.aborted) throw aborted(e);
      const badJson = inputs.invalid(e);
      if (badJson) throw invalidToolInputError(badJson.name, badJson.problem, e);
      if (stalled) {
        const secs = Math.round(timeoutMs / 1000);
        const message = `The reply stalled (no data for ${secs}s); nothing was saved from the partial turn.`;
        throw new ModelError('stream_cut', message, { cause: e });
      }
      throw toModelError(e, { baseURL, retries, streamStarted: started });
    } finally {
      clearTimeout(idle);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function streamTurn(params: TurnParams, opts: StreamTurnOptions = {}): Promise<TurnResult> {
    if (!options.apiKey) {
      const message = "No Anthropic API key is set. Set one with 'Lucid: Set API Key' or ANTHROPIC_API_KEY.";
      throw new ModelError('auth', message, { retryable: false });
    }
    let malformed = 0;
    for (let n = 1; ; n++) {
      if (opts.signal?.aborted) throw aborted();
      let error: ModelError;
      try {
        const { message, requestId } = await attempt(params, opts, n - 1);
        return { message, usage: usageOf(message), attempts: n, requestId };
      } catch (e) {
        if (e instanceof CallbackFailure) throw e.error;
        error = toModelError(e, { baseURL, retries: n - 1 });
      }
      const askAgain = MALFORMED_REPLY.has(error.kind) && malformed++ < MALFORMED_REPLY_RETRIES;
      if ((!error.retryable && !askAgain) || n > maxRetries) throw error;
      const delayMs = retryDelayMs(error, n, maxRetryDelayMs);
      opts.onRetry?.(n, error, delayMs);
      try {
        await sleep(delayMs, opts.signal);
      } catch (e) {
        if (opts.signal?.aborted) throw aborted(e);
        throw e;
      }
    }
  }

  return { model, baseURL, streamTurn };
}
