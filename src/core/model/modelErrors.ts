// What can go wrong talking to the model, as one error type with a kind the agent can branch on and a
// message the user can act on. Maps the Anthropic SDK's error classes (and raw fetch failures) to it.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';

export type ModelErrorKind =
  | 'auth'
  | 'credit'
  | 'permission'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'stream_cut'
  | 'bad_request'
  | 'aborted'
  | 'not_found'
  /** The conversation no longer fits the model's context window (400 "prompt is too long"). */
  | 'prompt_too_long'
  /** The reply streamed whole, but a tool call's input is not valid JSON. */
  | 'invalid_tool_input'
  /** The reply streamed whole, but a tool call has no name. */
  | 'empty_tool_name';

const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set(['rate_limit', 'overloaded', 'server', 'network', 'stream_cut']);
/** A malformed reply: the model, not the connection, is at fault. Asked again once (a new sample), never more. */
export const MALFORMED_REPLY: ReadonlySet<ModelErrorKind> = new Set(['invalid_tool_input', 'empty_tool_name']);

export interface ModelErrorDetails {
  status?: number;
  requestId?: string;
  /** Overrides the kind's default (e.g. from the `x-should-retry` header). */
  retryable?: boolean;
  /** What the server asked to wait before retrying (`retry-after-ms` / `retry-after`), uncapped. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(kind: ModelErrorKind, message: string, details: ModelErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModelError';
    this.kind = kind;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable ?? RETRYABLE.has(kind);
  }
}

export interface ModelErrorContext {
  /** The API base URL, named in network errors. */
  baseURL?: string;
  /** How many times the request was retried before this error, named in rate-limit and overload errors. */
  retries?: number;
  /** True when the response had started streaming: a failure then is a dropped stream. */
  streamStarted?: boolean;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const SET_KEY = "Set a valid key with 'Lucid: Set API Key' or ANTHROPIC_API_KEY.";
export const STREAM_CUT_MESSAGE = 'The connection dropped mid-reply; nothing was saved from the partial turn.';

/** The model's tool call `name` came with input that is not JSON (`detail`: the parser's complaint). */
export function invalidToolInputError(name: string, detail: string, cause?: unknown): ModelError {
  const said = detail.length > 160 ? `${detail.slice(0, 160)}…` : detail;
  const message = `The model's reply was malformed: the input of its '${name}' tool call is not valid JSON (${said}); nothing was saved from that turn.`;
  return new ModelError('invalid_tool_input', message, { cause, retryable: false });
}

export function emptyToolNameError(): ModelError {
  const message = "The model's reply was malformed: it called a tool without a name; nothing was saved from that turn.";
  return new ModelError('empty_tool_name', message, { retryable: false });
}

/** Milliseconds the response asked to wait (`retry-after-ms`, else `retry-after` in seconds or as an HTTP date). */
export function retryAfterMs(headers: Headers | undefined | null): number | undefined {
  const ms = parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const retried = (n: number | undefined) => (n ? `; retried ${n} time${n === 1 ? '' : 's'}` : '');

/** Maps anything thrown while talking to the model to a `ModelError` (a `ModelError` passes through). */
export function toModelError(err: unknown, context: ModelErrorContext = {}): ModelError {
  if (err instanceof ModelError) return err;
  const base = context.baseURL ?? DEFAULT_BASE_URL;
  if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
    return new ModelError('aborted', 'Stopped.', { cause: err });
  }
  const check = 'check your network or the base URL setting.';
  if (err instanceof APIConnectionTimeoutError) {
    return new ModelError('network', `Timed out waiting for ${base}: ${check}`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    if (looksLikeDroppedSocket(err)) {
      const message = `The connection to ${base} closed before the reply started: try again; if it keeps happening, ${check}`;
      return new ModelError('network', message, { cause: err });
    }
    return new ModelError('network', `Could not reach ${base}: ${check}`, { cause: err });
  }
  if (err instanceof APIError) return fromApiError(err, context);
  if (context.streamStarted || looksLikeDroppedSocket(err)) {
    return new ModelError('stream_cut', STREAM_CUT_MESSAGE, { cause: err });
  }
  const text = err instanceof Error ? err.message : String(err);
  const message = `Unexpected error talking to the Anthropic API: ${text}`;
  return new ModelError('server', message, { cause: err, retryable: false });
}

function fromApiError(err: APIError, context: ModelErrorContext): ModelError {
  const status = err.status;
  const apiMessage = err.apiMessage ?? '';
  const type = err.type ?? '';
  const shouldRetry = err.headers?.get('x-should-retry');
  const details: ModelErrorDetails = {
    status,
    requestId: err.requestID ?? undefined,
    retryAfterMs: retryAfterMs(err.headers),
    retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : undefined,
    cause: err,
  };
  const said = apiMessage ? `: ${apiMessage}` : '';
  const code = status ?? type;
  const again = retried(context.retries);
  const make = (kind: ModelErrorKind, message: string, extra: ModelErrorDetails = {}) =>
    new ModelError(kind, message, { ...details, ...extra });
  if (err instanceof AuthenticationError || type === 'authentication_error') {
    return make('auth', `The Anthropic API key was rejected (${code}). ${SET_KEY}`);
  }
  if (err instanceof PaymentRequiredError || type === 'billing_error' || /credit balance/i.test(apiMessage)) {
    return make(
      'credit',
      `The Anthropic account has no credit left (${code}${said}). ` +
        'Add credits under Plans & Billing at console.anthropic.com, then try again.',
    );
  }
  if (err instanceof PermissionDeniedError || type === 'permission_error') {
    return make(
      'permission',
      `The API key is not allowed to do this (${code}${said}). Check the key's workspace and its access to the model.`,
    );
  }
  if (err instanceof RateLimitError || type === 'rate_limit_error') {
    return make('rate_limit', `The Anthropic API rate limit was hit (${code})${again}. Try again in a minute.`);
  }
  if (status === 529 || type === 'overloaded_error') {
    return make('overloaded', `Anthropic's servers are overloaded (${code})${again}. Try again in a few minutes.`);
  }
  if (err instanceof NotFoundError || type === 'not_found_error') {
    const base = context.baseURL ?? DEFAULT_BASE_URL;
    return make('not_found', `Not found (${code}${said}): check the model name and the base URL (${base}).`);
  }
  if (err instanceof InternalServerError || (status !== undefined && status >= 500) || type === 'api_error') {
    return make('server', `The Anthropic API failed (${code}${said})${again}. Try again shortly.`);
  }
  if (status === 408 || status === 409) {
    const message = `The Anthropic API timed out or conflicted (${status}${said})${again}. Try again shortly.`;
    return make('server', message, { retryable: details.retryable ?? true });
  }
  if ((status === 400 || status === 413) && /prompt is too long|too many (?:input )?tokens|context (?:window|length)|request_too_large|too large/i.test(`${apiMessage} ${type}`)) {
    return make('prompt_too_long', `The conversation is too long for the model (${code}${said}).`, { retryable: false });
  }
  if (err instanceof BadRequestError || (status !== undefined && status >= 400)) {
    return make('bad_request', `The Anthropic API rejected the request (${code}${said}).`);
  }
  // An APIError without status: a stream that ended in an unrecognised way.
  if (context.streamStarted) return make('stream_cut', STREAM_CUT_MESSAGE);
  return make('server', `Unexpected response from the Anthropic API${said || `: ${err.message}`}.`, { retryable: false });
}

/** undici's "terminated" / "other side closed" / ECONNRESET, possibly wrapped in the SDK's AnthropicError. */
function looksLikeDroppedSocket(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = `${(e as Error).message ?? ''} ${(e as { code?: string }).code ?? ''}`;
    if (/terminated|other side closed|ECONNRESET|socket hang up|UND_ERR_SOCKET/i.test(text)) return true;
    if (typeof e !== 'object') break;
  }
  return false;
}
