/** `models …`, `offers …`, `split …`: the catalogue from a terminal. */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '#cli/client/api-client.js';
import type { CreateOfferRequest, Model, Offer } from '#cli/client/types.js';
import type { CliContext } from '#cli/context.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { isHexAddress } from '#domain/address.js';
import { splitSchema } from '#domain/catalogue/split.js';
import { intOption, listOption, positiveIntOption } from './options.js';

type ContextOf = (command: Command) => CliContext;

export function registerCatalogueCommands(program: Command, context: ContextOf) {
  const models = program.command('models').description('Create, list and inspect your models');

  models
    .command('create')
    .description('Create a draft model (you become its owner and, until `split set`, its only recipient)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--slug <slug>', 'lowercase-with-hyphens, unique among your models')
    .requiredOption('--task <task>', 'e.g. text-generation, image-classification')
    .option('--description <text>', 'markdown description')
    .option('--tags <tags>', 'comma-separated tags', listOption)
    .option('--framework <name>', 'e.g. pytorch, onnx, gguf')
    .action(
      async (
        options: {
          name: string;
          slug: string;
          task: string;
          description?: string;
          tags?: string[];
          framework?: string;
        },
        command: Command,
      ) => {
        const ctx = context(command);
        const model = await (await ctx.client()).createModel(options);
        ctx.result(model, [
          `Created ${model.modelId} (${model.name}, draft).`,
          `Next: model-commons push <folder> --model ${model.modelId} --version 1.0.0`,
        ]);
      },
    );

  models
    .command('list')
    .description('Your models (drafts included), or with --all the published catalogue')
    .option('--all', 'browse published models instead of yours')
    .option('--task <task>', 'with --all: filter by task')
    .option('--tag <tag>', 'with --all: filter by tag')
    .option('--q <text>', 'with --all: search text')
    .option('--limit <n>', 'page size', positiveIntOption)
    .option('--cursor <cursor>', 'the nextCursor of a previous page')
    .action(
      async (
        options: { all?: boolean; task?: string; tag?: string; q?: string; limit?: number; cursor?: string },
        command: Command,
      ) => {
        const ctx = context(command);
        if (options.all) {
          const page = await (await ctx.client('optional')).browseModels({
            task: options.task,
            tag: options.tag,
            q: options.q,
            limit: options.limit,
            cursor: options.cursor,
          });
          ctx.result(page, [
            ...page.items.map(
              (item) => `${item.modelId}  ${item.name}${item.task ? `  [${item.task}]` : ''}`,
            ),
            ...(page.items.length === 0 ? ['No published models match.'] : []),
            ...(page.nextCursor ? [`More: --cursor ${page.nextCursor}`] : []),
          ]);
          return;
        }
        const page = await (await ctx.client()).myModels({
          ...(options.limit ? { limit: options.limit } : {}),
          ...(options.cursor ? { cursor: options.cursor } : {}),
        });
        ctx.result(page, [
          ...page.items.map(modelLine),
          ...(page.items.length === 0 ? ['You have no models yet: model-commons models create --help'] : []),
          ...(page.nextCursor ? [`More: --cursor ${page.nextCursor}`] : []),
        ]);
      },
    );

  models
    .command('show')
    .description('A model with its versions, files and offers')
    .argument('<modelId>')
    .action(async (modelId: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const detail = await (await ctx.client('optional')).getModel(modelId);
      const { model } = detail;
      ctx.result(detail, [
        modelLine(model),
        `  owner ${model.owner}${model.latestVersion ? `, latest ${model.latestVersion}` : ''}`,
        `  split ${model.split.map((r) => `${r.address} ${r.bps / 100}%${r.role ? ` (${r.role})` : ''}`).join(', ')}`,
        ...detail.versions.flatMap((version) => [
          `  version ${version.version} [${version.status}]${version.manifestHash ? ` manifest ${version.manifestHash}` : ''}`,
          ...version.files.map(
            (file) => `    ${file.path}  ${file.size} B  sha256 ${file.sha256.slice(0, 12)}…  ${file.status}`,
          ),
        ]),
        ...detail.offers.map(offerLine),
      ]);
    });

  models
    .command('publish')
    .description('List a model in the catalogue (needs a published version and an active offer)')
    .argument('<modelId>')
    .action(async (modelId: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const model = await (await ctx.client()).publishModel(modelId);
      ctx.result(model, `Published ${model.modelId}: buyers can now find it.`);
    });

  const offers = program.command('offers').description('Licence tiers of a model');
  offers
    .command('create')
    .description('Add a licence offer: from a JSON/YAML file (--file) or from flags')
    .requiredOption('--model <modelId>')
    .option(
      '--file <file>',
      'offer as JSON or YAML ({name, terms, price, supplyCap?, covers?}); flags override it',
    )
    .option('--name <name>', 'e.g. "Commercial"')
    .option('--price <amount>', 'price in base units (e.g. 25000000 = 25 USD at 6 decimals)')
    .option('--currency <currency>', '"native", a token address, or a symbol the API lists (e.g. USD)')
    .option('--chain-id <id>', 'chain of the price (default: the first chain the API lists)', intOption)
    .option('--spdx <id>', 'SPDX licence id, e.g. Apache-2.0 or OpenRAIL-M')
    .option('--terms-uri <url>', 'https URL of the full terms')
    .option('--commercial', 'commercial use allowed')
    .addOption(new Option('--derivatives <kind>', 'derivatives').choices(['none', 'allowed', 'share-alike']))
    .option('--attribution', 'attribution required')
    .option('--duration-days <days>', 'licence duration (default perpetual)', positiveIntOption)
    .option('--seats <n>', 'seats (default 1)', positiveIntOption)
    .option('--transferable', 'the licence may be transferred')
    .option('--supply-cap <n>', 'at most this many licences', positiveIntOption)
    .option('--covers <version>', '"latest" (default) or one exact version')
    .action(async (options: OfferFlags, command: Command) => {
      const ctx = context(command);
      const client = await ctx.client();
      const body = await offerBody(ctx, options);
      const offer = await client.createOffer(options.model, body);
      ctx.result(offer, [`Created offer ${offer.offerId} on ${offer.modelId}.`, offerLine(offer)]);
    });
  offers
    .command('list')
    .description('Offers of a model (inactive ones only for the owner)')
    .requiredOption('--model <modelId>')
    .action(async (options: { model: string }, command: Command) => {
      const ctx = context(command);
      const page = await (await ctx.client('optional')).listOffers(options.model);
      ctx.result(page, page.items.length === 0 ? ['No offers.'] : page.items.map(offerLine));
    });

  const split = program.command('split').description("A model's revenue split");
  split
    .command('set')
    .description(
      'Replace the split from a JSON/YAML file: {recipients: [{address, bps, role?}]} (bps sum to 10000)',
    )
    .argument('<file>')
    .requiredOption('--model <modelId>')
    .action(async (file: string, options: { model: string }, command: Command) => {
      const ctx = context(command);
      const recipients = await readSplitFile(file);
      const result = await (await ctx.client()).setSplit(options.model, recipients);
      ctx.result(result, [
        `Split of ${options.model} set:`,
        ...result.recipients.map(
          (r) => `  ${r.address}  ${(r.bps / 100).toFixed(2)}%${r.role ? `  ${r.role}` : ''}`,
        ),
      ]);
    });
  split
    .command('show')
    .description('The split in force')
    .requiredOption('--model <modelId>')
    .action(async (options: { model: string }, command: Command) => {
      const ctx = context(command);
      const result = await (await ctx.client('optional')).getSplit(options.model);
      ctx.result(
        result,
        result.recipients.map(
          (r) => `${r.address}  ${(r.bps / 100).toFixed(2)}%${r.role ? `  ${r.role}` : ''}`,
        ),
      );
    });
}

function modelLine(model: Model): string {
  return `${model.modelId}  ${model.name}  [${model.status}]  ${model.task}${model.latestVersion ? `  latest ${model.latestVersion}` : ''}`;
}

function offerLine(offer: Offer): string {
  const terms = offer.terms;
  return `  offer ${offer.offerId} "${offer.name}" ${offer.price.amount} ${offer.price.currency} on chain ${offer.price.chainId}${terms.commercialUse ? ', commercial' : ''}${offer.active ? '' : ' (inactive)'}`;
}

/** A file's data from JSON or YAML (by extension; YAML is a superset of JSON anyway). */
async function readStructured(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT.USAGE,
      'BAD_FILE',
    );
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(
      `${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
      EXIT.USAGE,
      'BAD_FILE',
    );
  }
}

/** The split in a file, checked locally with the server's own rules (clear errors before any request). */
export async function readSplitFile(file: string) {
  const data = await readStructured(file);
  const recipients = Array.isArray(data) ? data : (data as { recipients?: unknown } | null)?.recipients;
  const parsed = splitSchema.safeParse(recipients);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `recipients.${issue.path.join('.')}: ` : '';
    throw new CliError(`${file}: ${where}${issue?.message ?? 'invalid split'}`, EXIT.USAGE, 'BAD_SPLIT');
  }
  return parsed.data;
}

interface OfferFlags {
  model: string;
  file?: string;
  name?: string;
  price?: string;
  currency?: string;
  chainId?: number;
  spdx?: string;
  termsUri?: string;
  commercial?: boolean;
  derivatives?: string;
  attribution?: boolean;
  durationDays?: number;
  seats?: number;
  transferable?: boolean;
  supplyCap?: number;
  covers?: string;
}

/**
 * The offer request: the file (if any) with flags on top; currency symbols resolved from the API.
 * Only name and price are checked here; the file's other fields go to the server as written, and the
 * server's validation (400 with the field's path) is the one that answers for them.
 */
async function offerBody(ctx: CliContext, flags: OfferFlags): Promise<CreateOfferRequest> {
  const fromFile = flags.file ? await readStructured(flags.file) : {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new CliError(`${flags.file}: an offer must be an object`, EXIT.USAGE, 'BAD_FILE');
  }
  const base = fromFile as Record<string, unknown>;
  const baseTerms = (typeof base.terms === 'object' && base.terms !== null ? base.terms : {}) as Record<
    string,
    unknown
  >;
  const basePrice = (typeof base.price === 'object' && base.price !== null ? base.price : {}) as Record<
    string,
    unknown
  >;
  const terms: Record<string, unknown> = {
    commercialUse: false,
    derivatives: 'none',
    attribution: true,
    durationDays: null,
    seats: 1,
    transferable: false,
    ...baseTerms,
    ...(flags.commercial ? { commercialUse: true } : {}),
    ...(flags.derivatives ? { derivatives: flags.derivatives } : {}),
    ...(flags.attribution ? { attribution: true } : {}),
    ...(flags.durationDays ? { durationDays: flags.durationDays } : {}),
    ...(flags.seats ? { seats: flags.seats } : {}),
    ...(flags.transferable ? { transferable: true } : {}),
    ...(flags.spdx ? { spdxId: flags.spdx } : {}),
    ...(flags.termsUri ? { termsUri: flags.termsUri } : {}),
  };
  const amount = flags.price ?? basePrice.amount;
  if (amount === undefined)
    throw new CliError('an offer needs a price: --price <base units>', EXIT.USAGE, 'USAGE');
  if (typeof amount !== 'string' || !/^(0|[1-9]\d*)$/.test(amount)) {
    throw new CliError('--price must be a whole number of base units, e.g. 25000000', EXIT.USAGE, 'USAGE');
  }
  const name = flags.name ?? base.name;
  if (typeof name !== 'string')
    throw new CliError('an offer needs a name: --name <name>', EXIT.USAGE, 'USAGE');
  const price = await resolvePrice(ctx, {
    amount,
    currency: flags.currency ?? (typeof basePrice.currency === 'string' ? basePrice.currency : undefined),
    chainId: flags.chainId ?? (typeof basePrice.chainId === 'number' ? basePrice.chainId : undefined),
  });
  return {
    ...base,
    name,
    terms,
    price,
    ...(flags.supplyCap ? { supplyCap: flags.supplyCap } : {}),
    ...(flags.covers ? { covers: flags.covers } : {}),
  } as CreateOfferRequest;
}

async function resolvePrice(
  ctx: CliContext,
  price: { amount: string; currency: string | undefined; chainId: number | undefined },
) {
  const currency = price.currency ?? 'native';
  const direct = currency === 'native' || isHexAddress(currency);
  if (direct && price.chainId !== undefined)
    return { amount: price.amount, currency, chainId: price.chainId };
  let doc: Awaited<ReturnType<ReturnType<CliContext['anonymousClient']>['wellKnown']>> | undefined;
  try {
    doc = await ctx.anonymousClient().wellKnown();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  const chains = doc?.chains ?? [];
  const chain =
    price.chainId === undefined ? chains[0] : chains.find((entry) => entry.chainId === price.chainId);
  if (!chain) {
    throw new CliError(
      direct
        ? 'pass --chain-id (the API does not list its chains)'
        : `cannot resolve currency "${currency}": pass its token address and --chain-id`,
      EXIT.USAGE,
      'USAGE',
    );
  }
  if (direct) return { amount: price.amount, currency, chainId: chain.chainId };
  const match = chain.currencies.find((entry) => entry.symbol.toLowerCase() === currency.toLowerCase());
  if (!match) {
    throw new CliError(
      `chain ${chain.chainId} does not accept "${currency}" (it accepts ${chain.currencies.map((c) => c.symbol).join(', ') || 'nothing listed'})`,
      EXIT.USAGE,
      'USAGE',
    );
  }
  return { amount: price.amount, currency: match.address, chainId: chain.chainId };
}
