// Records an agent session's events to `.agent-memory/sessions/` through the session recorder (which
// redacts and caps before anything touches disk).
import * as path from 'path';
import { assertRealFolders } from '../memory/memoryLayout';
import { addKnownSecrets } from '../redact/redactionGate';
import { gateRedactor } from '../redact/secretlintGate';
import { SessionRecorder, type SessionRecording } from '../sessions/sessionRecorder';
import type { SessionEventInput, SessionParent } from '../sessions/sessionSchema';
import { VERSION } from '../version';
import type { AgentEvent } from './agentEvents';
import type { AgentListener } from './agentSession';

export interface Transcript {
  readonly sessionId: string;
  /** The JSONL file; undefined when recording is off. */
  readonly file: string | undefined;
  readonly listener: AgentListener;
  /** Flushes and closes (writes session_end if the session did not end on its own). */
  close(): Promise<void>;
}

export interface TranscriptOptions {
  workspace: string;
  model: string;
  /** Values to redact wherever they appear (the user's own API key). */
  knownSecrets?: string[];
  enabled?: boolean;
  onError?: (error: unknown) => void;
  /** A specialist's transcript: linked to the lead's session and `delegate` call. */
  parent?: SessionParent;
  /** A continued session: the session it goes on from. */
  resumedFrom?: string;
}

/** The transcript line for an agent event, or undefined for events that are not recorded (stream deltas). */
export function toSessionEvent(e: AgentEvent): SessionEventInput | undefined {
  switch (e.type) {
    case 'user_message':
      return { type: 'user_message', text: e.text, ...(e.images ? { images: e.images } : {}) };
    case 'assistant_text':
      return { type: e.type, text: e.text };
    case 'tool_call':
      return { type: 'tool_call', id: e.id, name: e.name, input: e.input };
    case 'tool_result':
      return { type: 'tool_result', id: e.id, name: e.name, ok: !e.isError, exitCode: e.exitCode ?? null, durationMs: e.durationMs, output: e.content };
    case 'recall':
      return { type: 'recall', reason: e.reason, noteIds: e.notes.map((n) => n.id), noteTitles: e.notes.map((n) => n.title), ...(e.toolCallId ? { toolCallId: e.toolCallId } : {}) };
    case 'approval':
      return { type: 'approval', toolCallId: e.toolCallId, decision: e.decision, ...(e.reason ? { reason: e.reason } : {}) };
    case 'usage':
      return { type: 'usage', turn: e.turn, inputTokens: e.inputTokens, outputTokens: e.outputTokens, cacheReadTokens: e.cacheReadTokens, cacheWriteTokens: e.cacheWriteTokens };
    case 'error':
      return { type: 'error', kind: e.kind, message: e.message };
    case 'outcome_start':
      return { type: 'outcome_start', ...e.outcome };
    case 'outcome_evaluation': {
      const { type: _t, ...rest } = e;
      return { type: 'outcome_evaluation', ...rest };
    }
    case 'compacted':
      return { type: 'compaction', reason: e.reason, folded: e.folded, summary: e.summary };
    case 'specialist_start':
      return { type: 'specialist_start', callId: e.callId, agent: e.agent, task: e.task, sessionId: e.sessionId };
    case 'specialist_end':
      return { type: 'specialist_end', callId: e.callId, agent: e.agent, status: e.status, summary: e.summary, usage: e.usage, ...(e.error ? { error: e.error } : {}) };
    case 'outcome_end':
      return { type: 'outcome_end', result: e.result, iterations: e.iterations, explanation: e.explanation };
    default:
      return undefined;
  }
}

export async function openTranscript(sessionsDir: string, o: TranscriptOptions): Promise<Transcript> {
  const root = path.dirname(sessionsDir); // never record while the memory goes through a link a clone shipped
  await assertRealFolders([root, path.join(root, 'notes'), sessionsDir, path.join(root, '.cache')]);
  addKnownSecrets(o.knownSecrets ?? []); // the user's key, redacted from now on by every path, not only transcripts
  const recorder: SessionRecording = await SessionRecorder.create({
    sessionsDir,
    redactor: gateRedactor(),
    start: { workspace: o.workspace, model: o.model, lucidVersion: VERSION, ...(o.parent ? { parent: o.parent } : {}), ...(o.resumedFrom ? { resumedFrom: o.resumedFrom } : {}) },
    enabled: o.enabled,
    onError: o.onError,
  });
  let ended = false;
  return {
    sessionId: recorder.sessionId,
    file: recorder.path,
    listener: async (e) => {
      if (e.type === 'session_end') {
        ended = true;
        await recorder.close(e.reason);
        return;
      }
      const line = toSessionEvent(e);
      if (line) void recorder.record(line);
    },
    close: async () => {
      if (!ended) await recorder.close('stopped');
      await recorder.flush();
    },
  };
}
