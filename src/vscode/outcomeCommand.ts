// "Lucid: Define Outcome": attaches an outcome to the next request in the panel. A QuickPick of the team's
// rubrics (`.agent-memory/rubrics/`, default.md first) or "Type criteria…" (one criterion per input box), then
// the description and the iteration limit. Called with an argument `{ description, rubric | rubricName,
// maxIterations? }` it asks nothing (keybindings, other extensions, tests). Returns the outcome now attached.
import * as path from 'path';
import * as vscode from 'vscode';
import { memoryPaths } from '../core/memory/memoryLayout';
import { DEFAULT_MAX_ITERATIONS, listRubrics, MAX_ITERATIONS_LIMIT, parseRubric, readRubricFile, RubricError } from '../core/outcome/rubric';
import type { PendingOutcome } from '../shared/panelState';
import type { OutcomeInput } from '../shared/protocol';
import type { ChatController } from './chatController';
import { workspaceRoot } from './workspaceRoot';

const MAX_TYPED_CRITERIA = 50;

interface RubricPick extends vscode.QuickPickItem {
  rubric?: { name: string; text: string };
  /** A rubric file that cannot be used, and why. */
  problem?: string;
}

export function registerOutcomeCommand(context: vscode.ExtensionContext, chat: () => ChatController): void {
  context.subscriptions.push(vscode.commands.registerCommand('lucid.defineOutcome', (args?: unknown) => defineOutcome(chat(), args)));
}

async function defineOutcome(chat: ChatController, args: unknown): Promise<PendingOutcome | undefined> {
  const root = workspaceRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Lucid: open a folder first; outcomes are graded on the work in a workspace.');
    return undefined;
  }
  let input: OutcomeInput | undefined;
  try {
    input = args === undefined ? await askOutcome(root) : await fromArgs(root, args);
  } catch (err) {
    if (!(err instanceof RubricError)) throw err;
    void vscode.window.showErrorMessage(`Lucid: ${err.message}`);
    return undefined;
  }
  if (!input) return undefined;
  const problem = chat.setPendingOutcome(input);
  if (problem) {
    void vscode.window.showErrorMessage(`Lucid: the outcome was not attached. ${problem}`);
    return undefined;
  }
  await vscode.commands.executeCommand('lucid.panel.focus');
  return chat.pendingOutcome;
}

async function fromArgs(root: string, args: unknown): Promise<OutcomeInput> {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const maxIterations = typeof a.maxIterations === 'number' ? a.maxIterations : undefined;
  let rubric = str(a.rubric);
  let rubricName = str(a.rubricName);
  if (rubric === undefined && rubricName) {
    const wanted = rubricName;
    const found = (await listRubrics(memoryPaths(root).root)).find((r) => r.name === wanted || r.name === `${wanted}.md`);
    if (!found) throw new RubricError(`No rubric named ${wanted} in .agent-memory/rubrics/.`);
    rubric = await readRubricFile(found.file);
    rubricName = found.name;
  }
  if (rubric === undefined) throw new RubricError('Give the outcome a rubric (its criteria) or the name of a rubric in .agent-memory/rubrics/.');
  return { description: str(a.description) ?? '', rubric, ...(maxIterations === undefined ? {} : { maxIterations }), ...(rubricName ? { rubricName: path.basename(rubricName) } : {}) };
}

/** The three questions; undefined when the user cancels any of them. */
async function askOutcome(root: string): Promise<OutcomeInput | undefined> {
  const picked = await vscode.window.showQuickPick(await rubricPicks(root), {
    title: 'Lucid: Define Outcome — the rubric the work is graded against',
    placeHolder: 'A rubric from .agent-memory/rubrics/, or type the criteria',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.problem) throw new RubricError(`${picked.label}: ${picked.problem}`);
  const rubric = picked.rubric?.text ?? (await askCriteria());
  if (rubric === undefined) return undefined;
  const description = await vscode.window.showInputBox({
    title: 'Lucid: Define Outcome — the result',
    prompt: 'Describe the result the agent should produce (the grader checks the work against it and the rubric).',
    placeHolder: 'e.g. A CONTRIBUTING.md that explains how to build, test and release',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the result.'),
  });
  if (description === undefined) return undefined;
  const limit = await vscode.window.showInputBox({
    title: 'Lucid: Define Outcome — iterations',
    prompt: `How many times the agent may work and be graded (1 to ${MAX_ITERATIONS_LIMIT}).`,
    value: String(DEFAULT_MAX_ITERATIONS),
    ignoreFocusOut: true,
    validateInput: (v) => (isIterationLimit(v) ? undefined : `A whole number from 1 to ${MAX_ITERATIONS_LIMIT}.`),
  });
  if (limit === undefined) return undefined;
  return { description, rubric, maxIterations: Number(limit.trim()), ...(picked.rubric ? { rubricName: picked.rubric.name } : {}) };
}

const isIterationLimit = (v: string) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_ITERATIONS_LIMIT;

async function rubricPicks(root: string): Promise<RubricPick[]> {
  const usable: RubricPick[] = [];
  const broken: RubricPick[] = [];
  for (const f of await listRubrics(memoryPaths(root).root)) {
    try {
      const text = await readRubricFile(f.file);
      const criteria = parseRubric(text);
      const detail = `${criteria.length} criteri${criteria.length === 1 ? 'on' : 'a'}: ${criteria.map((c) => c.text).join(' · ')}`;
      usable.push({ label: f.name, detail, rubric: { name: f.name, text } });
    } catch (err) {
      const problem = err instanceof Error ? err.message : String(err);
      broken.push({ label: f.name, description: 'cannot be used', detail: problem, problem });
    }
  }
  const typed: RubricPick = {
    label: '$(edit) Type criteria…',
    description: usable.length ? '' : 'no rubrics in .agent-memory/rubrics/ yet',
    detail: 'One criterion at a time; `run: <command>` is checked by running it.',
  };
  const separator: RubricPick[] = usable.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator }] : [];
  return [...usable, ...separator, typed, ...broken];
}

/** Criteria one at a time; an empty one ends the list. */
async function askCriteria(): Promise<string | undefined> {
  const criteria: string[] = [];
  while (criteria.length < MAX_TYPED_CRITERIA) {
    const n = criteria.length + 1;
    const value = await vscode.window.showInputBox({
      title: `Lucid: Define Outcome — criterion ${n}`,
      prompt: n === 1 ? 'A criterion the work must meet (`run: npm test` is met when the command exits 0).' : 'Another criterion, or leave it empty and press Enter to finish.',
      ignoreFocusOut: true,
      validateInput: (v) => (n === 1 && !v.trim() ? 'Write at least one criterion.' : undefined),
    });
    if (value === undefined) return undefined;
    if (!value.trim()) break;
    criteria.push(`- ${value.trim()}`);
  }
  return criteria.join('\n');
}
