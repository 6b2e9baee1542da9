// Note ids: a readable slug of the title plus 4 random hex digits (`vitest-not-on-path-3f2a`), so two people or
// two machines creating a note on the same topic at the same time get different files and no merge conflict.
import { randomBytes } from 'crypto';
import { ID_PATTERN } from './noteSchema';

const MAX_SLUG = 48;

/** Lowercase ASCII words joined by dashes, cut at a word boundary; `note` when nothing is left. */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) {
      if (!slug) slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug || 'note';
}

export function randomSuffix(): string {
  return randomBytes(2).toString('hex');
}

/** A fresh id for a note titled `title`. */
export function newNoteId(title: string): string {
  return `${slugify(title)}-${randomSuffix()}`;
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
