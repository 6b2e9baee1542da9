// Binary search over a sorted sequence given by position: the kept search index's terms and postings, and the
// session-start snapshot's ids and ranking.

/** The first position in 0..length whose element is not below (`isBelow` false from there on); `length` if none. */
export function lowerBound(length: number, isBelow: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBelow(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
