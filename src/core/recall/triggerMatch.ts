// Just-in-time recall: which notes a failed command should bring back, by error signature or command.
import type { Note } from '../memory/noteSchema';
import { extractErrorSignatures } from '../errors/errorExtract';
import { normalizeCommand, normalizeErrorText } from '../errors/errorSignature';
import { buildWordIndex, findIn, wordsOf, type TriggerEntry, type WordIndex } from './recallIndex';

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

/**
 * The active notes of one recall set, filed for lookup (see recallIndex.ts). Kept per array: a caller whose notes
 * changed passes a new array (checking 10,000 notes for edits in place would cost more than the lookup).
 */
interface RecallSet {
  verbatim: WordIndex;
  normalised?: WordIndex;
  byKey?: Map<string, TriggerEntry[]>;
  commandNotes: Note[];
}
const sets = new WeakMap<readonly Note[], RecallSet>();

function recallSetOf(notes: readonly Note[]): RecallSet {
  const known = sets.get(notes);
  if (known) return known;
  const active = notes.filter((n) => n.status === 'active');
  const entries = active.flatMap((note) => note.triggers.errors.map((text, index) => ({ note, index, text, form: foldedOf(text) })));
  const set: RecallSet = { verbatim: buildWordIndex(entries), commandNotes: active.filter((n) => n.triggers.errors.length === 0 && n.triggers.commands.length > 0) };
  sets.set(notes, set);
  return set;
}

function entriesOf(set: RecallSet): TriggerEntry[] {
  return [...set.verbatim.always, ...[...set.verbatim.byWord.values()].flat()];
}

/** Per note, its first trigger (in the note's order) among `hits`, at `strength`. */
function firstPerNote(hits: TriggerEntry[], strength: number): TriggerMatch[] {
  const first = new Map<Note, TriggerEntry>();
  for (const h of hits) if (!first.has(h.note) || h.index < first.get(h.note)!.index) first.set(h.note, h);
  return [...first.values()].map((h) => ({ note: h.note, strength, matched: h.text }));
}

/**
 * Notes whose triggers match a failure, the strongest kind of match only: verbatim (4), else the same error
 * signature (3), else normalised (2); a weaker kind is looked for only when no note matched a stronger one. A
 * command match (1) counts only for notes that name no error trigger (otherwise any failure of a common command,
 * such as a genuinely failing test, would bring the note back).
 */
export function matchFailure(notes: Note[], failure: FailureContext, limit = 3, skip?: (note: Note) => boolean): TriggerMatch[] {
  const set = recallSetOf(notes);
  const perNote = (hits: TriggerEntry[], strength: number) => firstPerNote(skip ? hits.filter((h) => !skip(h.note)) : hits, strength);
  const raw = fold(failure.output);
  let matches = perNote(findIn(set.verbatim, raw, wordsOf(raw)), 4);
  if (!matches.length) {
    const outputKeys = extractErrorSignatures(failure.output, failure.command).map((s) => s.key);
    if (!set.byKey) {
      set.byKey = new Map();
      for (const e of entriesOf(set)) for (const k of keysOf(e.text)) set.byKey.set(k, [...(set.byKey.get(k) ?? []), e]);
    }
    matches = perNote(outputKeys.flatMap((k) => set.byKey!.get(k) ?? []), 3);
  }
  if (!matches.length) {
    const output = normalizeErrorText(failure.output);
    set.normalised ??= buildWordIndex(entriesOf(set).map((e) => ({ ...e, form: normalizedOf(e.text) })));
    matches = perNote(findIn(set.normalised, output, wordsOf(output)), 2);
  }
  if (!matches.length) {
    const segments = commandSegments(failure.command);
    for (const note of set.commandNotes) {
      if (skip?.(note)) continue;
      const cmd = note.triggers.commands.find((c) => segmentsRun(segments, c));
      if (cmd) matches.push({ note, strength: 1, matched: cmd });
    }
  }
  return matches
    .sort((a, b) => b.note.evidence.sessions - a.note.evidence.sessions || a.note.id.localeCompare(b.note.id))
    .slice(0, limit);
}
