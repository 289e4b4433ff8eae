/** Builds the KMS client once per entry point; the signers it backs get it injected. */
import { KMSClient } from '@aws-sdk/client-kms';

export interface KmsClientOptions {
  region: string;
  /** A stand-in's URL (tests); unset in AWS. */
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /**
   * Per-attempt limit for KMS's answer (3 attempts: a hung KMS fails a signature in ~6 s, inside the
   * API function's timeout, as a 503).
   */
  requestTimeoutMs?: number;
}

export function createKmsClient(options: KmsClientOptions): KMSClient {
  return new KMSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 3,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 2000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: 1000,
    },
  });
}
