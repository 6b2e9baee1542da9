// A fake Anthropic Messages API on 127.0.0.1, driven by a script of turns, spoken exactly as the real SDK
// expects (SSE stream events, error JSON, `request-id`). Records every request for assertions.
// Script format: see fakeAnthropicTurns.ts. Out-of-process use: fakeAnthropicMain.ts.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { buildMessage, CacheSimulator, sse, streamEvents } from './fakeAnthropicEvents';
import {
  errorBody,
  isCut,
  isError,
  isHang,
  pickTurn,
  type FakeError,
  type FakeReply,
  type FakeRequest,
  type FakeResponse,
  type FakeTurn,
} from './fakeAnthropicTurns';

export type * from './fakeAnthropicTurns';

export interface FakeAnthropicOptions {
  turns: FakeTurn[];
  /** Default 0: a free port. */
  port?: number;
  /** Simulate prompt caching in the usage (default true). */
  cacheSimulation?: boolean;
  /** When set, a request must carry this key (`x-api-key` or `Authorization: Bearer`), else it gets a 401. */
  apiKey?: string;
  /** Called for every recorded request (e.g. to log it to a file). */
  onRequest?: (request: FakeRequest) => void;
}

export interface FakeAnthropic {
  /** Base URL for the SDK's `baseURL`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in order (also served as JSON at `GET /_fake/requests`). */
  readonly requests: FakeRequest[];
  /** How many scripted turns have not been used yet (repeat turns count as unused). */
  remaining(): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFakeAnthropic(options: FakeAnthropicOptions): Promise<FakeAnthropic> {
  const turns = options.turns;
  const used = new Set<number>();
  const requests: FakeRequest[] = [];
  const cache = new CacheSimulator(options.cacheSimulation !== false);
  const timers = new Set<NodeJS.Timeout>();

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, n: number, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${n}`, ...headers });
    res.end(text);
  };

  const sendError = (res: http.ServerResponse, e: FakeError, n: number) =>
    sendJson(res, e.status, e.body ?? errorBody(e.status, e.type, e.message), n, e.headers);

  async function sendResponse(
    res: http.ServerResponse,
    r: FakeResponse,
    rec: FakeRequest,
    cutAfter?: number,
    errorEvent?: string,
  ) {
    const { message, chunks } = buildMessage(r, rec.body, rec.n, cache.usageFor(rec.body));
    if (!rec.body?.stream) return sendJson(res, 200, message, rec.n);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': `req_fake_${rec.n}`,
    });
    let gone = false;
    res.on('close', () => (gone = true));
    const events = streamEvents(message, chunks);
    for (let i = 0; i < events.length; i++) {
      if (gone) return;
      if (cutAfter !== undefined && i >= cutAfter) {
        if (errorEvent) {
          res.end(sse(errorBody(500, errorEvent, `fakeAnthropic: ${errorEvent} mid-stream`) as { type: string }));
        } else {
          res.write('', () => res.socket?.destroy());
        }
        return;
      }
      res.write(sse(events[i]));
      if (r.eventDelayMs) await sleep(r.eventDelayMs);
    }
    res.end();
  }

  async function serve(res: http.ServerResponse, reply: FakeReply, rec: FakeRequest): Promise<void> {
    if (isHang(reply)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (timers.delete(t), resolve()), reply.hangMs);
        timers.add(t);
        res.on('close', () => (clearTimeout(t), timers.delete(t), resolve()));
      });
      if (res.destroyed) return;
      if (reply.then) return serve(res, reply.then, rec);
      res.socket?.destroy();
      return;
    }
    if (isError(reply)) return sendError(res, reply, rec.n);
    if (isCut(reply)) {
      const partial = reply.response ?? { text: 'This reply will be cut off.' };
      return sendResponse(res, partial, rec, reply.cutAfterEvents, reply.errorEvent);
    }
    return sendResponse(res, reply, rec);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const raw = await new Promise<string>((resolve, reject) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
      req.on('error', reject);
    });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/_fake/requests') return sendJson(res, 200, requests, 0);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
    const rec: FakeRequest = { n: requests.length + 1, method: req.method ?? '', path, headers, body, turnIndex: -1 };
    const key = options.apiKey;
    const keyOk = !key || headers['x-api-key'] === key || headers['authorization'] === `Bearer ${key}`;
    const isMessages = req.method === 'POST' && path === '/v1/messages';
    if (isMessages && keyOk) rec.turnIndex = pickTurn(turns, used, body);
    requests.push(rec);
    options.onRequest?.(rec);
    const noRetry = { 'x-should-retry': 'false' };
    if (!keyOk) return sendJson(res, 401, errorBody(401), rec.n);
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      const u = new CacheSimulator(false).usageFor(body);
      return sendJson(res, 200, { input_tokens: u.input_tokens }, rec.n);
    }
    if (!isMessages) {
      const message = `fakeAnthropic: no route ${req.method} ${path}`;
      return sendJson(res, 404, errorBody(404, 'not_found_error', message), rec.n, noRetry);
    }
    const i = rec.turnIndex;
    if (i < 0) {
      const message =
        `fakeAnthropic: script exhausted: request #${rec.n} has no scripted turn left ` +
        `(the script has ${turns.length} turns)`;
      return sendJson(res, 500, errorBody(500, 'api_error', message), rec.n, noRetry);
    }
    const turn = turns[i];
    let reply: FakeReply;
    try {
      reply = typeof turn === 'function' ? await turn(rec) : turn;
    } catch (e) {
      const message = `fakeAnthropic: turn ${i} threw: ${e instanceof Error ? e.message : String(e)}`;
      return sendJson(res, 500, errorBody(500, 'api_error', message), rec.n, noRetry);
    }
    await serve(res, reply, rec);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'api_error', `fakeAnthropic: ${String(e)}`), 0);
      else res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    remaining: () => turns.length - used.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
