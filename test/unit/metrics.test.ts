/** EMF lines: the exact shape CloudWatch needs to turn a log line into a metric. */
import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC_NAMES, stageDimensions } from '#shared/metrics.js';

function capture() {
  const lines: string[] = [];
  const metrics = createMetrics({
    dimensions: stageDimensions('prod'),
    write: (line) => lines.push(line),
    now: () => 1_795_000_000_000,
  });
  return { metrics, lines };
}

describe('createMetrics', () => {
  it('writes one EMF line per count with namespace, dimensions, unit and value', () => {
    const { metrics, lines } = capture();
    metrics.count(METRIC_NAMES.signIns);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        Stage: 'prod',
        SignIns: 1,
        _aws: {
          Timestamp: 1_795_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'ModelCommons',
              Dimensions: [['Stage']],
              Metrics: [{ Name: 'SignIns', Unit: 'Count' }],
            },
          ],
        },
      },
    ]);
  });

  it('records explicit units and extra (non-dimension) properties for Logs Insights', () => {
    const { metrics, lines } = capture();
    metrics.record(METRIC_NAMES.settlements, 42, 'Milliseconds', { orderId: 'o-1' });
    const line = JSON.parse(lines[0] as string);
    expect(line).toMatchObject({ Settlements: 42, orderId: 'o-1', Stage: 'prod' });
    expect(line._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'Settlements', Unit: 'Milliseconds' }]);
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Stage']]);
  });

  it('does not let properties overwrite the dimensions or the value', () => {
    const { metrics, lines } = capture();
    metrics.count(METRIC_NAMES.indexerOrphanSales, 2, { Stage: 'dev', IndexerOrphanSales: 99 });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ Stage: 'prod', IndexerOrphanSales: 2 });
  });
});
