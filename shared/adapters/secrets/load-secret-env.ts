/**
 * The Lambda entries' one call at cold start: resolves `*_SECRET_ARN` variables through Secrets
 * Manager. The SDK client is imported only when there is something to read, so local runs and tests
 * (plain variables) never load it.
 */
import { type Env, resolveSecretEnv, secretArnVariables } from './secret-env.js';

export async function loadSecretEnv(env: Env): Promise<Env> {
  if (secretArnVariables(env).length === 0) return env;
  const { createSecretsManagerReader } = await import('./secrets-manager-reader.js');
  // The SDK itself honours AWS_ENDPOINT_URL_SECRETS_MANAGER (used by the cold-start benchmark).
  const reader = createSecretsManagerReader({ region: env.AWS_REGION ?? 'us-east-1' });
  try {
    return await resolveSecretEnv(env, reader.read);
  } finally {
    reader.destroy();
  }
}
