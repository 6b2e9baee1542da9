// A recorded session's lines (sessions/*.jsonl) as the agent events they were recorded from (the inverse of the
// transcript sink's mapping), for a replay in the panel.
import type { AgentEvent } from './agentEvents';
import type { ReadEvent } from '../sessions/sessionSchema';

/** The agent event a recorded line stands for; undefined for lines the chat does not show (start, end, unknown). */
export function recordedToAgentEvent(e: ReadEvent): AgentEvent | undefined {
  switch (e.type) {
    case 'user_message':
    case 'assistant_text':
      return { type: e.type, text: e.text };
    case 'tool_call':
      return { type: 'tool_call', id: e.id, name: e.name, input: e.input };
    case 'tool_result':
      return { type: 'tool_result', id: e.id, name: e.name, isError: !e.ok, content: e.output, durationMs: e.durationMs, ...(typeof e.exitCode === 'number' ? { exitCode: e.exitCode } : {}) };
    case 'recall':
      return { type: 'recall', reason: e.reason, notes: e.noteIds.map((id, i) => ({ id, title: e.noteTitles?.[i] ?? id })) };
    case 'error':
      return { type: 'error', kind: e.kind, message: e.message };
    case 'outcome_start':
      return {
        type: 'outcome_start',
        outcome: { description: e.description, rubric: e.rubric, criteria: e.criteria, maxIterations: e.maxIterations, ...(e.rubricName ? { rubricName: e.rubricName } : {}) },
      };
    case 'outcome_evaluation':
      return { type: 'outcome_evaluation', iteration: e.iteration, maxIterations: e.maxIterations, criteria: e.criteria, result: e.result, explanation: e.explanation, usage: e.usage };
    case 'outcome_end':
      return { type: 'outcome_end', result: e.result, iterations: e.iterations, explanation: e.explanation };
    case 'usage':
      return { type: 'usage', turn: e.turn, inputTokens: e.inputTokens, outputTokens: e.outputTokens, cacheReadTokens: e.cacheReadTokens, cacheWriteTokens: e.cacheWriteTokens };
    case 'compaction':
      return { type: 'compacted', reason: e.reason, folded: e.folded, summary: e.summary };
    case 'specialist_start':
      return { type: 'specialist_start', callId: e.callId, agent: e.agent, task: e.task, sessionId: e.sessionId };
    case 'specialist_end':
      return { type: 'specialist_end', callId: e.callId, agent: e.agent, status: e.status, summary: e.summary, usage: e.usage, ...(e.error ? { error: e.error } : {}) };
    default:
      return undefined;
  }
}
