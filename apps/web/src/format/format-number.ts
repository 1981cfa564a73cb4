/** A metric or score for people: up to 3 decimals below 1, 2 above, trailing zeros dropped (0.71, 0.713, 12.5). */
export function formatNumber(value: number): string {
  const decimals = Math.abs(value) < 1 ? 3 : 2;
  return String(Number(value.toFixed(decimals)));
}

/** A margin with its sign: `+0.02` inside the threshold, `−0.05` (a true minus) outside it. */
export function formatMargin(value: number): string {
  if (value === 0) return '±0';
  return `${value > 0 ? '+' : '−'}${formatNumber(Math.abs(value))}`;
}

/** `1 chunk`, `25 chunks`: a count with its noun, singular or plural. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : plural}`;
}
