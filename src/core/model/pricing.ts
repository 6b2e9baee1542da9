// What tokens cost, in one place: US dollars per million tokens by model family (Anthropic's list prices; cache
// writes at the 5-minute rate). A model no row matches has no price: costs are then not shown rather than guessed.
export interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

const PRICES: Array<[RegExp, Price]> = [
  [/^claude-opus-4(?:-[01])?(?:-\d{8})?$/, { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 }],
  [/^claude-opus-/, { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }],
  [/^claude-sonnet-/, { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }],
  [/^claude-haiku-/, { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }],
  [/^claude-3-5-haiku/, { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 }],
];

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const zeroCounts = (): TokenCounts => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

/** The sum of two token counts (a request's turns, a session's requests, a lead and its specialists). */
export function addCounts(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

export function priceOf(model: string): Price | undefined {
  const id = model.replace(/\[1m\]$/, '');
  return PRICES.find(([re]) => re.test(id))?.[1];
}

/** The cost in dollars, or undefined when the model has no price here. */
export function costOf(model: string, t: TokenCounts): number | undefined {
  const p = priceOf(model);
  if (!p) return undefined;
  return (t.inputTokens * p.input + t.outputTokens * p.output + t.cacheWriteTokens * p.cacheWrite + t.cacheReadTokens * p.cacheRead) / 1_000_000;
}

/** `$0.0123`, `$1.23`. */
export const formatCost = (dollars: number) => `$${dollars < 0.01 ? dollars.toFixed(4) : dollars.toFixed(2)}`;
