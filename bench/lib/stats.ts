/** Small statistics and table printing shared by benchmarks. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * Prints rows as an aligned text table (first row = header). Text columns (the first
 * `leftAligned`, default 1) are padded on the right, figures on the left.
 */
export function printTable(
  rows: readonly (readonly string[])[],
  options: { leftAligned?: number } = {},
): void {
  const leftAligned = options.leftAligned ?? 1;
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  rows.forEach((row, index) => {
    console.log(
      row
        .map((cell, column) =>
          column < leftAligned ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  });
}

/**
 * A ratio table: each subject's median against each baseline's median, e.g. "API vs floor (b) 1.07×".
 */
export function printRatioTable(
  medians: ReadonlyMap<string, number>,
  subjects: readonly string[],
  baselines: readonly string[],
): void {
  const rows: string[][] = [['subject', ...baselines.map((baseline) => `÷ ${baseline}`)]];
  for (const subject of subjects) {
    const value = medians.get(subject) ?? Number.NaN;
    rows.push([
      subject,
      ...baselines.map((baseline) => `${(value / (medians.get(baseline) ?? Number.NaN)).toFixed(2)}×`),
    ]);
  }
  printTable(rows);
}
