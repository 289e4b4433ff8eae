/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). The app is built on the first invocation by the
 * composition root (functions/runtime/runtime.ts, `createDeferredRuntime`: secrets and most adapters on
 * first use) and reused by every later one. A failed start (a bad setting) answers 503 in the API's
 * error envelope, is logged, and is retried by the next invocation.
 *
 * A direct invocation `{ "modelCommonsSmoke": "sign-licence" }` (never an API Gateway event) is the
 * post-deploy smoke check (`npm run smoke`, smoke.ts): it is answered with a licence token signed by
 * the configured signer, and loads its code only then.
 */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { loadSmokeAnswer } from '#runtime/lazy.js';
import { buildAppDeps, createDeferredRuntime } from '#runtime/runtime.js';
import { lazyRetrying } from '#shared/lazy-retrying.js';
import { createLogger } from '#shared/logging.js';
import { createApp } from './app.js';
import { errorBody } from './http/errors.js';
import { isSmokeEvent, type SmokeEvent } from './smoke-event.js';

const start = lazyRetrying(async () => {
  // One runtime per instance, shared by the app and the smoke check.
  const runtime = createDeferredRuntime(process.env);
  return { runtime, serve: handle(createApp(buildAppDeps(runtime))) };
});

export const handler = async (event: LambdaEvent | SmokeEvent, context?: LambdaContext) => {
  if (isSmokeEvent(event)) {
    const { answerSmokeInvocation } = await loadSmokeAnswer();
    return answerSmokeInvocation(event, async () => {
      const { settings, loaded } = (await start()).runtime;
      const signer = async () => (await loaded()).infra.licenceSigner;
      return { stage: settings.stage, logLevel: settings.logLevel, signer };
    });
  }
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
