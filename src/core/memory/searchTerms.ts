// The terms of notes and queries: words, lowercased, with the parts of `snake_case` and `camelCase` words; stop-words
// and one-character terms dropped; the edit distance of two terms. Shared by the search index and the dream.

// prettier-ignore
export const STOP_WORDS = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'cannot', 'could',
  'did', 'do', 'does', 'doing', 'don', 'down', 'during', 'each', 'else', 'etc', 'few', 'for', 'from', 'further',
  'get', 'got', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'him', 'his', 'how', 'i', 'if', 'in',
  'into', 'is', 'isn', 'it', 'its', 'itself', 'just', 'let', 'like', 'me', 'more', 'most', 'my', 'no', 'nor', 'not',
  'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'out', 'over', 'own', 'please', 'same',
  'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they',
  'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'us', 'use', 'used', 'using', 'very', 'was',
  'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'won', 'would',
  'you', 'your', 'yours',
  // words of any request, absent from notes; they would count as unmatched content terms
  'fix', 'fixed', 'fixing', 'issue', 'issues', 'problem', 'problems', 'help', 'way', 'thing', 'things', 'something',
  'anything', 'want', 'need', 'know', 'make', 'try', 'tried', 'trying', 'work', 'works', 'working', 'still', 'again',
  'happen', 'happens', 'happening', 'getting', 'seems', 'doesn', 'didn', 'wasn', 'aren', 've',
  // shell noise in pasted output
  'sh', 'bash', 'zsh',
]);

/** Words of `text`, lowercased; `snake_case` and `camelCase` words also yield their parts. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}_]+/u)) {
    if (!word) continue;
    out.push(word.toLowerCase());
    const parts = word.split(/_+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
    if (parts.length > 1) for (const p of parts) out.push(p.toLowerCase());
  }
  return out;
}

/** Drops stop-words and one-character terms. */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 2 || STOP_WORDS.has(t) ? null : t;
}

/** The distinct content terms of a query. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenize(query).map(processTerm).filter((t): t is string => t !== null))];
}

/** Levenshtein distance (insertions, deletions, substitutions of UTF-16 units, as minisearch counts them), or
 * `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (c === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[b.length], max + 1);
}
