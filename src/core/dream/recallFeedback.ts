// Did a recalled note help? After a note was attached to a failing command, the same failure happening
// again in that session counts against it; the same intent succeeding afterwards counts for it.
import { extractErrorSignatures } from '../errors/errorExtract';
import { mainIntent } from './commandIntent';
import type { Feedback } from './dreamPlanner';
import type { Call } from './episodeExtractor';

export function recallFeedback(calls: Call[], into: Map<string, Feedback>): void {
  calls.forEach((call, i) => {
    if (!call.recalled.length || !call.command) return;
    const keys = new Set(extractErrorSignatures(call.output, call.command).map((s) => s.key));
    const intent = mainIntent(call.command);
    let verdict: keyof Feedback | undefined;
    for (const later of calls.slice(i + 1)) {
      if (!later.command) continue;
      if (!later.ok && extractErrorSignatures(later.output, later.command).some((s) => keys.has(s.key))) {
        verdict = 'harmful';
        break;
      }
      if (later.ok && mainIntent(later.command) === intent) {
        verdict = 'helpful';
        break;
      }
    }
    if (!verdict) return;
    for (const id of new Set(call.recalled)) {
      const fb = into.get(id) ?? { helpful: 0, harmful: 0 };
      fb[verdict]++;
      into.set(id, fb);
    }
  });
}
