// What a request and a session cost: every token count as the API reports it (fresh input, cache reads, cache
// writes, output), the lead's and its specialists', priced by the model when the price table knows it. Pure: no
// `vscode` import, so the unit tier tests it through ChatLog.
import { costOf, type TokenCounts } from '../core/model/pricing';
import type { CostItem, TokenCount, TurnUsageItem } from '../shared/panelState';

export { addCounts, zeroCounts } from '../core/model/pricing';

const isEmpty = (t: TokenCounts) => t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheWriteTokens === 0;

/** Dollars, when the model is known and has a price. */
function priced(model: string | undefined, t: TokenCounts): { cost?: number } {
  const cost = model ? costOf(model, t) : undefined;
  return cost === undefined ? {} : { cost };
}

/** The request's token line: the lead's and each specialist's tokens, the total, cache reads and the cost. */
export function usageLine(model: string | undefined, lead: TokenCount, specialists: Array<TokenCount & { agent: string }>, counts: TokenCounts): Omit<TurnUsageItem, 'id'> | undefined {
  if (isEmpty(counts) && !specialists.length) return undefined;
  const total = specialists.reduce((sum, s) => ({ inputTokens: sum.inputTokens + s.inputTokens, outputTokens: sum.outputTokens + s.outputTokens }), lead);
  return { kind: 'usage', lead, specialists, total, cacheReadTokens: counts.cacheReadTokens, ...priced(model, counts) };
}

/** `/cost`: the session's tokens so far. */
export function costItem(model: string, counts: TokenCounts): Omit<CostItem, 'id'> {
  return { kind: 'cost', model, ...counts, ...priced(model, counts) };
}
