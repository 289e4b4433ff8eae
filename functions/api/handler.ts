/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). The app is built on the first invocation from
 * the environment's settings, with the DynamoDB client nearly every request needs, and reused by every
 * later one; S3's SDK loads with the first upload, download or readiness check. Its secrets (session keys, licence key,
 * private RPC URLs) are read on the first request that needs a service or a readiness check, through
 * the Parameters and Secrets extension, which answers only during invocations; liveness (`GET
 * /health`) never waits on them. A failed read answers that request 503 and is retried by the next.
 * A failed start (a bad setting) answers 503 in the API's error envelope, is logged, and is retried
 * by the next invocation.
 *
 * A direct invocation `{ "modelCommonsSmoke": "sign-licence" }` (never an API Gateway event) is the
 * post-deploy smoke check (`npm run smoke`, smoke.ts): it is answered with a licence token signed by
 * the configured signer, and loads its code only then.
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
import { isSmokeEvent, type SmokeAnswer, type SmokeEvent } from './smoke-event.js';

const start = lazyRetrying(async () => {
  // In AWS the environment holds the secrets' ARNs (`*_SECRET_ARN`), not their values.
  const settings = loadConfig(process.env);
  const dynamo = createDynamoClientsFor(settings.aws);
  // One runtime per instance, shared by the app and the smoke check.
  const runtime = lazyRetrying(() => loadRuntime(dynamo));
  return { settings, runtime, serve: handle(createApp(buildDeferredAppDeps(settings, runtime))) };
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

export const handler = async (event: LambdaEvent | SmokeEvent, context?: LambdaContext) => {
  if (isSmokeEvent(event)) return smoke(event);
  let serve: Awaited<ReturnType<typeof start>>['serve'];
  try {
    ({ serve } = await start());
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

/** The smoke check: a token from the configured licence signer, or why there is none. */
async function smoke(event: SmokeEvent): Promise<SmokeAnswer> {
  let logger = createLogger('error', { service: 'api' });
  try {
    const [{ settings, runtime }, { answerSmokeEvent }] = await Promise.all([start(), import('./smoke.js')]);
    logger = createLogger(settings.logLevel, { service: 'api', stage: settings.stage });
    const { infra } = await runtime();
    const answer = await answerSmokeEvent(event, {
      stage: settings.stage,
      signer: infra.licenceSigner,
      now: new Date(),
    });
    logger.info('smoke check answered', { action: event.modelCommonsSmoke, ok: answer.ok });
    return answer;
  } catch (error) {
    logger.error('smoke check failed', { error });
    return { ok: false, error: describe(error) };
  }
}

/** An error and its causes, one line, for the operator who ran the smoke check. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current !== undefined && parts.length < 4; ) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- ');
}
