/**
 * The results API every benchmark reports its headline figures through, so that `npm run bench` can
 * print one table of measured figures beside their goals after all files have run (bench/run.ts).
 *
 * Each benchmark runs in its own process: results are appended as JSON lines to the file named by
 * BENCH_RESULTS_FILE, which the runner creates, reads back and deletes. A file run on its own (no
 * runner, no variable) prints its rows as it records them instead.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { printTable } from './stats.js';

export const RESULTS_FILE_ENV = 'BENCH_RESULTS_FILE';

export interface BenchResult {
  /** The benchmark (issue label), e.g. "P1 overhead (in-memory)". */
  benchmark: string;
  metric: string;
  /** The figure as it should be read, with its unit: "0.93×", "2 calls", "812 req/s". */
  measured: string;
  /** The goal in words ("≤ 1.25×"), or "—" for a figure shown for context only. */
  goal: string;
  /** Whether the goal is met; undefined for context-only figures. */
  met?: boolean | undefined;
  /** One line of explanation, shown under the table (e.g. why a goal is missed). */
  note?: string | undefined;
}

/** Records one headline figure for the final table. */
export function recordResult(result: BenchResult): void {
  const file = process.env[RESULTS_FILE_ENV];
  if (file) {
    appendFileSync(file, `${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`result: ${result.benchmark} | ${result.metric} | ${result.measured} | goal ${result.goal}`);
}

/** A ratio as the table shows it: two decimals and "×". */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

export function readResults(file: string): BenchResult[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BenchResult);
}

function mark(met: boolean | undefined): string {
  if (met === undefined) return '–';
  return met ? '✓' : '✗';
}

/** The summary: one row per result, then the notes of the rows that carry one, numbered. */
export function printSummary(results: readonly BenchResult[]): void {
  const notes: string[] = [];
  const rows: string[][] = [['benchmark', 'metric', 'measured', 'goal', 'met']];
  for (const result of results) {
    let metric = result.metric;
    if (result.note) {
      notes.push(result.note);
      metric += ` [${notes.length}]`;
    }
    rows.push([result.benchmark, metric, result.measured, result.goal, mark(result.met)]);
  }
  printTable(rows, { leftAligned: 2 });
  notes.forEach((note, index) => {
    console.log(`[${index + 1}] ${note}`);
  });
  const missed = results.filter((result) => result.met === false).length;
  const judged = results.filter((result) => result.met !== undefined).length;
  console.log(`\n${judged - missed} of ${judged} goals met; ${results.length - judged} figures for context.`);
}
