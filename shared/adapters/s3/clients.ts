/** Builds the S3 client once per entry point. */
import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientOptions {
  region: string;
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /**
   * Per-attempt limit for S3's response headers (3 attempts: a hung S3 fails in ~12 s, inside the
   * API function's timeout). Bodies may stream for longer; only silence stops them (`idleTimeoutMs`).
   */
  requestTimeoutMs?: number;
  /** A streaming body that sends nothing for this long fails (verifying a large upload reads one). */
  idleTimeoutMs?: number;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  const local = options.endpoint !== undefined;
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // s3rver only understands path-style addressing.
    forcePathStyle: local,
    // Without these the SDK adds a CRC32 of an empty body to presigned PUT URLs and stores streamed
    // bodies with aws-chunked framing on servers that do not decode it. We sign SHA-256 ourselves.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 4000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      socketTimeout: options.idleTimeoutMs ?? 10_000,
      connectionTimeout: 1000,
    },
  });
}
