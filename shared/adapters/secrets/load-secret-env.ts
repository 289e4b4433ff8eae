/**
 * The Lambda entries' one call for their secrets (the chain indexer at start-up, the API on the first
 * request that needs one): resolves `*_SECRET_ARN` variables. With the Parameters and
 * Secrets extension attached (the stack attaches it to the API; its port variable is then set) each
 * secret is one local HTTP GET; otherwise the Secrets Manager SDK client reads them. Either reader is
 * imported only when there is something to read, so local runs and tests (plain variables) load neither.
 */
import { type Env, resolveSecretEnv, secretArnVariables } from './secret-env.js';

const SECRETS_EXTENSION_PORT_VARIABLE = 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT';

export async function loadSecretEnv(env: Env): Promise<Env> {
  if (secretArnVariables(env).length === 0) return env;
  const extensionPort = env[SECRETS_EXTENSION_PORT_VARIABLE];
  if (extensionPort) {
    const { createExtensionSecretReader } = await import('./extension-reader.js');
    const token = env.AWS_SESSION_TOKEN;
    if (!token) throw new Error(`${SECRETS_EXTENSION_PORT_VARIABLE} is set but AWS_SESSION_TOKEN is not`);
    return resolveSecretEnv(env, createExtensionSecretReader({ port: Number(extensionPort), token }));
  }
  const { createSecretsManagerReader } = await import('./secrets-manager-reader.js');
  // The SDK itself honours AWS_ENDPOINT_URL_SECRETS_MANAGER (used by tests).
  const reader = createSecretsManagerReader({ region: env.AWS_REGION ?? 'us-east-1' });
  try {
    return await resolveSecretEnv(env, reader.read);
  } finally {
    reader.destroy();
  }
}
