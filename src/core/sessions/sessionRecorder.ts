// Records one session as it happens: one JSONL file in `.agent-memory/sessions/`, header first.
// Every string is redacted before it touches disk; big tool outputs are capped (outputCap.ts). Lines are
// appended through one kept-open file descriptor, one write per line, strictly in call order (a queue), so
// lines never interleave and a crash leaves at most a truncated last line, which the reader skips.
// Recording is best effort: a failed write goes to `onError` and never throws into the agent loop.
import type { SessionParent } from './sessionSchema';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { isPlaceholder, isSecretName, marker } from '../redact/secretPatterns';
import { DEFAULT_MAX_OUTPUT_CHARS, redactAndCap } from './outputCap';
import { displayWorkspace, newSessionId, sessionFileName } from './sessionFiles';
import {
  type EndReason,
  SESSION_FORMAT_VERSION,
  type SessionEvent,
  type SessionEventInput,
  sessionEventSchema,
} from './sessionSchema';

/** The part of the redactor the recorder needs (see core/redact/secretRedactor.ts). */
export interface TextRedactor {
  redact(text: string): Promise<string>;
}

export interface SessionRecorderOptions {
  sessionsDir: string;
  sessionId?: string;
  redactor: TextRedactor;
  /** What the header says about the session. `workspace` may be a path: the home directory becomes `~`. */
  start: { workspace: string; model: string; lucidVersion: string; source?: string; parent?: SessionParent; resumedFrom?: string };
  /** Cap of a tool output, in characters (default 20,000). */
  maxOutputChars?: number;
  now?: () => Date;
  /** False for the "transcript recording off" setting: a recorder that writes nothing. Default true. */
  enabled?: boolean;
  /** Where write and validation failures go (default: console.warn). */
  onError?: (error: unknown) => void;
}

export interface SessionRecording {
  readonly sessionId: string;
  /** The transcript file; undefined when recording is off. */
  readonly path: string | undefined;
  readonly enabled: boolean;
  /** Stamps `t` and `seq` now, then redacts, caps and appends in call order. Never rejects. */
  record(event: SessionEventInput): Promise<void>;
  /** Writes `session_end` and closes the file; later records are ignored. Idempotent. */
  close(reason: EndReason): Promise<void>;
  /** Resolves once every record so far is written. */
  flush(): Promise<void>;
}

class DisabledRecorder implements SessionRecording {
  readonly path = undefined;
  readonly enabled = false;
  constructor(readonly sessionId: string) {}
  async record(): Promise<void> {}
  async close(): Promise<void> {}
  async flush(): Promise<void> {}
}

/** Every string of a JSON value redacted; a string under a secret-like key (`"password": …`) replaced whole. */
async function redactDeep(value: unknown, redact: (s: string) => Promise<string>, key?: string): Promise<unknown> {
  if (typeof value === 'string') {
    if (key !== undefined && isSecretName(key) && !isPlaceholder(value)) return marker('config-secret');
    return redact(value);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => redactDeep(v, redact)));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await redactDeep(v, redact, k)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** Fields the recorder writes itself and never redacts. */
const STRUCTURAL = new Set(['type', 't', 'seq']);

export class SessionRecorder implements SessionRecording {
  readonly enabled = true;
  private seq = 0;
  private tail: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  /** Set after a failed write: the next line starts with a newline, so it never glues onto a broken one. */
  private broken = false;

  private constructor(
    readonly sessionId: string,
    readonly path: string,
    private readonly fh: fsp.FileHandle,
    private readonly opts: Required<Pick<SessionRecorderOptions, 'redactor' | 'now' | 'onError' | 'maxOutputChars'>>,
  ) {}

  /** Opens the transcript and writes its header; `enabled: false` gives a recorder that writes nothing. */
  static async create(options: SessionRecorderOptions): Promise<SessionRecording> {
    const sessionId = options.sessionId ?? newSessionId();
    if (options.enabled === false) return new DisabledRecorder(sessionId);
    const now = options.now ?? (() => new Date());
    const startedAt = now();
    await fsp.mkdir(options.sessionsDir, { recursive: true });
    let fh: fsp.FileHandle | undefined;
    let file = '';
    for (let attempt = 1; !fh; attempt++) {
      file = path.join(options.sessionsDir, sessionFileName(startedAt, sessionId, attempt));
      try {
        fh = await fsp.open(file, 'ax'); // append-only, and never an existing file
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw e;
      }
    }
    const recorder = new SessionRecorder(sessionId, file, fh, {
      redactor: options.redactor,
      now,
      onError: options.onError ?? ((e) => console.warn(`[lucid] session transcript: ${e instanceof Error ? e.message : String(e)}`)),
      maxOutputChars: options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS,
    });
    const { workspace, model, lucidVersion, source = 'lucid', parent, resumedFrom } = options.start;
    const header: SessionEvent = {
      type: 'session_start',
      t: startedAt.toISOString(),
      seq: recorder.seq++,
      v: SESSION_FORMAT_VERSION,
      sessionId,
      startedAt: startedAt.toISOString(),
      workspace: await options.redactor.redact(displayWorkspace(workspace)),
      model,
      source,
      lucidVersion,
      ...(parent ? { parent } : {}),
      ...(resumedFrom ? { resumedFrom } : {}),
    };
    try {
      await recorder.write(header);
    } catch (e) {
      await recorder.fh.close().catch(() => undefined);
      throw e;
    }
    return recorder;
  }

  record(event: SessionEventInput): Promise<void> {
    if (this.closing) return Promise.resolve();
    const stamped = { type: event.type, t: this.opts.now().toISOString(), seq: this.seq++ };
    // An event that does not fit the schema leaves an `error` line in its place, never a silent gap.
    const prepared = this.prepare(event, stamped).catch((e) => {
      if (!(e instanceof z.ZodError)) throw e;
      const issue = e.issues[0];
      const why = `${issue?.path.join('.') || event.type}: ${issue?.message ?? 'invalid'}`;
      const message = `A ${event.type} event did not fit the transcript schema (${why}) and was not recorded.`;
      this.opts.onError(new Error(message));
      return sessionEventSchema.parse({ ...stamped, type: 'error', kind: 'transcript', message });
    });
    prepared.catch(() => undefined); // handled in the queue; this only keeps Node from calling it unhandled
    return this.enqueue(async () => this.write(await prepared));
  }

  close(reason: EndReason): Promise<void> {
    if (this.closing) return this.closing;
    const t = this.opts.now().toISOString();
    const end: SessionEvent = { type: 'session_end', t, seq: this.seq++, endedAt: t, reason };
    this.closing = this.enqueue(() => this.write(end)).then(async () => {
      await this.fh.datasync().catch(() => undefined);
      await this.fh.close().catch(this.opts.onError);
    });
    return this.closing;
  }

  flush(): Promise<void> {
    return this.tail;
  }

  private async prepare(event: SessionEventInput, stamped: { type: string; t: string; seq: number }): Promise<SessionEvent> {
    const redact = (s: string) => this.opts.redactor.redact(s);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event)) {
      if (STRUCTURAL.has(k)) continue;
      if (event.type === 'tool_result' && k === 'output' && typeof v === 'string') {
        const capped = await redactAndCap(v, this.opts.maxOutputChars, redact);
        body.output = capped.output;
        if (capped.truncated) body.truncated = capped.truncated;
      } else if (!(event.type === 'tool_result' && k === 'truncated')) {
        body[k] = await redactDeep(v, redact, event.type === 'tool_call' ? undefined : k);
      }
    }
    return sessionEventSchema.parse({ ...stamped, ...body });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.tail.then(job).catch((e) => this.opts.onError(e));
    this.tail = next;
    return next;
  }

  private async write(event: SessionEvent): Promise<void> {
    const buf = Buffer.from(`${this.broken ? '\n' : ''}${JSON.stringify(event)}\n`, 'utf8');
    try {
      for (let off = 0; off < buf.length; ) {
        const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
      this.broken = false;
    } catch (e) {
      this.broken = true;
      throw e;
    }
  }
}
