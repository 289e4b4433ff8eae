/**
 * AWS Lambda entry (API Gateway HTTP API, payload v2). Dependencies are built once per cold start and
 * reused across invocations.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { createApp } from './app.js';
import { buildAppDeps, createInfrastructure } from './deps.js';

const config = loadConfig(process.env);
const app = createApp(buildAppDeps(config, createInfrastructure(config)));

export const handler = handle(app);
