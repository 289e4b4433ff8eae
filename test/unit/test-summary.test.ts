/** CI's one-line verdict (scripts/test-summary.mjs) over vitest JSON reports of every outcome. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function summarise(report: unknown): { line: string; code: number | null } {
  const file = join(mkdtempSync(join(tmpdir(), 'mc-summary-')), 'report.json');
  if (report !== undefined) writeFileSync(file, JSON.stringify(report));
  const run = spawnSync(process.execPath, ['scripts/test-summary.mjs', file], { encoding: 'utf8' });
  return { line: run.stdout.trim(), code: run.status };
}

const file = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((test) => ({ status: test })),
});

describe('test-summary', () => {
  it('passes a run where every test passed', () => {
    const report = {
      numPassedTests: 2,
      numFailedTests: 0,
      success: true,
      testResults: [file('passed', ['passed', 'passed'])],
    };
    expect(summarise(report)).toEqual({ line: '2 passed, 0 failed', code: 0 });
  });

  it('fails a run with a failed test', () => {
    const report = {
      numPassedTests: 1,
      numFailedTests: 1,
      success: false,
      testResults: [file('failed', ['passed', 'failed'])],
    };
    expect(summarise(report)).toEqual({ line: '1 passed, 1 failed', code: 1 });
  });

  it('counts the tests of a file whose setup failed as failed, not skipped', () => {
    const report = {
      numPassedTests: 2,
      numFailedTests: 0,
      numPendingTests: 3,
      success: false,
      testResults: [file('passed', ['passed', 'passed']), file('failed', ['skipped', 'skipped', 'skipped'])],
    };
    expect(summarise(report)).toEqual({ line: '2 passed, 3 failed', code: 1 });
  });

  it('fails a run that executed no test, and a missing report', () => {
    expect(summarise({ numPassedTests: 0, numFailedTests: 0, success: true, testResults: [] }).code).toBe(1);
    expect(summarise(undefined)).toEqual({ line: '0 passed, 1 failed', code: 1 });
  });
});
