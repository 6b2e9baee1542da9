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
  const t = normalizeCommand(trigger);
  if (!t) return false;
  return normalizeCommand(command)
    .split(/\s*(?:&&|\|\||;|\|)\s*/)
    .some((segment) => segment === t || segment.startsWith(`${t} `));
}

export function errorMatches(normalizedOutput: string, trigger: string): boolean {
  const t = normalizeErrorText(trigger);
  return t.length >= 4 && normalizedOutput.includes(t);
}

const triggerKeys = new Map<string, string[]>();

/** The error-signature keys of a trigger (cached: triggers repeat across recalls). */
function keysOf(trigger: string): string[] {
  let keys = triggerKeys.get(trigger);
  if (!keys) {
    if (triggerKeys.size > 50_000) triggerKeys.clear();
    keys = extractErrorSignatures(trigger).map((s) => s.key);
    triggerKeys.set(trigger, keys);
  }
  return keys;
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

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
  for (const note of notes) {
    if (note.status !== 'active') continue;
    const verbatim = note.triggers.errors.find((e) => fold(e).length >= 4 && raw.includes(fold(e)));
    if (verbatim) {
      matches.push({ note, strength: 4, matched: verbatim });
      continue;
    }
    const sameSignature = note.triggers.errors.find((e) => keysOf(e).some((k) => outputKeys.has(k)));
    if (sameSignature) {
      matches.push({ note, strength: 3, matched: sameSignature });
      continue;
    }
    const err = note.triggers.errors.find((e) => errorMatches(output, e));
    if (err) {
      matches.push({ note, strength: 2, matched: err });
      continue;
    }
    const cmd = note.triggers.errors.length === 0 && note.triggers.commands.find((c) => commandMatches(failure.command, c));
    if (cmd) matches.push({ note, strength: 1, matched: cmd });
  }
  // The best matches only: a normalised match never rides along with a verbatim one.
  const best = Math.max(0, ...matches.map((m) => m.strength));
  return matches
    .filter((m) => m.strength === best)
    .sort((a, b) => b.note.evidence.sessions - a.note.evidence.sessions || a.note.id.localeCompare(b.note.id))
    .slice(0, limit);
}
