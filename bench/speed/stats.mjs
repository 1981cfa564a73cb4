// Small statistics for the bench: median with min–max over runs, and latency percentiles.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `{ median, min, max, runs }` of the values of several runs. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `12.3 (11.9–12.8)`: a summary as the results table shows it. */
export function formatSummary(value, digits = 0) {
  const format = (number) => number.toFixed(digits);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}
