/** `login`, `logout`, `whoami`: credentials for one API origin. */
import type { Command } from 'commander';
import { ApiError } from '#cli/client/api-client.js';
import type { CliContext } from '#cli/context.js';
import { credentialsPath, loadCredential, removeCredential, saveCredential } from '#cli/credentials.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import {
  DEFAULT_KEY_ENV,
  type MessageSigner,
  signerFromEnv,
  signerFromKeystore,
  siweSignIn,
} from '#cli/signer.js';
import { intOption } from './options.js';

export function registerAuthCommands(program: Command, context: (command: Command) => CliContext) {
  program
    .command('login')
    .description(
      'Sign in and store the credential (0600) in your config dir: an API token (--token or MODEL_COMMONS_TOKEN), ' +
        `or Sign-In with Ethereum using a keystore file (--keystore) or a private key in ${DEFAULT_KEY_ENV}`,
    )
    .option(
      '--keystore <file>',
      'encrypted JSON keystore; password from MODEL_COMMONS_KEYSTORE_PASSWORD or a prompt',
    )
    .option('--key-env <variable>', 'environment variable holding the private key', DEFAULT_KEY_ENV)
    .option('--chain-id <id>', 'chain to sign in on (default: the first chain the API lists)', intOption)
    .action(async (options: { keystore?: string; keyEnv: string; chainId?: number }, command: Command) => {
      const ctx = context(command);
      const anonymous = ctx.anonymousClient();
      const explicitToken = ctx.options.token;
      const wantsKey = options.keystore !== undefined || ctx.io.env[options.keyEnv] !== undefined;
      const token = explicitToken ?? (wantsKey ? undefined : ctx.io.env.MODEL_COMMONS_TOKEN);

      if (token) {
        const me = await anonymous.withToken(token).me();
        await saveCredential(ctx.configDir, ctx.apiUrl, {
          token,
          kind: me.authKind,
          address: me.address,
          chainId: me.chainId,
          savedAt: new Date().toISOString(),
        });
        ctx.result({ address: me.address, authKind: me.authKind, scopes: me.scopes, api: ctx.apiUrl }, [
          `Signed in to ${ctx.apiUrl} as ${me.address} with an API token (scopes: ${me.scopes.join(', ')}).`,
          `Credential saved to ${credentialsPath(ctx.configDir)} (mode 0600).`,
        ]);
        return;
      }

      let signer: MessageSigner | undefined;
      if (options.keystore) signer = await signerFromKeystore(ctx.io, options.keystore);
      else signer = await signerFromEnv(ctx.io.env, options.keyEnv);
      if (!signer) {
        throw new CliError(
          `nothing to sign in with: pass --token, set MODEL_COMMONS_TOKEN, pass --keystore <file>, or set ${options.keyEnv}`,
          EXIT.USAGE,
          'NO_CREDENTIAL',
        );
      }
      const chainId = options.chainId ?? (await defaultChainId(ctx));
      const session = await siweSignIn(anonymous, signer, chainId);
      await saveCredential(ctx.configDir, ctx.apiUrl, {
        token: session.token,
        kind: 'session',
        address: session.address,
        chainId: session.chainId,
        expiresAt: session.expiresAt,
        savedAt: new Date().toISOString(),
      });
      ctx.result(
        { address: session.address, authKind: 'session', expiresAt: session.expiresAt, api: ctx.apiUrl },
        [
          `Signed in to ${ctx.apiUrl} as ${session.address} (wallet session until ${session.expiresAt}).`,
          `Credential saved to ${credentialsPath(ctx.configDir)} (mode 0600).`,
        ],
      );
    });

  program
    .command('logout')
    .description('Revoke the stored session on the server and forget the credential')
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      const stored = await loadCredential(ctx.configDir, ctx.apiUrl);
      if (stored?.kind === 'session') {
        await ctx
          .anonymousClient()
          .withToken(stored.token)
          .logout()
          .catch((error: unknown) => {
            // Already expired or revoked: forgetting it locally is all that is left to do.
            if (!(error instanceof ApiError && error.status === 401)) throw error;
          });
      }
      const removed = await removeCredential(ctx.configDir, ctx.apiUrl);
      ctx.result(
        { api: ctx.apiUrl, removed },
        removed ? `Signed out of ${ctx.apiUrl}.` : `Not signed in to ${ctx.apiUrl}.`,
      );
    });

  program
    .command('whoami')
    .description('Who the API says you are')
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      const me = await (await ctx.client()).me();
      ctx.result(
        { ...me, api: ctx.apiUrl },
        `${me.address} on ${ctx.apiUrl} (${me.authKind}; scopes: ${me.scopes.join(', ')})`,
      );
    });
}

/** The first chain the marketplace lists in its well-known document. */
export async function defaultChainId(ctx: CliContext): Promise<number> {
  try {
    const doc = await ctx.anonymousClient().wellKnown();
    const first = doc.chains[0];
    if (first) return first.chainId;
  } catch (error) {
    if (!(error instanceof ApiError && (error.status === 404 || error.code === 'UNEXPECTED_RESPONSE')))
      throw error;
  }
  throw new CliError('cannot tell which chain to sign in on: pass --chain-id', EXIT.USAGE, 'NO_CHAIN');
}
