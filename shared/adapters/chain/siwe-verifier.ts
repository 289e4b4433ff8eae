/**
 * SIWE parsing and signature checks. Uses the `siwe` package for ABNF parsing and EOA signature
 * recovery, and checks contract wallets (EIP-1271) itself through the chain gateway, with a gas cap
 * and the gateway's timeout (siwe's own EIP-1271 path has neither). `siwe` and `ethers` load lazily.
 */
import { isChecksumAddress } from '#domain/address.js';
import { type SiweFields, siweFailure } from '#domain/auth/siwe-policy.js';
import { DependencyError } from '#domain/errors.js';
import type { SiweVerifier } from '#ports/auth.js';
import type { EvmChainGateway } from './evm-chain-gateway.js';
import { JsonRpcError } from './json-rpc-client.js';

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

  /**
   * Whose signature this is. `enforceSiwePolicy` has already checked the domain, nonce, chain and
   * times against the parsed fields, so only the signer is left: recovered directly (siwe's own
   * `verify()` would parse the message a second time and repeat those checks), else asked of the
   * address as a contract wallet.
   */
  async verifySignature(message: string, fields: SiweFields, signature: string): Promise<'eoa' | 'contract'> {
    const { verifyMessage } = await import('ethers');
    let recovered: string | undefined;
    try {
      recovered = verifyMessage(message, signature);
    } catch {
      recovered = undefined; // not a 65-byte ECDSA signature: a contract wallet's may be anything
    }
    if (recovered === fields.address) return 'eoa';
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
      // A refusal by the node means "not valid"; an unreachable chain must surface as 503, not as a
      // bad signature.
      if (isRevert(error)) return false;
      throw error;
    }
    return typeof answer === 'string' && answer.toLowerCase().startsWith(EIP1271_MAGIC_VALUE);
  }
}

/** The node answered the call with an error (a revert, or out of gas under our cap): the wallet said no. */
function isRevert(error: unknown): boolean {
  return error instanceof DependencyError && error.cause instanceof JsonRpcError;
}
