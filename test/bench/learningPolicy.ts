// The scripted model of the learning-curve benchmark: a pure function from a Messages API request body to
// the next reply. It sees only what a model sees (the system text, the task, its own tool calls and their
// results, recall blocks included) and plays a competent agent that does not know the project:
// - the task lists actions by their everyday labels ("run the api tests");
// - for each action, a fix for that action's quirk visible in the request (system prompt or any tool result) is
//   applied first, earliest in the text first; a remembered fix that the text itself shows failing
//   ("`X` fails with …") is skipped, and one that failed in this conversation is not tried again;
// - otherwise the naive command runs; after its error, 1–2 plausible wrong tries (deterministic per seed and
//   task), then the fix;
// - optionally (the "memory" arms) after solving a quirk the hard way it sometimes writes a note with the
//   `memory` tool, in plain words, as a diligent agent does;
// - the oracle knows every fix from the start.
// Advice is recognised for the commands the benchmark knows can be advised (true fixes, old fixes, the
// injected wrong lessons), verbatim or in the dream's generalised `<file>` form.
import type { FakeResponse } from '../support/fakeAnthropic';
import { fixAt, fixCommand, OK_ACTIONS, QUIRKS, WRONG_LESSON, WRONG_OK_LESSON, type OkAction, type Quirk } from './learningQuirks';

export interface PolicyConfig {
  seed: number;
  /** The oracle applies every current fix without looking at the request's memory. */
  oracle?: boolean;
  /** Write notes with the memory tool after solving a quirk the hard way. */
  writeNotes?: boolean;
  /** Share of solved quirks it writes a note about (default 0.5). */
  noteRate?: number;
}

type Action = { kind: 'quirk'; q: Quirk } | { kind: 'ok'; a: OkAction };

interface Step {
  name: string;
  command: string;
  path: string;
  ok: boolean;
}

/** Which action each known command belongs to. */
const OWNER = new Map<string, string>();
const PREPS = new Set<string>();
for (const q of QUIRKS) {
  for (const c of [q.naive, ...q.wrong, q.fix.command, fixCommand(q.fix), ...(q.newFix ? [fixCommand(q.newFix)] : [])]) OWNER.set(c, q.id);
  for (const f of [q.fix, q.newFix]) if (f?.type === 'prep') PREPS.add(f.prep);
}
for (const a of OK_ACTIONS) OWNER.set(a.command, a.id);
OWNER.set(WRONG_LESSON.command, WRONG_LESSON.quirk);
OWNER.set(WRONG_OK_LESSON.command, WRONG_OK_LESSON.action);

/** The action (quirk or ok id) a command belongs to, or undefined. */
export const ownerOf = (command: string): string | undefined => OWNER.get(command.trim());
export const isPrep = (command: string): boolean => PREPS.has(command.trim());

const BY_LABEL = new Map<string, Action>([...QUIRKS.map((q) => [q.label, { kind: 'quirk', q }] as const), ...OK_ACTIONS.map((a) => [a.label, { kind: 'ok', a }] as const)]);

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((b: any) => (b?.type === 'text' ? String(b.text ?? '') : b?.type === 'tool_result' ? textOf(b.content) : '')).join('\n') : '';

export interface ParsedRequest {
  task: string;
  taskNo: number;
  session: number;
  actions: Action[];
  steps: Step[];
  /** System text, then every tool result in order: everything the model has read. */
  visible: string;
  system: string;
}

export function parseRequest(body: any): ParsedRequest {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const system = textOf(body?.system);
  const task = textOf(messages[0]?.content);
  const taskNo = Number(/Task (\d+)/.exec(task)?.[1] ?? 0);
  const session = Number(/\(session (\d+)\)/.exec(task)?.[1] ?? 0);
  const actions: Action[] = [];
  for (const m of task.matchAll(/^\d+\. (.+)$/gm)) {
    const a = BY_LABEL.get(m[1].trim());
    if (a) actions.push(a);
  }
  const uses = new Map<string, Step>();
  const steps: Step[] = [];
  const results: string[] = [];
  for (const m of messages) {
    if (!Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (m.role === 'assistant' && b.type === 'tool_use') {
        const s: Step = { name: b.name, command: String(b.input?.command ?? ''), path: String(b.input?.path ?? ''), ok: false };
        uses.set(b.id, s);
        steps.push(s);
      } else if (m.role === 'user' && b.type === 'tool_result') {
        const s = uses.get(b.tool_use_id);
        if (s) s.ok = b.is_error !== true;
        results.push(textOf(b.content));
      }
    }
  }
  return { task, taskNo, session, actions, steps, visible: [system, ...results].join('\n'), system };
}

/**
 * A command as memory notes write it in general form: file arguments (a path with a folder or an extension)
 * become `<file>`. The benchmark's own reading of the format, as a model would read it; it does not call Lucid.
 */
export function generalize(command: string): string {
  let seen = false;
  return command
    .split(' ')
    .flatMap((w) => {
      if (w.startsWith('-') || !/\/[^\s]*\.\w+$|^[\w-]+\.(?:test|spec)\.[cm]?[jt]sx?$/.test(w)) return [w];
      if (seen) return [];
      seen = true;
      return ['<file>'];
    })
    .join(' ');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `command` is advised in `text`, or -1: verbatim or in the dream's generalised form, as a backticked
 * command, a chained step, or in plain words ("run X instead", "run X first": note titles lose their backticks).
 */
export function advisedAt(text: string, command: string): number {
  let best = -1;
  for (const form of new Set([command, generalize(command)])) {
    const m = new RegExp(`(?:\`|&& )${escape(form)}(?=\`| &&)|\\brun ${escape(form)}(?= instead| first|[.,;)]|$)`, 'm').exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best;
}

/** The text itself says this command fails ("**When** `X` fails with", "`X` fails with"). */
export function shownFailing(text: string, command: string): boolean {
  return [command, generalize(command)].some((f) => text.includes(`\`${f}\` fails`));
}

const bash = (command: string): FakeResponse => ({ toolUses: [{ name: 'bash', input: { command } }] });

/** Commands that could be advised for an action: the fixes (every version) and the injected wrong lessons. */
function adviceFor(action: Action): string[] {
  if (action.kind === 'ok') return action.a.id === WRONG_OK_LESSON.action ? [WRONG_OK_LESSON.command] : [];
  const q = action.q;
  const out = [fixCommand(q.fix), ...(q.newFix ? [fixCommand(q.newFix)] : [])];
  if (WRONG_LESSON.quirk === q.id) out.push(WRONG_LESSON.command);
  return [...new Set(out)];
}

function actionId(a: Action): string {
  return a.kind === 'quirk' ? a.q.id : a.a.id;
}

/** The next step for one action, or undefined when it is done. */
function nextFor(action: Action, mine: Step[], req: ParsedRequest, cfg: PolicyConfig): FakeResponse | 'done' {
  const bashSteps = mine.filter((s) => s.name === 'bash');
  const solved = bashSteps.some((s) => s.ok && !isPrep(s.command));
  const id = actionId(action);
  if (solved) {
    const failed = bashSteps.some((s) => !s.ok);
    const wrote = mine.some((s) => s.name === 'memory');
    if (action.kind === 'quirk' && failed && !wrote && cfg.writeNotes && !cfg.oracle) {
      const fix = fixAt(action.q, req.session);
      const alreadyKnown = advisedAt(req.system, fixCommand(fix)) >= 0;
      if (!alreadyKnown && hash(`${cfg.seed}:${req.taskNo}:${id}:note`) % 1000 < (cfg.noteRate ?? 0.5) * 1000) return writeNote(action.q, bashSteps, fix);
    }
    return 'done';
  }
  if (bashSteps.length >= 12) return 'done'; // give up on this action rather than loop
  const last = bashSteps[bashSteps.length - 1];
  if (last?.ok && isPrep(last.command)) return bash(action.kind === 'quirk' ? action.q.naive : action.a.command);
  const tried = new Set(bashSteps.map((s) => s.command));
  if (cfg.oracle) {
    if (action.kind === 'ok') return bash(action.a.command);
    const f = fixAt(action.q, req.session);
    return bash(tried.has(fixCommand(f)) ? f.command : fixCommand(f));
  }
  const advice = adviceFor(action)
    .filter((c) => !tried.has(c) && !shownFailing(req.visible, c))
    .map((c) => ({ c, at: advisedAt(req.visible, c) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at);
  if (advice.length) return bash(advice[0].c);
  if (action.kind === 'ok') return bash(action.a.command);
  const q = action.q;
  if (!tried.has(q.naive)) return bash(q.naive);
  const k = 1 + (hash(`${cfg.seed}:${req.taskNo}:${q.id}:k`) % 2);
  const wrongDone = bashSteps.filter((s) => q.wrong.includes(s.command)).length;
  const nextWrong = q.wrong.find((w) => !tried.has(w));
  if (wrongDone < k && nextWrong) return bash(nextWrong);
  const fix = fixAt(q, req.session);
  return bash(fixCommand(fix));
}

function writeNote(q: Quirk, steps: Step[], fix: ReturnType<typeof fixAt>): FakeResponse {
  const firstFail = steps.find((s) => !s.ok)!.command;
  const how = fix.type === 'prep' ? `run \`${fix.prep}\` first, then \`${fix.command}\`` : `run \`${fix.command}\` instead`;
  const text = `When \`${firstFail}\` fails here (${q.label}), ${how}.\n\nLearned while working on this repository: the other variants I tried failed the same way.\n`;
  return { text: 'Saving what I learned.', toolUses: [{ name: 'memory', input: { command: 'create', path: `/memories/${q.id}.md`, file_text: text } }] };
}

/** The reply to a request: the next tool call, or a final answer when every action is done. */
export function decide(body: any, cfg: PolicyConfig): FakeResponse {
  const req = parseRequest(body);
  let start = 0;
  for (const action of req.actions) {
    const id = actionId(action);
    // The steps of this action: from where the previous action finished, those that belong to it (memory notes included).
    const mine: Step[] = [];
    let end = start;
    for (let i = start; i < req.steps.length; i++) {
      const s = req.steps[i];
      const owner = s.name === 'memory' ? /\/memories\/([\w-]+)\.md/.exec(s.path)?.[1] : ownerOf(s.command);
      if (owner !== id) break;
      mine.push(s);
      end = i + 1;
    }
    const next = nextFor(action, mine, req, cfg);
    if (next !== 'done') return next;
    start = end;
  }
  return { text: `Done: ${req.actions.length} step(s) completed.` };
}
