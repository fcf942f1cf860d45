/**
 * Edits between two words, counting a swap of two neighbouring letters as one (`buidl` → `build`), the
 * most common typing slip; plain Levenshtein (fastest-levenshtein) counts it as two. This is the optimal
 * string alignment distance: no substring is edited twice, which is all a typo of a short word needs.
 */
export function typoDistance(a: string, b: string): number {
  // Three rows: the one before last (for swaps), the last and the one being filled.
  let beforeLast: number[] = [];
  let last = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, beforeLast[j - 2]! + 1);
      row.push(d);
    }
    beforeLast = last;
    last = row;
  }
  return last[b.length]!;
}
