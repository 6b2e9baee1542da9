// Checks a note against the code: a note citing scripts, targets or files that no longer exist is stale.
//
// Rules (conservative: a note goes stale only when something it *cites* is clearly gone; citations are extracted
// by noteCitations.ts, facts read once per dream by workspaceFacts.ts):
// - script (`npm run X`, `npm test`, `pnpm run X`): stale when no package.json (root, workspace packages, sub-projects
//   one or two folders down) defines X. `npm start` is fine without a script when `server.js` exists (npm's default).
//   Loose forms (`pnpm X`, `yarn X`, `yarn run X`) also run a binary called X: stale only when X is neither a
//   script nor in any `node_modules/.bin` — and when nothing is installed, only if X has a `:` (binaries never do).
//   No package.json at all, or one that does not parse: script citations prove nothing (the note may be about a
//   sub-project, or the file is mid-edit).
// - make target: stale when a Makefile exists, is fully readable (no `include`, no `$(VAR):` targets), defines
//   neither the target nor a `%` pattern matching it, and no file of that name exists. No Makefile: not evidence.
// - just recipe: likewise with the justfile.
// - path run as a command (`./scripts/x.sh`, `bash scripts/x.sh`): stale when the file is gone.
// - path in `scope` (a glob counts by its literal folder): stale when it is gone — the note is about it.
// - path mentioned in code (`src/old/api.ts`): stale only when both it and its parent folder are gone (a missing
//   file in an existing folder is often one the note says to create, or generated).
// The reason names what is missing, e.g. "cites `npm run gen:api`, but no package.json defines a `gen:api` script";
// several are joined with "; " (at most three, then "and N more").
import * as path from 'path';
import type { Note } from '../../memory/noteSchema';
import { extractCitations, type Citation } from './noteCitations';
import type { NameFacts, WorkspaceFacts } from './workspaceFacts';

export { readWorkspaceFacts } from './workspaceFacts';
export type { WorkspaceFacts } from './workspaceFacts';

export type StaleVerdict = { stale: false } | { stale: true; reason: string };

const MAX_REASONS = 3;

/**
 * What a fix cites that this workspace contradicts, before the note is first written: a script no complete
 * package.json defines, a target no complete Makefile defines, a file run from a folder that exists without it.
 * A path whose folder is not here either proves nothing: the session may come from another checkout.
 */
export function contradicted(note: Note, workspace: WorkspaceFacts): string[] {
  return extractCitations(note)
    .filter((c) => (c.kind === 'path' ? c.strength === 'run' && !workspace.exists(c.path) && workspace.exists(path.posix.dirname(c.path)) && path.posix.dirname(c.path) !== '.' : !!missing(c, workspace)))
    .map((c) => c.cited);
}

/** A citation as recorded in `evidence.paths`: `script:NAME`, `make:T`, `just:R`, or a workspace path. */
export function citationId(c: Citation): string {
  return c.kind === 'path' ? c.path : `${c.kind}:${c.name}`;
}

/** The citations of a note that the workspace has now: what it verified when it was learned. */
export function verifiedCitations(note: Note, workspace: WorkspaceFacts): string[] {
  return [...new Set(extractCitations(note).filter((c) => !missing(c, workspace) && existsNow(c, workspace)).map(citationId))].sort();
}

/** Whether a citation is positively there (a missing fact set proves nothing either way). */
function existsNow(c: Citation, ws: WorkspaceFacts): boolean {
  switch (c.kind) {
    case 'script':
      return !!ws.scripts && ws.scripts.names.has(c.name);
    case 'make':
      return !!ws.makeTargets && (ws.makeTargets.names.has(c.name) || ws.exists(c.name));
    case 'just':
      return !!ws.justRecipes && ws.justRecipes.names.has(c.name);
    case 'path':
      return ws.exists(c.path);
  }
}

/**
 * A note that records what it verified (`evidence.paths`) is stale only when one of those is gone: a path that was
 * never in this workspace (a session from another checkout, a scratch file, a module name) proves nothing.
 * Notes without that record (people's notes, older notes) are checked by what they cite.
 */
export function checkNoteAgainstCode(note: Note, workspace: WorkspaceFacts): StaleVerdict {
  const verified = note.evidence.paths;
  if (verified !== undefined) {
    const gone = extractCitations(note).filter((c) => verified.includes(citationId(c)) && !existsNow(c, workspace));
    const reasons = [...new Set(gone.map((c) => missing(c, workspace) ?? `cites \`${c.cited}\`, which existed when the note was learned and is gone`))];
    if (!reasons.length) return { stale: false };
    const shown = reasons.slice(0, MAX_REASONS).join('; ');
    return { stale: true, reason: reasons.length > MAX_REASONS ? `${shown}; and ${reasons.length - MAX_REASONS} more` : shown };
  }
  return checkCitations(note, workspace);
}

function checkCitations(note: Note, workspace: WorkspaceFacts): StaleVerdict {
  const reasons: string[] = [];
  for (const c of extractCitations(note)) {
    const r = missing(c, workspace);
    if (r && !reasons.includes(r)) reasons.push(r);
  }
  if (reasons.length === 0) return { stale: false };
  const shown = reasons.slice(0, MAX_REASONS).join('; ');
  return { stale: true, reason: reasons.length > MAX_REASONS ? `${shown}; and ${reasons.length - MAX_REASONS} more` : shown };
}

function defines(facts: NameFacts, name: string): boolean {
  return facts.names.has(name) || facts.patterns.some((p) => p.test(name));
}

/** Why citation `c` is gone, or undefined when it exists or its absence proves nothing. */
function missing(c: Citation, ws: WorkspaceFacts): string | undefined {
  switch (c.kind) {
    case 'script': {
      const s = ws.scripts;
      if (!s || !s.complete || defines(s, c.name)) return undefined;
      if (c.name === 'start' && ws.exists('server.js')) return undefined;
      if (!c.strict) {
        if (ws.binaries ? ws.binaries.has(c.name) : !c.name.includes(':')) return undefined;
        return `cites \`${c.cited}\`, but no package.json defines a \`${c.name}\` script and no installed binary has that name`;
      }
      return `cites \`${c.cited}\`, but no package.json defines a \`${c.name}\` script`;
    }
    case 'make': {
      const m = ws.makeTargets;
      if (!m || !m.complete || defines(m, c.name) || ws.exists(c.name)) return undefined;
      return `cites \`${c.cited}\`, but no Makefile defines a \`${c.name}\` target`;
    }
    case 'just': {
      const j = ws.justRecipes;
      if (!j || !j.complete || defines(j, c.name)) return undefined;
      return `cites \`${c.cited}\`, but the justfile has no \`${c.name}\` recipe`;
    }
    case 'path': {
      const p = c.path;
      if (ws.exists(p)) return undefined;
      if (c.strength === 'scope') return `is scoped to \`${c.cited}\`, but \`${p}\` no longer exists`;
      if (c.strength === 'run') return `cites \`${c.cited}\`, but \`${p}\` no longer exists`;
      const parent = path.posix.dirname(p.replace(/\/$/, ''));
      if (parent === '.' || ws.exists(parent)) return undefined;
      return `cites \`${p}\`, but neither it nor \`${parent}/\` exists any more`;
    }
  }
}
