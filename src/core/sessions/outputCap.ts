// Large tool outputs are cut before they reach a transcript: the head and the tail stay (that is where
// commands print what they do and how they failed), joined by `\n…[lucid: N characters cut]…\n`.
// Redaction happens on the full text around each cut point, so a secret that straddles a cut is still
// recognised whole and never leaves half of itself behind.
import type { Truncation } from './sessionSchema';

export const DEFAULT_MAX_OUTPUT_CHARS = 20_000;
/** The share of the kept characters taken from the head; the rest comes from the tail. */
const HEAD_SHARE = 0.4;
/** Context redacted beyond each cut point: longer than any secret format (an RSA-4096 key is ~3,300 chars). */
const MARGIN = 8_192;

export const cutMarker = (cut: number) => `\n…[lucid: ${cut} characters cut]…\n`;

const MARKER_RE = /\[REDACTED:[a-z0-9-]+\]/g;

/** Moves a cut point out of a redaction marker (to its end for a head, its start for a tail). */
function cutOutsideMarkers(text: string, at: number, side: 'head' | 'tail'): number {
  for (const m of text.matchAll(MARKER_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start < at && at < end) return side === 'head' ? end : start;
    if (start >= at) break;
  }
  return at;
}

export interface CappedOutput {
  output: string;
  truncated?: Truncation;
}

/** Redacts `text` and caps it at about `maxChars` characters (plus the cut marker). */
export async function redactAndCap(
  text: string,
  maxChars: number,
  redact: (text: string) => Promise<string>,
): Promise<CappedOutput> {
  const headLen = Math.floor(maxChars * HEAD_SHARE);
  const tailLen = maxChars - headLen;
  let head: string;
  let tail: string;
  if (text.length > maxChars + 2 * MARGIN) {
    // Only the windows around the kept parts are redacted: cheap on a 50 MB log.
    head = await redact(text.slice(0, headLen + MARGIN));
    tail = await redact(text.slice(text.length - tailLen - MARGIN));
  } else {
    const whole = await redact(text);
    if (whole.length <= maxChars) return { output: whole };
    head = tail = whole;
  }
  const headEnd = cutOutsideMarkers(head, Math.min(headLen, head.length), 'head');
  const tailStart = cutOutsideMarkers(tail, Math.max(0, tail.length - tailLen), 'tail');
  const keptHead = head.slice(0, headEnd);
  const keptTail = tail.slice(tailStart);
  const cut = Math.max(0, text.length - keptHead.length - keptTail.length);
  return {
    output: keptHead + cutMarker(cut) + keptTail,
    truncated: { originalChars: text.length, keptHead: keptHead.length, keptTail: keptTail.length },
  };
}
