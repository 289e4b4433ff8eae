/**
 * `buy --offer <offerId>`: a licence bought through the marketplace contract, from the local key's
 * wallet. POST /orders quotes the sale; the buyer then either sends the order's `sale.calls` (an ERC-20
 * approve of exactly the price, then `buy`), or signs the token's EIP-2612 permit / EIP-3009
 * receive-authorization and sends `buyWithPermit` / `buyWithAuthorization` (one transaction, no
 * standing allowance). What the API asks the wallet to send or sign is checked first: only to the
 * published market, only exactly the price. Then POST /orders/{id}/payment until the sale is final
 * (202 → wait for new blocks; on the local dev chain the CLI mines them), and the licence is printed.
 * An interrupted or timed-out wait resumes with `buy --order <orderId> --tx <hash>`.
 */
import { type Command, Option } from 'commander';
import type { Wallet } from 'ethers';
import {
  type ChainConnection,
  connectChain,
  formatAmount,
  mineLocalBlocks,
  rpcUrlFrom,
  sameAddress,
  sendCall,
  signTypedData,
  waitForBlocks,
} from '#cli/chain.js';
import { type ApiClient, ApiError } from '#cli/client/api-client.js';
import type { Licence, Order } from '#cli/client/types.js';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { ERC20_APPROVE_ABI, MARKET_BUY_WITH_SIGNATURE_ABI } from '#cli/market-abi.js';
import { isHexAddress } from '#domain/address.js';
import { publishedMarketplace } from './market.js';
import { positiveIntOption } from './options.js';
import { requireSignedInAs, type WalletOptions, walletOf, withWalletOptions } from './wallet-options.js';

type PayMethod = 'approve' | 'permit' | 'authorization';
type Sale = NonNullable<Order['sale']>;
type SignedPayment = NonNullable<NonNullable<Sale['payWithSignature']>['permit']>;

interface BuyOptions extends WalletOptions {
  offer?: string;
  referrer?: string;
  pay?: PayMethod;
  order?: string;
  tx?: string;
  timeout: number;
  mine: boolean;
}

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

export function registerBuyCommand(program: Command, context: (command: Command) => CliContext) {
  withWalletOptions(
    program
      .command('buy')
      .description(
        'Buy a licence through the marketplace contract from your wallet, and print it once the payment is final',
      )
      .option('--offer <offerId>', 'the offer to buy')
      .option('--referrer <address>', 'the frontend that brought the sale (one the marketplace registered)')
      .addOption(
        new Option(
          '--pay <method>',
          'approve + buy (two transactions), an EIP-2612 permit, or an EIP-3009 authorization (one each) ' +
            '(default: permit when the currency has it, else approve)',
        ).choices(['approve', 'permit', 'authorization']),
      )
      .option('--order <orderId>', 'resume: the order an earlier `buy` paid (with --tx)')
      .option('--tx <hash>', 'resume: the transaction that paid it')
      .option(
        '--timeout <seconds>',
        'how long to wait for the payment to become final',
        positiveIntOption,
        600,
      )
      .option('--no-mine', 'on the local dev chain (31337), wait for blocks instead of mining them'),
    { sends: true },
  ).action(async (options: BuyOptions, command: Command) => {
    const ctx = context(command);
    if (options.referrer !== undefined && !isHexAddress(options.referrer)) {
      throw new CliError('--referrer must be an address (0x + 40 hex digits)', EXIT.USAGE, 'USAGE');
    }
    if (options.order !== undefined || options.tx !== undefined) {
      const { order: orderId, tx: txHash } = options;
      if (!orderId || !txHash || options.offer) {
        throw new CliError('resume with both --order and --tx (and no --offer)', EXIT.USAGE, 'USAGE');
      }
      if (!TX_HASH.test(txHash)) throw new CliError('--tx must be a transaction hash', EXIT.USAGE, 'USAGE');
      const rpcUrl = rpcUrlFrom(options.rpcUrl, ctx.io.env);
      const client = await ctx.client();
      const order = await client.getOrder(orderId);
      const chain = await connectChain(rpcUrl, order.chainId);
      try {
        printLicence(ctx, await settle(ctx, client, chain, order.id, txHash, options), order.id, txHash);
      } finally {
        chain.close();
      }
      return;
    }
    const offerId = options.offer;
    if (!offerId) throw new CliError('say what to buy: --offer <offerId>', EXIT.USAGE, 'USAGE');
    const rpcUrl = rpcUrlFrom(options.rpcUrl, ctx.io.env);
    const client = await ctx.client();
    const wallet = await walletOf(ctx, options);
    await requireSignedInAs(
      client,
      wallet,
      'the licence goes to the account you are signed in as, which must pay',
    );
    const order = await client.createOrder({
      offerId,
      ...(options.referrer ? { referrer: options.referrer } : {}),
    });
    const { sale } = order;
    const price = `${await formatAmount(order.amount, order.currency.decimals)} ${order.currency.symbol}`;
    ctx.note(
      `Order ${order.id}: ${price} on chain ${order.chainId} through market ${sale.contract}, quote valid until ${order.expiresAt}`,
    );
    (await publishedMarketplace(ctx)).requireMarket(order.chainId, sale.contract);
    const method = chooseMethod(options.pay, sale);
    const chain = await connectChain(rpcUrl, order.chainId);
    try {
      let txHash: string;
      if (method === 'approve') {
        checkSaleCalls(order, sale, await approveInterface());
        ctx.note(`Paying by allowance: ${sale.calls.length} transaction(s)`);
        txHash = '';
        for (const call of sale.calls) {
          ctx.note(`  ${call.description}…`);
          txHash = await sendCall(chain, wallet, call);
          ctx.note(`    mined: ${txHash}`);
        }
      } else {
        ctx.note(
          method === 'permit'
            ? 'Paying with an EIP-2612 permit: one signature, one transaction'
            : 'Paying with an EIP-3009 receive authorization: one signature, one transaction',
        );
        const call = await buyWithSignature(order, sale, method, wallet);
        ctx.note(`  ${call.description}…`);
        txHash = await sendCall(chain, wallet, call);
        ctx.note(`    mined: ${txHash}`);
      }
      try {
        printLicence(ctx, await settle(ctx, client, chain, order.id, txHash, options), order.id, txHash);
      } catch (error) {
        // The money has moved: say how to pick the licence up whatever went wrong while waiting.
        ctx.io.stderr.write(
          `order ${order.id} was paid by ${txHash}: get the licence with \`model-commons buy --order ${order.id} --tx ${txHash}\`\n`,
        );
        throw error;
      }
    } finally {
      chain.close();
    }
  });
}

/** `--pay`, or the best the order offers: a permit when the currency has one, else approve. */
function chooseMethod(requested: PayMethod | undefined, sale: Sale): PayMethod {
  const offered = sale.payWithSignature ?? {};
  if (requested === 'permit' && !offered.permit) {
    throw new CliError(
      "this order's currency has no EIP-2612 permit: use --pay approve",
      EXIT.USAGE,
      'PAY_METHOD_UNAVAILABLE',
    );
  }
  if (requested === 'authorization' && !offered.receiveWithAuthorization) {
    throw new CliError(
      "this order's currency has no EIP-3009 receive authorization: use --pay approve",
      EXIT.USAGE,
      'PAY_METHOD_UNAVAILABLE',
    );
  }
  return requested ?? (offered.permit ? 'permit' : 'approve');
}

async function approveInterface() {
  const { Interface } = await import('ethers');
  return new Interface(ERC20_APPROVE_ABI);
}

/**
 * The order's calls go to the market, or approve the market for exactly the price on the offer's
 * token, and pay no more than the price in the native coin: nothing else is sent.
 */
function checkSaleCalls(order: Order, sale: Sale, erc20: Awaited<ReturnType<typeof approveInterface>>) {
  const refuse = (why: string) =>
    new CliError(`order ${order.id}: ${why}: refusing to send it`, EXIT.FAILURE, 'UNEXPECTED_CALL');
  for (const call of sale.calls) {
    if (sameAddress(call.to, sale.contract)) {
      if (BigInt(call.value) > BigInt(order.amount))
        throw refuse(`a call pays ${call.value}, more than the price`);
      continue;
    }
    if (!sameAddress(call.to, sale.offer.currency)) throw refuse(`a call goes to ${call.to}`);
    const parsed = erc20.parseTransaction({ data: call.data });
    if (
      parsed?.name !== 'approve' ||
      !sameAddress(String(parsed.args[0]), sale.contract) ||
      BigInt(parsed.args[1]) !== BigInt(order.amount) ||
      BigInt(call.value) !== 0n
    ) {
      throw refuse(`the call to the token ${call.to} is not an approve of exactly the price to the market`);
    }
  }
}

/**
 * Signs the order's permit or receive authorization after checking it pays exactly the price from
 * this wallet to the market in the offer's token, and encodes the market call that uses it.
 */
async function buyWithSignature(
  order: Order,
  sale: Sale,
  method: 'permit' | 'authorization',
  wallet: Wallet,
): Promise<{ to: string; data: string; value: string; description: string }> {
  const { Interface, Signature } = await import('ethers');
  const market = new Interface(MARKET_BUY_WITH_SIGNATURE_ABI);
  const head = [sale.offer, sale.offerSignature, sale.authorization, sale.authorizationSignature];
  const sign = async (typedData: SignedPayment['typedData'], payer: string, payee: string) => {
    const { domain, message } = typedData;
    if (
      domain.chainId !== order.chainId ||
      !sameAddress(domain.verifyingContract, sale.offer.currency) ||
      !sameAddress(message[payer] ?? '', wallet.address) ||
      !sameAddress(message[payee] ?? '', sale.contract) ||
      message.value !== order.amount
    ) {
      throw new CliError(
        `order ${order.id}: the ${method} to sign does not pay exactly the price from your wallet to the market: refusing to sign it`,
        EXIT.FAILURE,
        'UNEXPECTED_SIGNATURE_REQUEST',
      );
    }
    return Signature.from(await signTypedData(wallet, typedData));
  };
  const permit = sale.payWithSignature?.permit;
  const authorization = sale.payWithSignature?.receiveWithAuthorization;
  if (method === 'permit' && permit) {
    const { v, r, s } = await sign(permit.typedData, 'owner', 'spender');
    return {
      to: sale.contract,
      data: market.encodeFunctionData('buyWithPermit', [...head, { deadline: permit.deadline, v, r, s }]),
      value: '0',
      description: 'buyWithPermit: the permit pays the price, the market mints the licence to you',
    };
  }
  if (method === 'authorization' && authorization) {
    const { v, r, s } = await sign(authorization.typedData, 'from', 'to');
    const { validAfter, validBefore, nonce } = authorization;
    return {
      to: sale.contract,
      data: market.encodeFunctionData('buyWithAuthorization', [
        ...head,
        { validAfter, validBefore, nonce, v, r, s },
      ]),
      value: '0',
      description:
        'buyWithAuthorization: the authorization pays the price, the market mints the licence to you',
    };
  }
  throw new CliError(`the order has no ${method} to sign`, EXIT.FAILURE, 'UNEXPECTED_RESPONSE');
}

/**
 * POST /orders/{id}/payment until the licence comes back. While the API says the sale is not final
 * yet (202), or its node has not seen the transaction (404 TX_NOT_FOUND), wait for the blocks still
 * missing — mined at once on the local dev chain unless --no-mine.
 */
async function settle(
  ctx: CliContext,
  client: ApiClient,
  chain: ChainConnection,
  orderId: string,
  txHash: string,
  options: { mine: boolean; timeout: number },
): Promise<Licence> {
  const deadline = Date.now() + options.timeout * 1000;
  let mine = options.mine;
  for (;;) {
    let missing = 1;
    try {
      const outcome = await client.submitPayment(orderId, txHash);
      if (outcome.status === 'paid') return outcome.licence;
      missing = Math.max(1, outcome.required - outcome.confirmations);
      ctx.note(`  confirming: ${outcome.confirmations}/${outcome.required} confirmations`);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'TX_NOT_FOUND')) throw error;
      ctx.note('  the API has not seen the transaction yet');
    }
    if (Date.now() >= deadline) {
      throw new CliError(
        `the payment of order ${orderId} is not final after ${options.timeout} s`,
        EXIT.UNAVAILABLE,
        'PAYMENT_NOT_FINAL',
      );
    }
    if (mine && (await mineLocalBlocks(chain, missing))) {
      ctx.note(`  mined ${missing} block(s) on the local chain`);
      continue;
    }
    mine = false;
    ctx.note(`  waiting for ${missing} more block(s)…`);
    try {
      await waitForBlocks(chain, missing, { deadline, signal: ctx.io.signal });
    } catch (error) {
      if (!(error instanceof CliError && error.code === 'TIMEOUT')) throw error;
      // One last ask at the deadline: the loop then reports the timeout if it is still not final.
    }
  }
}

function printLicence(ctx: CliContext, licence: Licence, orderId: string, txHash: string) {
  const onChain = licence.onChain;
  ctx.result(licence, [
    `Licence ${licence.id} (${licence.state}) for ${licence.modelId}@${licence.version}, offer ${licence.offerId}, order ${orderId}`,
    onChain
      ? `  token ${onChain.tokenId} on ${onChain.contract} (chain ${onChain.chainId}), held by ${licence.licensee}`
      : `  licensee ${licence.licensee}`,
    `  tx    ${onChain?.txHash ?? txHash}`,
    `  licence token (for \`model-commons licences verify\`): ${licence.token}`,
  ]);
}
