/**
 * A local stand-in for AWS KMS's Sign and GetPublicKey (JSON 1.1 protocol), so the real SDK client and
 * our KMS signer are exercised end to end without AWS (no KMS emulator installs here). Signatures come
 * from @noble/curves like KMS's: DER-encoded, randomised, with s in either half (KMS does not normalise
 * it). It checks what KMS checks for a digest signature and records every call; it does not check
 * request signatures.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KMSClient } from '@aws-sdk/client-kms';
import { secp256k1 } from '@noble/curves/secp256k1';
import { computeAddress, hexlify } from 'ethers';
import { createKmsClient } from '#adapters/keys/kms-client.js';
import { type Address, toChecksumAddress } from '#domain/address.js';

export interface KmsStub {
  endpoint: string;
  /** The key's ARN; its alias `alias/<name>` is accepted too. */
  keyArn: string;
  alias: string;
  /** The key's Ethereum address, from its private key (independently of the code under test). */
  address: Address;
  /** Every call: its X-Amz-Target operation and JSON body. */
  calls: Array<{ operation: string; body: Record<string, unknown> }>;
  /** While set, every call fails with this KMS error. */
  failure: { status: number; type: string; message: string } | undefined;
  /** A real KMS client pointed at the stub, built as the app builds its own. */
  client(): KMSClient;
  close(): Promise<void>;
}

export interface KmsStubOptions {
  /** 0x-hex secp256k1 private key; random by default. */
  privateKey?: string;
  /** `p256`: GetPublicKey answers a NIST P-256 key (a misconfigured key spec). */
  curve?: 'secp256k1' | 'p256';
}

export async function startKmsStub(options: KmsStubOptions = {}): Promise<KmsStub> {
  const privateKey = options.privateKey
    ? Buffer.from(options.privateKey.slice(2), 'hex')
    : secp256k1.utils.randomPrivateKey();
  const point = secp256k1.getPublicKey(privateKey, false);
  const spki =
    options.curve === 'p256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
          type: 'spki',
          format: 'der',
        })
      : createPublicKey({
          key: {
            kty: 'EC',
            crv: 'secp256k1',
            x: Buffer.from(point.subarray(1, 33)).toString('base64url'),
            y: Buffer.from(point.subarray(33)).toString('base64url'),
          },
          format: 'jwk',
        }).export({ type: 'spki', format: 'der' });
  const name = `licence-signer-${Math.random().toString(36).slice(2, 10)}`;
  const keyArn = `arn:aws:kms:us-east-1:123456789012:key/${name}`;
  const alias = `alias/${name}`;
  const calls: KmsStub['calls'] = [];

  const answer = (operation: string, body: Record<string, unknown>): [number, object] => {
    if (body.KeyId !== keyArn && body.KeyId !== alias) {
      return [400, { __type: 'NotFoundException', message: `Key '${String(body.KeyId)}' does not exist` }];
    }
    if (operation === 'GetPublicKey') {
      return [
        200,
        {
          KeyId: keyArn,
          KeySpec: options.curve === 'p256' ? 'ECC_NIST_P256' : 'ECC_SECG_P256K1',
          KeyUsage: 'SIGN_VERIFY',
          PublicKey: spki.toString('base64'),
          SigningAlgorithms: ['ECDSA_SHA_256'],
        },
      ];
    }
    if (operation === 'Sign') {
      const message = Buffer.from(String(body.Message), 'base64');
      if (
        body.SigningAlgorithm !== 'ECDSA_SHA_256' ||
        body.MessageType !== 'DIGEST' ||
        message.length !== 32
      ) {
        return [
          400,
          { __type: 'ValidationException', message: 'expected a 32-byte DIGEST for ECDSA_SHA_256' },
        ];
      }
      const signature = secp256k1.sign(message, privateKey, { lowS: false, extraEntropy: true });
      return [
        200,
        {
          KeyId: keyArn,
          Signature: Buffer.from(signature.toDERRawBytes()).toString('base64'),
          SigningAlgorithm: 'ECDSA_SHA_256',
        },
      ];
    }
    return [400, { __type: 'UnsupportedOperationException', message: `${operation} is not stubbed` }];
  };

  const stub: KmsStub = {
    endpoint: '',
    keyArn,
    alias,
    address: toChecksumAddress(computeAddress(hexlify(point))),
    calls,
    failure: undefined,
    client: () =>
      createKmsClient({
        region: 'us-east-1',
        endpoint: stub.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      calls.push({ operation, body });
      const [status, json] = stub.failure
        ? [stub.failure.status, { __type: stub.failure.type, message: stub.failure.message }]
        : answer(operation, body);
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.writeHead(status).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () => new Promise((resolve) => server.close(() => resolve()));
  return stub;
}
