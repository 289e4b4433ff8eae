/**
 * What every command that signs or sends with the local key shares: its options (`--keystore`,
 * `--key-env`, and `--rpc-url` for those that send transactions), the key itself, and the check that
 * the key is the signed-in account's (the API quotes and credits that account; another key's
 * transactions or signatures would be refused on chain or by the API, after gas was spent).
 */
import type { Command } from 'commander';
import type { Wallet } from 'ethers';
import { RPC_URL_ENV, sameAddress } from '#cli/chain.js';
import type { ApiClient } from '#cli/client/api-client.js';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { DEFAULT_KEY_ENV, walletFromKey } from '#cli/signer.js';

export interface WalletOptions {
  keystore?: string;
  keyEnv: string;
  rpcUrl?: string;
}

/** Adds the key options (and `--rpc-url` when the command sends transactions). */
export function withWalletOptions(command: Command, { sends }: { sends: boolean }): Command {
  command
    .option(
      '--keystore <file>',
      'encrypted JSON keystore; password from MODEL_COMMONS_KEYSTORE_PASSWORD or a prompt',
    )
    .option('--key-env <variable>', 'environment variable holding the private key', DEFAULT_KEY_ENV);
  if (sends) command.option('--rpc-url <url>', `the chain's JSON-RPC URL (env ${RPC_URL_ENV})`);
  return command;
}

/** The local key. */
export function walletOf(ctx: CliContext, options: WalletOptions): Promise<Wallet> {
  return walletFromKey(ctx.io, options);
}

/** Fails unless `wallet` is the account the API knows the caller as. */
export async function requireSignedInAs(client: ApiClient, wallet: Wallet, why: string): Promise<void> {
  const me = await client.me();
  if (!sameAddress(me.address, wallet.address)) {
    throw new CliError(
      `signed in as ${me.address}, but the key is ${wallet.address}'s: ${why}`,
      EXIT.AUTH,
      'WRONG_KEY',
    );
  }
}
