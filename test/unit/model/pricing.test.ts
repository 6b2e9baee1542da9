// The price table: families by model id, cache reads and writes at their own rates, no guess for unknown models.
import { strict as assert } from 'assert';
import { costOf, formatCost, priceOf } from '../../../src/core/model/pricing';

describe('pricing', () => {
  const ROWS: Array<[string, number | undefined]> = [
    ['claude-sonnet-4-6', 3],
    ['claude-sonnet-4-6[1m]', 3],
    ['claude-opus-4-1', 15],
    ['claude-opus-4-20250514', 15],
    ['claude-opus-4-6', 5],
    ['claude-haiku-4-5', 1],
    ['gpt-4o', undefined],
  ];
  for (const [model, input] of ROWS) it(`${model} → ${input ?? 'no price'}`, () => assert.equal(priceOf(model)?.input, input));

  it('costs every kind of token at its rate, and formats small and large amounts', () => {
    const c = costOf('claude-sonnet-4-6', { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 100_000 })!;
    assert.equal(c.toFixed(4), (3 + 1.5 + 0.3 + 0.375).toFixed(4));
    assert.equal(costOf('unknown', { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }), undefined);
    assert.equal(formatCost(0.00123), '$0.0012');
    assert.equal(formatCost(1.234), '$1.23');
  });
});
