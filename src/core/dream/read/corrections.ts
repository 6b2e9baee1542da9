// The plain corrections a heuristic can catch in what the user typed: "no, use pnpm here", "always run
// make gen first", "don't use npm in this repo". A model pass catches the rest.

/** Tools and words that make a sentence about how to work in this repository. */
const TOOLING = /\b(npm|pnpm|yarn|bun|npx|node|deno|make|cmake|docker|compose|pytest|poetry|uv|pip|cargo|go|gradle|mvn|maven|tsc|eslint|prettier|vitest|jest|mocha|git|branch|commit|rebase|merge|tabs?|spaces|camelCase|snake_case|kebab-case|\.env|lockfile)\b|`[^`]+`/i;

const PATTERNS = [
  /\b(?:no|nope)[,.!]?\s+(?:we\s+|please\s+)?(?:use|run|call)\s+[^.!?\n]{2,80}/i,
  /\b(?:don'?t|do not|never)\s+(?:use|run|call|commit|push|edit|touch)\s+[^.!?\n]{2,80}/i,
  /\b(?:always|please always)\s+(?:use|run|call|add|put|write)\s+[^.!?\n]{2,80}/i,
  /\buse\s+\S+\s+instead of\s+[^.!?\n]{2,60}/i,
  /\bin this (?:repo|repository|project),?\s+(?:we\s+)?(?:use|run|prefer)\s+[^.!?\n]{2,80}/i,
  /\bwe (?:use|prefer)\s+[^.!?\n]{2,60}\s+(?:here|in this (?:repo|repository|project))/i,
];

/** The correction sentences in a user message (at most two), trimmed. */
export function correctionIn(text: string): string[] {
  if (text.length > 2000 || text.startsWith('<')) return [];
  const found: string[] = [];
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m && TOOLING.test(m[0]) && !found.some((f) => f.includes(m[0]) || m[0].includes(f))) found.push(m[0].trim().replace(/[,;:]$/, ''));
    if (found.length >= 2) break;
  }
  return found;
}
