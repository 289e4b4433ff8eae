/**
 * SIWE parsing and signature checks. Uses the `siwe` package for ABNF parsing and EOA signature
 * recovery, and checks contract wallets (EIP-1271) itself through the chain gateway, with a gas cap
 * and the gateway's timeout (siwe's own EIP-1271 path has neither). `siwe` and `ethers` load lazily.
 */
import { isChecksumAddress } from '../../domain/address.js';
import { type SiweFields, siweFailure } from '../../domain/auth/siwe-policy.js';
import type { SiweVerifier } from '../../ports/auth.js';
import type { EvmChainGateway } from './evm-chain-gateway.js';

const EIP1271_MAGIC_VALUE = '0x1626ba7e';

export class EthersSiweVerifier implements SiweVerifier {
  constructor(
    private readonly chains: EvmChainGateway,
    private readonly eip1271GasCap = 250_000,
  ) {}

  async parse(message: string): Promise<SiweFields> {
    const { SiweMessage } = await import('siwe');
    let parsed: InstanceType<typeof SiweMessage>;
    try {
      parsed = new SiweMessage(message);
    } catch {
      throw siweFailure('MALFORMED', 'The message is not a valid EIP-4361 message');
    }
    // Only the canonical serialisation is accepted: what was signed is exactly what we interpret.
    if (parsed.prepareMessage() !== message) {
      throw siweFailure('MALFORMED', 'The message is not in canonical EIP-4361 form');
    }
    if (!isChecksumAddress(parsed.address)) {
      throw siweFailure('MALFORMED', 'The address must be EIP-55 checksummed');
    }
    return {
      scheme: parsed.scheme,
      domain: parsed.domain,
      address: parsed.address,
      uri: parsed.uri,
      version: parsed.version,
      chainId: Number(parsed.chainId),
      nonce: parsed.nonce,
      issuedAt: parsed.issuedAt,
      expirationTime: parsed.expirationTime,
      notBefore: parsed.notBefore,
    };
  }

  async verifySignature(
    message: string,
    fields: SiweFields,
    signature: string,
    now: Date,
  ): Promise<'eoa' | 'contract'> {
    const { SiweMessage, SiweErrorType } = await import('siwe');
    const result = await new SiweMessage(message).verify(
      {
        signature,
        domain: fields.domain,
        nonce: fields.nonce,
        ...(fields.scheme ? { scheme: fields.scheme } : {}),
        time: now.toISOString(),
      },
      { suppressExceptions: true },
    );
    if (result.success) return 'eoa';
    switch (result.error?.type) {
      case SiweErrorType.INVALID_SIGNATURE:
        break; // maybe a contract wallet: checked below
      case SiweErrorType.EXPIRED_MESSAGE:
        throw siweFailure('MESSAGE_EXPIRED', 'The message has expired');
      case SiweErrorType.NOT_YET_VALID_MESSAGE:
        throw siweFailure('MESSAGE_NOT_YET_VALID', 'The message is not valid yet');
      case SiweErrorType.DOMAIN_MISMATCH:
      case SiweErrorType.INVALID_DOMAIN:
        throw siweFailure('DOMAIN_MISMATCH', 'The message domain does not match');
      case SiweErrorType.SCHEME_MISMATCH:
        throw siweFailure('SCHEME_MISMATCH', 'The message scheme does not match');
      case SiweErrorType.NONCE_MISMATCH:
      case SiweErrorType.INVALID_NONCE:
        throw siweFailure('NONCE_INVALID', 'The nonce is invalid');
      default:
        throw siweFailure('MALFORMED', 'The message could not be verified');
    }
    if (await this.isValidContractSignature(fields, message, signature)) return 'contract';
    throw siweFailure('SIGNATURE_INVALID', 'The signature does not match the address');
  }

  /** EIP-1271: ask the wallet contract whether it accepts the signature for the message hash. */
  private async isValidContractSignature(
    fields: SiweFields,
    message: string,
    signature: string,
  ): Promise<boolean> {
    const code = await this.chains.rpc(fields.chainId, 'eth_getCode', [fields.address, 'latest']);
    if (typeof code !== 'string' || code === '0x') return false;
    const { AbiCoder, hashMessage } = await import('ethers');
    const data =
      EIP1271_MAGIC_VALUE +
      AbiCoder.defaultAbiCoder()
        .encode(['bytes32', 'bytes'], [hashMessage(message), signature])
        .slice(2);
    let answer: unknown;
    try {
      answer = await this.chains.rpc(fields.chainId, 'eth_call', [
        { to: fields.address, data, gas: `0x${this.eip1271GasCap.toString(16)}` },
        'latest',
      ]);
    } catch (error) {
      // A revert means "not valid"; an unreachable chain must surface as 503, not as a bad signature.
      if (isRevert(error)) return false;
      throw error;
    }
    return typeof answer === 'string' && answer.toLowerCase().startsWith(EIP1271_MAGIC_VALUE);
  }
}

function isRevert(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === 'CALL_EXCEPTION' || /revert/i.test(cause?.message ?? '');
}
