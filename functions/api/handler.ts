/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). Dependencies are built once per cold start and
 * reused across invocations.
 */
import { handle } from 'hono/aws-lambda';
import { loadSecretEnv } from '../../shared/adapters/secrets/load-secret-env.js';
import { loadConfig } from '../../shared/config.js';
import { createApp } from './app.js';
import { buildAppDeps, createInfrastructure } from './deps.js';

// In AWS the environment holds only secret ARNs (`*_SECRET_ARN`); read them once per cold start.
const config = loadConfig(await loadSecretEnv(process.env));
const app = createApp(buildAppDeps(config, createInfrastructure(config)));

export const handler = handle(app);
