// Fuzzy matching of workspace paths for the `@` list: the query's letters must appear in the path in order (a
// subsequence, case-insensitive); the best alignment wins, with bonuses for letters in the file's own name, at the
// start of a word (after `/`, `.`, `_`, `-`, a space, or a camelCase hump) and right after the previous letter.
// Shorter paths win ties. Also turns a `.gitignore` into exclude globs. Pure: no `vscode` import, unit-tested.

const MATCH = 1;
const WORD_START = 8;
const IN_BASENAME = 4;
const CONSECUTIVE = 6;
const GAP = 1;
const LENGTH_PENALTY = 0.05;
const EXACT_BASENAME = 20;

/** The score of `path` for `query` (higher is better), or undefined when the letters are not all there in order. */
export function fuzzyScore(query: string, path: string): number | undefined {
  const q = query.replace(/\s+/g, '').toLowerCase();
  const lower = path.toLowerCase();
  if (!q) return -LENGTH_PENALTY * path.length;
  if (!isSubsequence(q, lower)) return undefined;
  const trimmed = path.replace(/\/+$/, '');
  const base = trimmed.lastIndexOf('/') + 1;
  const bonus = (j: number) => MATCH + (wordStart(path, j) ? WORD_START : 0) + (j >= base ? IN_BASENAME : 0);
  const n = q.length;
  const m = lower.length;
  // best[j]: the best score with the query's letters so far matched, the last one at path[j].
  let best = new Float64Array(m).fill(-Infinity);
  for (let j = 0; j < m; j++) if (lower[j] === q[0]) best[j] = bonus(j);
  for (let i = 1; i < n; i++) {
    const next = new Float64Array(m).fill(-Infinity);
    let before = -Infinity; // the best of best[k] for k <= j - 2 (a gap before j)
    for (let j = i; j < m; j++) {
      if (j >= 2) before = Math.max(before, best[j - 2]);
      if (lower[j] !== q[i]) continue;
      next[j] = Math.max(best[j - 1] + CONSECUTIVE, before - GAP) + bonus(j);
    }
    best = next;
  }
  let score = Math.max(...best);
  if (trimmed.slice(base).toLowerCase() === q) score += EXACT_BASENAME;
  return score - LENGTH_PENALTY * m;
}

/** The `limit` best of `candidates` for `query`, best first (ties: shorter, then alphabetical). */
export function rankPaths<T extends { path: string }>(query: string, candidates: readonly T[], limit: number): T[] {
  const scored: Array<{ c: T; s: number }> = [];
  for (const c of candidates) {
    const s = fuzzyScore(query, c.path);
    if (s !== undefined) scored.push({ c, s });
  }
  scored.sort((a, b) => b.s - a.s || a.c.path.length - b.c.path.length || a.c.path.localeCompare(b.c.path));
  return scored.slice(0, limit).map((x) => x.c);
}

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (let j = 0; j < s.length && i < q.length; j++) if (s[j] === q[i]) i++;
  return i === q.length;
}

function wordStart(s: string, j: number): boolean {
  if (j === 0) return true;
  const prev = s[j - 1];
  if ('/._- '.includes(prev)) return true;
  return prev >= 'a' && prev <= 'z' && s[j] >= 'A' && s[j] <= 'Z';
}

/**
 * Exclude globs (for `workspace.findFiles`) from a `.gitignore`: each plain pattern excludes what it names and, for a
 * folder, everything in it. Negations (`!`) and patterns with braces or commas (which would break the `{a,b}` glob
 * they are joined into) are left out: the list then shows more, never less.
 */
export function gitignoreGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let p = raw.trim();
    if (!p || p.startsWith('#') || p.startsWith('!') || /[{},\\]/.test(p)) continue;
    p = p.replace(/\/+$/, '');
    const anchored = p.startsWith('/') || p.includes('/');
    p = p.replace(/^\/+/, '');
    if (!p || p === '**') continue;
    const glob = anchored || p.startsWith('**/') ? p : `**/${p}`;
    globs.push(glob, `${glob}/**`);
  }
  return globs;
}
