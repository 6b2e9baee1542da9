// Just-in-time recall: which notes a failed command should bring back, by error signature or command.
import type { Note } from '../memory/noteSchema';
import { normalizeCommand, normalizeErrorText } from '../errors/errorSignature';

export interface FailureContext {
  command: string;
  output: string;
}

export interface TriggerMatch {
  note: Note;
  /** 2 for an error-signature match, 1 for a command match on a note without error triggers. */
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

/**
 * Notes whose triggers match a failure, strongest first. An error-signature match always counts; a
 * command match counts only for notes that name no error signature (otherwise any failure of a common
 * command, such as a genuinely failing test, would bring the note back).
 */
export function matchFailure(notes: Note[], failure: FailureContext, limit = 3): TriggerMatch[] {
  const output = normalizeErrorText(failure.output);
  const matches: TriggerMatch[] = [];
  for (const note of notes) {
    if (note.status !== 'active') continue;
    const err = note.triggers.errors.find((e) => errorMatches(output, e));
    if (err) {
      matches.push({ note, strength: 2, matched: err });
      continue;
    }
    const cmd = note.triggers.errors.length === 0 && note.triggers.commands.find((c) => commandMatches(failure.command, c));
    if (cmd) matches.push({ note, strength: 1, matched: cmd });
  }
  return matches
    .sort((a, b) => b.strength - a.strength || b.note.evidence.sessions - a.note.evidence.sessions || a.note.id.localeCompare(b.note.id))
    .slice(0, limit);
}
