// Just-in-time recall: which notes a failed command should bring back, by error signature or command.
import type { Note } from '../memory/noteSchema';
import { extractErrorSignatures } from '../errors/errorExtract';
import { normalizeCommand, normalizeErrorText } from '../errors/errorSignature';

export interface FailureContext {
  command: string;
  output: string;
}

export interface TriggerMatch {
  note: Note;
  /** 4: the trigger appears verbatim; 3: the same error signature; 2: a normalised match; 1: a command match on a note without error triggers. */
  strength: number;
  matched: string;
}

/** True when `command` runs `trigger`: the trigger's words appear in order at a word boundary of a command segment. */
export function commandMatches(command: string, trigger: string): boolean {
  return segmentsRun(commandSegments(command), trigger);
}

function commandSegments(command: string): string[] {
  return normalizeCommand(command).split(/\s*(?:&&|\|\||;|\|)\s*/);
}

function segmentsRun(segments: string[], trigger: string): boolean {
  const forms = formsOf(trigger);
  const t = (forms.command ??= normalizeCommand(trigger));
  return !!t && segments.some((segment) => segment === t || segment.startsWith(`${t} `));
}

export function errorMatches(normalizedOutput: string, trigger: string): boolean {
  const t = normalizedOf(trigger);
  return t.length >= 4 && normalizedOutput.includes(t);
}

/**
 * Per trigger string, what matching needs of it, computed once: every recall checks every note's triggers, and
 * with 10,000 notes re-normalising each trigger on each failure costs more than the match itself.
 */
interface TriggerForms {
  command?: string;
  folded?: string;
  normalized?: string;
  keys?: string[];
}
const triggerForms = new Map<string, TriggerForms>();
const FORMS_MAX = 100_000;

function formsOf(trigger: string): TriggerForms {
  let forms = triggerForms.get(trigger);
  if (!forms) {
    if (triggerForms.size >= FORMS_MAX) triggerForms.clear();
    forms = {};
    triggerForms.set(trigger, forms);
  }
  return forms;
}

/** The error-signature keys of a trigger (cached: triggers repeat across recalls). */
function keysOf(trigger: string): string[] {
  const forms = formsOf(trigger);
  return (forms.keys ??= extractErrorSignatures(trigger).map((s) => s.key));
}

function normalizedOf(trigger: string): string {
  const forms = formsOf(trigger);
  return (forms.normalized ??= normalizeErrorText(trigger));
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

function foldedOf(trigger: string): string {
  const forms = formsOf(trigger);
  return (forms.folded ??= fold(trigger));
}

/** A note's error triggers with their forms, kept per note object: one lookup per note and recall, not per trigger. */
interface ErrorForms {
  text: string;
  folded: string;
  normalized?: string;
  keys?: string[];
}
const noteForms = new WeakMap<Note, { errors: readonly string[]; forms: ErrorForms[] }>();

function errorFormsOf(note: Note): ErrorForms[] {
  const errors = note.triggers.errors;
  const hit = noteForms.get(note);
  // Recomputed when the note's trigger list was replaced or edited in place (never stale).
  if (hit && hit.errors === errors && hit.forms.length === errors.length && hit.forms.every((f, i) => f.text === errors[i])) return hit.forms;
  const forms = errors.map((text) => ({ text, folded: foldedOf(text) }));
  noteForms.set(note, { errors, forms });
  return forms;
}

/** The first error trigger matching verbatim (4), else by signature (3), else normalised (2). Plain loops: hot. */
function strongestError(errors: ErrorForms[], raw: string, outputKeys: Set<string>, output: string): { strength: number; form: ErrorForms } | undefined {
  for (const e of errors) if (e.folded.length >= 4 && raw.includes(e.folded)) return { strength: 4, form: e };
  for (const e of errors) {
    const keys = (e.keys ??= keysOf(e.text));
    for (const k of keys) if (outputKeys.has(k)) return { strength: 3, form: e };
  }
  for (const e of errors) {
    const n = (e.normalized ??= normalizedOf(e.text));
    if (n.length >= 4 && output.includes(n)) return { strength: 2, form: e };
  }
  return undefined;
}

/**
 * Notes whose triggers match a failure, the strongest kind of match only. An error match always counts; a
 * command match counts only for notes that name no error signature (otherwise any failure of a common
 * command, such as a genuinely failing test, would bring the note back).
 */
export function matchFailure(notes: Note[], failure: FailureContext, limit = 3): TriggerMatch[] {
  const output = normalizeErrorText(failure.output);
  const raw = fold(failure.output);
  const outputKeys = new Set(extractErrorSignatures(failure.output, failure.command).map((s) => s.key));
  const matches: TriggerMatch[] = [];
  let segments: string[] | undefined;
  for (const note of notes) {
    if (note.status !== 'active') continue;
    const errors = errorFormsOf(note);
    const hit = errors.length ? strongestError(errors, raw, outputKeys, output) : undefined;
    if (hit) {
      matches.push({ note, strength: hit.strength, matched: hit.form.text });
      continue;
    }
    const cmd = errors.length === 0 && note.triggers.commands.find((c) => segmentsRun((segments ??= commandSegments(failure.command)), c));
    if (cmd) matches.push({ note, strength: 1, matched: cmd });
  }
  // The best matches only: a normalised match never rides along with a verbatim one.
  const best = Math.max(0, ...matches.map((m) => m.strength));
  return matches
    .filter((m) => m.strength === best)
    .sort((a, b) => b.note.evidence.sessions - a.note.evidence.sessions || a.note.id.localeCompare(b.note.id))
    .slice(0, limit);
}
