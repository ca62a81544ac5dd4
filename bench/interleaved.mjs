// Loads measured with and without the widget, interleaved so that a machine
// getting busier or quieter weighs on both alike; medians of each figure.
// Used by bench-page-churn.mjs and bench-components.mjs.

/** @param {number[]} xs */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Runs `run(false)` (the widget's files blocked) and `run(true)` N times
 * each, alternating; the median of each figure, by row.
 * @template {Record<string, number>} R
 * @param {number} n
 * @param {(widget: boolean) => Promise<R>} run
 * @returns {Promise<{bare: R, widget: R}>}
 */
export async function interleaved(n, run) {
  /** @type {R[][]} */
  const rows = [[], []];
  for (let i = 0; i < n; i++) {
    rows[0].push(await run(false));
    rows[1].push(await run(true));
  }
  const med = (/** @type {R[]} */ rs) => /** @type {R} */ (Object.fromEntries(Object.keys(rs[0]).map((k) => [k, median(rs.map((r) => r[k]))])));
  return { bare: med(rows[0]), widget: med(rows[1]) };
}
