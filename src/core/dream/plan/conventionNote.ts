// A convention note from a correction the user gave, in their words.
import type { Note } from '../../memory/noteSchema';
import type { CorrectionEpisode } from '../read/episodeTypes';

const TOOL_WORDS = /\b(npm|pnpm|yarn|bun|npx|make|docker|pytest|poetry|uv|pip|cargo|go|gradle|mvn|tsc|eslint|prettier|vitest|jest|mocha|git)\b/gi;

export function conventionNote(c: CorrectionEpisode, newId: (title: string) => string): Note {
  const sentence = c.text.replace(/^(no|nope)[,.!]?\s+/i, '').replace(/\s+/g, ' ').trim();
  const title = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`.slice(0, 160);
  const keywords = [...new Set((c.text.match(TOOL_WORDS) ?? []).map((w) => w.toLowerCase()))].slice(0, 5);
  return {
    id: newId(title),
    kind: 'convention',
    title,
    status: 'active',
    provenance: 'dream',
    scope: [],
    triggers: { errors: [], commands: [], keywords },
    evidence: { sessions: 1, firstSeen: c.day, lastSeen: c.day, examples: [{ session: c.sessionId, text: c.text.slice(0, 200) }] },
    counters: { recalled: 0, helpful: 0, harmful: 0 },
    body: `The user said: "${c.text}"`,
    extra: {},
  };
}
