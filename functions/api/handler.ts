/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). The app is built on the first invocation and
 * reused by every later one: its secrets come from the Parameters and Secrets extension, which answers
 * only during invocations, not during INIT. A failed start (a secret unreadable for a moment) answers
 * 503 in the API's error envelope, is logged, and is retried by the next invocation.
 */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { loadSecretEnv } from '../../shared/adapters/secrets/load-secret-env.js';
import { loadConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/logging.js';
import { createApp } from './app.js';
import { buildAppDeps, createInfrastructure } from './deps.js';
import { errorBody } from './http/errors.js';

type ApiHandler = ReturnType<typeof handle>;

let started: Promise<ApiHandler> | undefined;

async function start(): Promise<ApiHandler> {
  // In AWS the environment holds only secret ARNs (`*_SECRET_ARN`); read them once per instance.
  const config = loadConfig(await loadSecretEnv(process.env));
  return handle(createApp(buildAppDeps(config, createInfrastructure(config))));
}

export const handler = async (event: LambdaEvent, context?: LambdaContext) => {
  if (!started) {
    started = start();
    started.catch(() => {
      started = undefined;
    });
  }
  let serve: ApiHandler;
  try {
    serve = await started;
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
