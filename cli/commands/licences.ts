/**
 * `licences verify <token>`: checks a licence token offline — its EIP-712 signature against the
 * marketplace's published signer and domain, and its expiry — with the same code the server uses
 * (shared/domain/licences/licence-token.ts). The signer comes from --signer/--chain-id (fully offline)
 * or from the API's /.well-known/model-commons.json. Revocation is only known to the server: --online
 * asks it as well.
 */
import type { Command } from 'commander';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { type Address, isAddressLike, toChecksumAddress } from '#domain/address.js';
import {
  decodeLicenceToken,
  LICENCE_DOMAIN_NAME,
  LICENCE_DOMAIN_VERSION,
  licenceDomain,
  verifyLicenceToken,
} from '#domain/licences/licence-token.js';
import { intOption } from './options.js';

export function registerLicenceCommands(program: Command, context: (command: Command) => CliContext) {
  const licences = program.command('licences').description('Licence tokens');
  licences
    .command('verify')
    .description('Verify a licence token offline (signature, signer, domain, expiry); exit 7 if invalid')
    .argument('<token>', 'the licence token, or - to read it from stdin')
    .option('--signer <address>', 'the marketplace licence signer (skip the well-known look-up)')
    .option('--chain-id <id>', 'the licence domain chain id (with --signer)', intOption)
    .option('--online', 'also ask the API (knows revocations and transfers)')
    .action(
      async (
        tokenArgument: string,
        options: { signer?: string; chainId?: number; online?: boolean },
        command: Command,
      ) => {
        const ctx = context(command);
        const token = (tokenArgument === '-' ? await readStdin(ctx) : tokenArgument).trim();
        const published = await publishedSigner(ctx, options);
        const offline = await verifyLicenceToken(token, {
          signer: published.signer,
          domain: licenceDomain(published.chainId),
          now: new Date(),
        });
        let online: { valid: boolean; reason?: string | undefined } | undefined;
        if (options.online) online = await ctx.anonymousClient().verifyLicence(token);
        const valid = offline.valid && (online?.valid ?? true);
        const reason = !offline.valid ? offline.reason : online && !online.valid ? online.reason : undefined;
        const claims = offline.claims;
        ctx.result(
          {
            valid,
            reason: reason ?? null,
            offline,
            online: online ?? null,
            signer: published.signer,
            source: published.source,
          },
          [
            valid ? 'VALID licence' : `INVALID licence: ${reason ?? 'unknown reason'}`,
            ...(claims
              ? [
                  `  licence  ${claims.licenceId}`,
                  `  model    ${claims.modelId}  offer ${claims.offerId}`,
                  `  licensee ${claims.licensee}`,
                  `  issued   ${new Date(claims.issuedAt * 1000).toISOString()}  expires ${claims.expiresAt === 0 ? 'never' : new Date(claims.expiresAt * 1000).toISOString()}`,
                  `  manifest ${claims.manifestHash}`,
                ]
              : []),
            `  signer   ${published.signer} (${published.source})${online ? '; checked online too' : ''}`,
          ],
        );
        if (!valid) throw new CliError('', EXIT.INVALID_LICENCE, reason ?? 'INVALID_LICENCE');
      },
    );

  licences
    .command('decode')
    .description('Show what a licence token claims, without verifying it')
    .argument('<token>', 'the licence token, or - to read it from stdin')
    .action(async (tokenArgument: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const token = (tokenArgument === '-' ? await readStdin(ctx) : tokenArgument).trim();
      let decoded: ReturnType<typeof decodeLicenceToken>;
      try {
        decoded = decodeLicenceToken(token);
      } catch {
        throw new CliError('not a licence token', EXIT.INVALID_LICENCE, 'MALFORMED');
      }
      ctx.result(decoded, JSON.stringify(decoded, null, 2));
    });
}

async function publishedSigner(ctx: CliContext, options: { signer?: string; chainId?: number }) {
  if (options.signer !== undefined) {
    if (!isAddressLike(options.signer))
      throw new CliError('--signer must be an address', EXIT.USAGE, 'USAGE');
    if (options.chainId === undefined) {
      throw new CliError('pass --chain-id with --signer (the licence domain chain id)', EXIT.USAGE, 'USAGE');
    }
    return { signer: toChecksumAddress(options.signer), chainId: options.chainId, source: '--signer' };
  }
  const doc = await ctx.anonymousClient().wellKnown();
  if (doc.eip712Domain.name !== LICENCE_DOMAIN_NAME || doc.eip712Domain.version !== LICENCE_DOMAIN_VERSION) {
    throw new CliError(
      `the API publishes an unknown licence domain (${doc.eip712Domain.name} v${doc.eip712Domain.version})`,
      EXIT.FAILURE,
    );
  }
  if (!isAddressLike(doc.signer))
    throw new CliError('the API publishes no valid licence signer', EXIT.FAILURE);
  return {
    signer: toChecksumAddress(doc.signer) as Address,
    chainId: doc.eip712Domain.chainId,
    source: `${ctx.apiUrl}/.well-known/model-commons.json`,
  };
}

async function readStdin(ctx: CliContext): Promise<string> {
  const stdin = ctx.io.stdin;
  if (!stdin) throw new CliError('no stdin to read the token from', EXIT.USAGE, 'USAGE');
  let text = '';
  for await (const chunk of stdin) text += chunk.toString();
  return text;
}
