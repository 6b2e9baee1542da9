// Sessions that continue: a recorded transcript read back into the conversation the model saw, so a past session
// can go on (`lucid run --continue`, `--resume ID`). Turns are rebuilt from the events: the user's messages, each
// assistant turn's text and tool calls (a `usage` event opens a turn), and the tool results. A call that never got
// its result (the session stopped in between) is left out, as the agent loop itself would have done.
import type { ContentBlockParam, MessageParam, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ReadEvent } from '../sessions/sessionSchema';

interface Turn {
  text: string[];
  uses: ToolUseBlockParam[];
  results: ToolResultBlockParam[];
}

/** The conversation of a transcript, ready to send again (alternating roles, every tool call with its result). */
export function conversationFromEvents(events: ReadEvent[]): MessageParam[] {
  const out: MessageParam[] = [];
  let turn: Turn | undefined;
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (!blocks.length) return;
    const last = out[out.length - 1];
    if (last?.role === role) (last.content as ContentBlockParam[]).push(...blocks);
    else out.push({ role, content: blocks });
  };
  const flush = () => {
    if (!turn) return;
    const answered = new Set(turn.results.map((r) => r.tool_use_id));
    const uses = turn.uses.filter((u) => answered.has(u.id));
    push('assistant', [...turn.text.map((t): ContentBlockParam => ({ type: 'text', text: t })), ...uses]);
    if (uses.length) push('user', turn.results.filter((r) => uses.some((u) => u.id === r.tool_use_id)));
    turn = undefined;
  };
  for (const e of events) {
    if (e.type === 'user_message') {
      flush();
      push('user', [{ type: 'text', text: e.text }]);
    } else if (e.type === 'usage') {
      flush();
      turn = { text: [], uses: [], results: [] };
    } else if (e.type === 'assistant_text') {
      (turn ??= { text: [], uses: [], results: [] }).text.push(e.text);
    } else if (e.type === 'tool_call') {
      (turn ??= { text: [], uses: [], results: [] }).uses.push({ type: 'tool_use', id: e.id, name: e.name, input: e.input ?? {} });
    } else if (e.type === 'tool_result' && turn) {
      turn.results.push({ type: 'tool_result', tool_use_id: e.id, content: [{ type: 'text', text: e.output || '(no output)' }], is_error: !e.ok });
    }
  }
  flush();
  // The model needs the conversation to start with the user and end with the assistant before a new request.
  while (out.length && out[0].role !== 'user') out.shift();
  while (out.length && out[out.length - 1].role !== 'assistant') out.pop();
  return out;
}
