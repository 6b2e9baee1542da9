// Rubrics: the Markdown a user types or a team keeps in `.agent-memory/rubrics/*.md`, read into criteria. Each
// list item (`-`, `*`, `1.`, `- [ ]`) is a criterion; without a list, each non-empty line is one. Headings and
// front-matter are not criteria. A criterion written `run: <command>` (backticks allowed) is checked by running
// the command in the workspace: met when it exits 0.
import * as fs from 'fs/promises';
import * as path from 'path';
import type { OutcomeCriterion, OutcomeDefinition } from '../agent/agentEvents';

export const DEFAULT_MAX_ITERATIONS = 3;
export const MAX_ITERATIONS_LIMIT = 20;
/** `default.md` is offered first. */
export const DEFAULT_RUBRIC = 'default.md';
const MAX_RUBRIC_CHARS = 20_000;
const MAX_CRITERIA = 50;

export class RubricError extends Error {}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;
const RUN = /^run:\s*(.*)$/i;

/** One criterion from its text: `run: npm test` / ``run: `npm test` `` is a command check. */
export function readCriterion(text: string): OutcomeCriterion {
  const t = text.trim();
  const run = RUN.exec(t);
  if (!run) return { text: t };
  const command = run[1].trim().replace(/^`+([\s\S]*?)`+$/, '$1').trim();
  if (!command) throw new RubricError(`"${t}" names no command to run.`);
  return { text: t, run: command };
}

/** The criteria of a rubric; a clear error when there are none. */
export function parseRubric(markdown: string): OutcomeCriterion[] {
  if (markdown.length > MAX_RUBRIC_CHARS) throw new RubricError(`The rubric is too long (${markdown.length} characters; at most ${MAX_RUBRIC_CHARS}).`);
  const body = markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '');
  const lines = body.split(/\r?\n/);
  const items: string[] = [];
  let listed = false;
  for (const line of lines) {
    const m = LIST_ITEM.exec(line);
    if (m) {
      listed = true;
      if (m[1].trim()) items.push(m[1].trim());
    } else if (listed && /^\s{2,}\S/.test(line) && items.length) {
      items[items.length - 1] += ` ${line.trim()}`; // a wrapped list item
    }
  }
  const texts = listed ? items : lines.map((l) => l.trim()).filter((l) => l && !/^#{1,6}\s/.test(l) && !/^```/.test(l));
  const criteria = texts.map(readCriterion);
  if (!criteria.length) throw new RubricError('The rubric has no criteria: write one per line, or as a Markdown list.');
  if (criteria.length > MAX_CRITERIA) throw new RubricError(`The rubric has ${criteria.length} criteria; at most ${MAX_CRITERIA}.`);
  return criteria;
}

export interface OutcomeInput {
  description: string;
  rubric: string;
  maxIterations?: number;
  rubricName?: string;
}

/** A validated outcome definition. */
export function defineOutcome(i: OutcomeInput): OutcomeDefinition {
  const description = i.description.trim();
  if (!description) throw new RubricError('Describe the result the agent should produce.');
  const maxIterations = i.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1 || maxIterations > MAX_ITERATIONS_LIMIT) {
    throw new RubricError(`The iteration limit must be a whole number from 1 to ${MAX_ITERATIONS_LIMIT} (got ${i.maxIterations}).`);
  }
  const criteria = parseRubric(i.rubric);
  return { description, rubric: i.rubric.trim(), criteria, maxIterations, ...(i.rubricName ? { rubricName: i.rubricName } : {}) };
}

export interface RubricFile {
  name: string;
  file: string;
}

/** The team's rubrics (`<memory root>/rubrics/*.md`), `default.md` first, then by name. Real files only. */
export async function listRubrics(memoryRoot: string): Promise<RubricFile[]> {
  const dir = path.join(memoryRoot, 'rubrics');
  let entries: import('fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md'))
    .map((e) => ({ name: e.name, file: path.join(dir, e.name) }))
    .sort((a, b) => Number(b.name === DEFAULT_RUBRIC) - Number(a.name === DEFAULT_RUBRIC) || a.name.localeCompare(b.name));
}

/** A rubric file's text, with a clear error for one that is missing, not a file, or too big. */
export async function readRubricFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch {
    throw new RubricError(`No rubric file at ${file}.`);
  }
  if (!stat.isFile()) throw new RubricError(`${file} is not a regular file.`);
  if (stat.size > MAX_RUBRIC_CHARS * 4) throw new RubricError(`${file} is too big for a rubric (${stat.size} bytes).`);
  return fs.readFile(file, 'utf8');
}

/**
 * `--rubric FILE|TEXT`: a path to an existing file (relative to `cwd`), a rubric's name in `<memory root>/rubrics/`
 * (`default`, `default.md`), or else the criteria themselves.
 */
export async function resolveRubricArg(arg: string, cwd: string, memoryRoot: string): Promise<{ text: string; name?: string }> {
  const asPath = path.resolve(cwd, arg);
  if (!arg.includes('\n') && (await isFile(asPath))) return { text: await readRubricFile(asPath), name: path.basename(asPath) };
  if (/^[\w.-]+$/.test(arg)) {
    const named = (await listRubrics(memoryRoot)).find((r) => r.name === arg || r.name === `${arg}.md`);
    if (named) return { text: await readRubricFile(named.file), name: named.name };
  }
  return { text: arg };
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}
