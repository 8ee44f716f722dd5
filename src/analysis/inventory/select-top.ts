// Top-N selection without sorting everything: 100k ephemeral ports cost one pass.

// Above this n, collecting and sorting beats insertion into a sorted window.
const INSERTION_LIMIT = 64;

// Keeps the n entries with the largest totals, ties broken by key order.
export function selectTop<K>(totals: Iterable<[K, number]>, n: number, compare: (a: K, b: K) => number): [K, number][] {
  const better = (a: [K, number], b: [K, number]) => a[1] > b[1] || (a[1] === b[1] && compare(a[0], b[0]) < 0);
  if (n > INSERTION_LIMIT) {
    const all = [...totals];
    all.sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
    return all.length > n ? all.slice(0, n) : all;
  }
  const top: [K, number][] = [];
  for (const entry of totals) {
    if (top.length === n) {
      const last = top[n - 1];
      if (last === undefined || !better(entry, last)) continue;
      top.pop();
    }
    let i = top.length;
    while (i > 0 && better(entry, top[i - 1]!)) i--;
    top.splice(i, 0, entry);
  }
  return top;
}
