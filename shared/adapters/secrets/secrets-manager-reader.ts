/** A `SecretReader` backed by AWS Secrets Manager (one client per cold start, injected endpoint/region). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from './secret-env.js';

export interface SecretsManagerReaderOptions {
  region: string;
  /** Tests point this at a local stand-in; unset in AWS. */
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export function createSecretsManagerReader(options: SecretsManagerReaderOptions): {
  read: SecretReader;
  destroy(): void;
} {
  const client = new SecretsManagerClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 3,
    requestHandler: { requestTimeout: 3000, connectionTimeout: 1000 },
  });
  return {
    read: async (secretId) => {
      const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (typeof output.SecretString !== 'string') {
        throw new Error(`Secret ${secretId} has no string value (binary secrets are not supported)`);
      }
      return output.SecretString;
    },
    destroy: () => client.destroy(),
  };
}
