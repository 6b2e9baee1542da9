// Turning free text the model writes through the memory tool (no front-matter) into a note:
// provenance `agent`, status `unverified` (a dream's evidence or a person makes it active), title from a leading `# heading` or the first line, kind `fact` unless the text names one.
import { NOTE_KINDS, type Note, type NoteKind } from './noteSchema';

const MAX_TITLE = 120;

export interface DraftOptions {
  id: string;
  /** `YYYY-MM-DD` */
  today: string;
}

export function draftAgentNote(text: string, { id, today }: DraftOptions): Note {
  return {
    id,
    kind: kindOf(text),
    title: titleOf(text) || id,
    status: 'unverified',
    provenance: 'agent',
    scope: [],
    triggers: { errors: [], commands: [], keywords: [] },
    evidence: { sessions: 1, firstSeen: today, lastSeen: today, examples: [] },
    counters: { recalled: 0, helpful: 0, harmful: 0 },
    body: text.replace(/\n$/, ''),
    extra: {},
  };
}

/** A leading `# heading`, else the first non-empty line, without Markdown markers; at most 120 characters. */
export function titleOf(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = first
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_TITLE) return plain;
  const cut = plain.slice(0, MAX_TITLE - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

/** `fact`, unless the text says otherwise: a `kind: <kind>` line or a `#<kind>` tag. */
export function kindOf(text: string): NoteKind {
  const kinds = NOTE_KINDS.join('|');
  const explicit =
    new RegExp(`^\\s*(?:[-*]\\s*)?\\**(?:kind|type)\\**\\s*:\\s*\\**(${kinds})\\b`, 'im').exec(text) ??
    new RegExp(`(?:^|\\s)#(${kinds})\\b`, 'i').exec(text);
  return explicit ? (explicit[1].toLowerCase() as NoteKind) : 'fact';
}
