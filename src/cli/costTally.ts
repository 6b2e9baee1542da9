// The tokens of a run: the lead's turns, each specialist's, and the total (the `total_usage` line of `--json`).
import type { AgentEvent } from '../core/agent/agentEvents';
import { addCounts, costOf, formatCost, zeroCounts, type TokenCounts } from '../core/model/pricing';

interface Tokens {
  input: number;
  output: number;
}

export interface TotalUsage {
  lead: Tokens;
  specialists: Array<Tokens & { agent: string; callId: string }>;
  total: Tokens;
  /** Of the input, what was read from the prompt cache. */
  cacheReadTokens: number;
  /** From the price table (absent for a model it does not know). */
  costUsd?: number;
}

export class CostTally {
  private readonly lead: Tokens = { input: 0, output: 0 };
  private readonly specialists: TotalUsage['specialists'] = [];
  private all: TokenCounts = zeroCounts();

  constructor(private readonly model: string) {}

  add(e: AgentEvent): void {
    const u = e.type === 'usage' ? e : e.type === 'specialist_end' ? e.usage : undefined;
    if (u) this.all = addCounts(this.all, u);
    if (e.type === 'usage') {
      this.lead.input += e.inputTokens + e.cacheReadTokens + e.cacheWriteTokens;
      this.lead.output += e.outputTokens;
    }
    if (e.type === 'specialist_end') {
      const u = e.usage;
      this.specialists.push({ agent: e.agent, callId: e.callId, input: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, output: u.outputTokens });
    }
  }

  total(): TotalUsage {
    const all = [this.lead, ...this.specialists];
    const cost = costOf(this.model, this.all);
    return {
      lead: { ...this.lead }, specialists: this.specialists.map((s) => ({ ...s })), total: { input: all.reduce((n, t) => n + t.input, 0), output: all.reduce((n, t) => n + t.output, 0) },
      cacheReadTokens: this.all.cacheReadTokens, ...(cost === undefined ? {} : { costUsd: Number(cost.toFixed(6)) }),
    };
  }

  /** "tokens: lead 1200 in / 80 out; explore 900 / 40; total 2100 / 120" */
  line(): string {
    const t = this.total();
    const parts = [`lead ${t.lead.input} in / ${t.lead.output} out`, ...t.specialists.map((s) => `${s.agent} ${s.input} / ${s.output}`), `total ${t.total.input} / ${t.total.output} (${t.cacheReadTokens} from cache)`];
    return `tokens: ${parts.join('; ')}${t.costUsd === undefined ? '' : `; cost ${formatCost(t.costUsd)}`}`;
  }
}
