import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.js';
import { buildAppDeps } from '../../functions/api/deps.js';
import { createLogger } from '../../shared/logging.js';
import { createMetrics, stageDimensions } from '../../shared/metrics.js';
import { signIn } from '../helpers/auth.js';
import { testApp } from '../helpers/stack.js';

const { config, infra, close } = testApp();
afterAll(close);

describe('business metrics', () => {
  it('emits one SignIns point in EMF with the stage dimension per successful sign-in', async () => {
    const lines: string[] = [];
    const metrics = createMetrics({ dimensions: stageDimensions('test'), write: (line) => lines.push(line) });
    const app = createApp(buildAppDeps(config, infra, { logger: createLogger('silent'), metrics }));
    await signIn(app);
    const points = lines.map((line) => JSON.parse(line)).filter((point) => 'SignIns' in point);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      SignIns: 1,
      Stage: 'test',
      _aws: {
        CloudWatchMetrics: [
          { Namespace: 'ModelCommons', Dimensions: [['Stage']], Metrics: [{ Name: 'SignIns' }] },
        ],
      },
    });
  });
});
