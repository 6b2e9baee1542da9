// Text that arrives in pieces (a streamed reply, a command's output as it runs) gated as a whole: a secret split
// between two pieces is still caught. Pieces are held until their line is complete (the patterns never match across
// a line break), and an unfinished private key block until its END line; what is complete is gated and released.
// Nothing is held forever: past MAX_HELD characters, what is held is released (gated) anyway.
import { gateText } from './redactionGate';

const MAX_HELD = 64 * 1024;
const PEM_BEGIN = /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/;

export class StreamGate {
  private held = '';

  /** Adds a piece; returns what is ready to show, gated (often `''`: the line is not complete yet). */
  push(text: string): string {
    this.held += text;
    const cut = this.cutPoint();
    if (cut === 0) return '';
    const ready = this.held.slice(0, cut);
    this.held = this.held.slice(cut);
    return gateText(ready);
  }

  /** The stream ended (or something else is shown next): whatever is held, gated. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest ? gateText(rest) : '';
  }

  private cutPoint(): number {
    if (this.held.length > MAX_HELD) return this.held.length;
    const cut = this.held.lastIndexOf('\n') + 1;
    const begin = unclosedKeyAt(this.held.slice(0, cut));
    return begin >= 0 ? begin : cut;
  }
}

/** Where the last private key block that has no END line yet begins, or -1. */
function unclosedKeyAt(text: string): number {
  let last = -1;
  for (const m of text.matchAll(PEM_BEGIN)) last = m.index;
  if (last < 0 || PEM_END.test(text.slice(last))) return -1;
  return text.lastIndexOf('\n', last) + 1; // from the start of its line
}
