/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). The app is built on the first invocation from
 * the environment's settings, with the DynamoDB client nearly every request needs, and reused by every
 * later one; S3's SDK loads with the first upload, download or readiness check. Its secrets (session keys, licence key,
 * private RPC URLs) are read on the first request that needs a service or a readiness check, through
 * the Parameters and Secrets extension, which answers only during invocations; liveness (`GET
 * /health`) never waits on them. A failed read answers that request 503 and is retried by the next.
 * A failed start (a bad setting) answers 503 in the API's error envelope, is logged, and is retried
 * by the next invocation.
 */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import type { DynamoClients } from '../../shared/adapters/dynamodb/clients.js';
import { loadConfig } from '../../shared/config.js';
import { DependencyError } from '../../shared/domain/errors.js';
import { lazyRetrying } from '../../shared/lazy-retrying.js';
import { createLogger } from '../../shared/logging.js';
import { createApp } from './app.js';
import { createDynamoClientsFor } from './aws-clients.js';
import { buildDeferredAppDeps, type Runtime } from './deps.js';
import { errorBody } from './http/errors.js';
import { createInfrastructure } from './infrastructure.js';

const start = lazyRetrying(async () => {
  // In AWS the environment holds the secrets' ARNs (`*_SECRET_ARN`), not their values.
  const settings = loadConfig(process.env);
  const dynamo = createDynamoClientsFor(settings.aws);
  return handle(createApp(buildDeferredAppDeps(settings, () => loadRuntime(dynamo))));
});

/** Reads the secrets once per instance, then builds the adapters on the DynamoDB clients made at start. */
async function loadRuntime(dynamo: DynamoClients): Promise<Runtime> {
  const { loadSecretEnv } = await import('../../shared/adapters/secrets/load-secret-env.js');
  let env: Record<string, string | undefined>;
  try {
    env = await loadSecretEnv(process.env);
  } catch (error) {
    throw new DependencyError('secrets', 'The API could not read its secrets; retry shortly', {
      cause: error,
    });
  }
  const config = loadConfig(env);
  return { config, infra: createInfrastructure(config, dynamo) };
}

export const handler = async (event: LambdaEvent, context?: LambdaContext) => {
  let serve: Awaited<ReturnType<typeof start>>;
  try {
    serve = await start();
  } catch (error) {
    // Before config exists there is no configured logger; errors are always worth a line.
    createLogger('error', { service: 'api' }).error('start-up failed', { error });
    return {
      statusCode: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '2' },
      body: JSON.stringify(errorBody('DEPENDENCY_UNAVAILABLE', 'The API is starting up; retry shortly')),
      isBase64Encoded: false,
    };
  }
  return serve(event, context);
};
