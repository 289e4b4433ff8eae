/**
 * `market register` and `offers sign`: the creator's steps to sell through the marketplace contract.
 * Registering sends, from the owner's own wallet, the transactions GET /models/{id}/market lists
 * (create the split, register the model or point it at the new split); signing signs the offer's
 * EIP-712 typed data with the local key and hands the signature to the API, which passes it to buyers.
 */
import type { Command } from 'commander';
import { connectChain, formatAmount, rpcUrlFrom, sameAddress, sendCall, signTypedData } from '#cli/chain.js';
import { ApiError } from '#cli/client/api-client.js';
import type { WellKnown } from '#cli/client/types.js';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { intOption } from './options.js';
import { requireSignedInAs, type WalletOptions, walletOf, withWalletOptions } from './wallet-options.js';

type ContextOf = (command: Command) => CliContext;

export function registerMarketCommands(program: Command, context: ContextOf) {
  const market = program.command('market').description("A model's registration on the marketplace contract");
  withWalletOptions(
    market
      .command('register')
      .description(
        'Register the model and its current split on the marketplace contract: sends the transactions ' +
          'the API lists (createSplit, registerModel or setModelSplit) from the owner’s wallet, one by one',
      )
      .requiredOption('--model <modelId>')
      .option('--chain-id <id>', 'chain (default: the first chain with a marketplace contract)', intOption),
    { sends: true },
  ).action(async (options: WalletOptions & { model: string; chainId?: number }, command: Command) => {
    const ctx = context(command);
    const client = await ctx.client('optional');
    const state = await client.modelMarket(options.model, options.chainId);
    const summary = { modelId: options.model, chainId: state.chainId, market: state.market };
    if (state.calls.length === 0) {
      ctx.result(
        { ...summary, sent: [] },
        `Nothing to do: ${options.model} is registered on market ${state.market} (chain ${state.chainId}) with its current split.`,
      );
      return;
    }
    const wallet = await walletOf(ctx, options);
    // Only the owner may register the model or change its split: another key would pay gas to revert.
    if (!sameAddress(state.owner, wallet.address)) {
      throw new CliError(
        `${options.model} belongs to ${state.owner}, but the key is ${wallet.address}'s: only the owner registers it`,
        EXIT.AUTH,
        'NOT_OWNER',
      );
    }
    (await publishedMarketplace(ctx)).requireMarket(state.chainId, state.market);
    for (const call of state.calls) {
      if (!sameAddress(call.to, state.market)) {
        throw new CliError(
          `the API lists a call to ${call.to}, not to the market ${state.market}: refusing to send it`,
          EXIT.FAILURE,
          'UNEXPECTED_CALL',
        );
      }
    }
    const chain = await connectChain(rpcUrlFrom(options.rpcUrl, ctx.io.env), state.chainId);
    const sent: { description: string; txHash: string }[] = [];
    try {
      for (const call of state.calls) {
        ctx.note(`${call.description}…`);
        const txHash = await sendCall(chain, wallet, call);
        sent.push({ description: call.description, txHash });
        ctx.note(`  mined: ${txHash}`);
      }
    } finally {
      chain.close();
    }
    ctx.result({ ...summary, sent }, [
      `Registered ${options.model} on market ${state.market} (chain ${state.chainId}): ${sent.length} transaction(s).`,
      ...sent.map((entry) => `  ${entry.txHash}  ${entry.description}`),
      `Next: model-commons offers sign --model ${options.model} --offer <offerId>`,
    ]);
  });

  const offers = program.commands.find((command) => command.name() === 'offers') ?? program.command('offers');
  withWalletOptions(
    offers
      .command('sign')
      .description(
        'Put an offer on sale on chain: sign its EIP-712 typed data (price, currency, terms, supply cap, ' +
          'fee ceiling) with the owner’s key; valid until the offer is edited or the signature expires',
      )
      .requiredOption('--model <modelId>')
      .requiredOption('--offer <offerId>')
      .option(
        '--max-fee-bps <bps>',
        'the most platform + referrer fee a sale may take (default: the current fees)',
        intOption,
      ),
    { sends: false },
  ).action(
    async (
      options: WalletOptions & { model: string; offer: string; maxFeeBps?: number },
      command: Command,
    ) => {
      const ctx = context(command);
      const client = await ctx.client();
      const wallet = await walletOf(ctx, options);
      await requireSignedInAs(client, wallet, 'the offer must be signed by the owner you are signed in as');
      const typed = await client.offerTypedData(options.model, options.offer, options.maxFeeBps);
      const { chainId } = typed.domain;
      const marketplace = await publishedMarketplace(ctx);
      // The signature is only good on the contract it names: it should be the published market.
      marketplace.requireMarket(chainId, typed.domain.verifyingContract);
      const price = await marketplace.format(chainId, typed.message.currency, typed.message.price);
      ctx.note(
        `Signing offer ${options.offer} (revision ${typed.message.revision}) for sale at ${price} on chain ${chainId}…`,
      );
      const signature = await signTypedData(wallet, typed);
      const offer = await client.signOffer(options.model, options.offer, {
        signature,
        validUntil: typed.message.validUntil,
        maxFeeBps: typed.message.maxFeeBps,
      });
      const until = new Date(Number(typed.message.validUntil) * 1000).toISOString();
      ctx.result(offer, [
        `Signed offer ${options.offer} for sale on market ${typed.domain.verifyingContract} (chain ${typed.domain.chainId}) until ${until}.`,
        `  fees up to ${await formatAmount(BigInt(typed.message.maxFeeBps), 2)}%; editing the offer needs a new signature`,
      ]);
    },
  );
}

/**
 * What the marketplace publishes in its well-known document, read once per command: which contract
 * is its market on each chain (the CLI sends owners' and buyers' transactions only to that one), and
 * each currency's symbol and decimals (for people). An API that publishes no markets (older) is taken
 * at its word; an unknown currency shows in base units.
 */
export async function publishedMarketplace(ctx: CliContext) {
  let doc: WellKnown | undefined;
  try {
    doc = await ctx.anonymousClient().wellKnown();
  } catch (error) {
    if (!(error instanceof ApiError && (error.status === 404 || error.code === 'UNEXPECTED_RESPONSE')))
      throw error;
  }
  const chainOf = (chainId: number) => doc?.chains.find((chain) => chain.chainId === chainId);
  return {
    requireMarket(chainId: number, market: string): void {
      const published = chainOf(chainId)?.market;
      if (published === undefined || (published !== null && sameAddress(published, market))) return;
      throw new CliError(
        `the marketplace publishes ${published ?? 'no market'} for chain ${chainId}, not ${market}: refusing to send to it`,
        EXIT.FAILURE,
        'MARKET_MISMATCH',
      );
    },
    /** `amount` base units of `currency`: "25.0 USD", or "25000000 base units of 0x…". */
    async format(chainId: number, currency: string, amount: string | bigint): Promise<string> {
      const known = chainOf(chainId)?.currencies.find((candidate) =>
        sameAddress(candidate.address, currency),
      );
      return known
        ? `${await formatAmount(amount, known.decimals)} ${known.symbol}`
        : `${amount} base units of ${currency}`;
    },
  };
}
