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
import type { Note } from '../memory/noteSchema';
import { extractCitations, type Citation } from './noteCitations';
import type { NameFacts, WorkspaceFacts } from './workspaceFacts';

export { readWorkspaceFacts } from './workspaceFacts';
export type { WorkspaceFacts } from './workspaceFacts';

export type StaleVerdict = { stale: false } | { stale: true; reason: string };

const MAX_REASONS = 3;

/** Whether `note` cites something the workspace no longer has, and what. */
export function checkNoteAgainstCode(note: Note, workspace: WorkspaceFacts): StaleVerdict {
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
