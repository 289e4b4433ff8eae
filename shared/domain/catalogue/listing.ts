/**
 * Public browse and search. A published model is copied into small "listing" entries, one per facet
 * it can be found by (all, task, each tag, owner, each keyword); each facet is a DynamoDB partition
 * sorted newest first. A browse query reads the most selective facet and applies the remaining
 * filters in code, so money comparisons stay exact bigint comparisons.
 *
 * What it cannot do: prefix, fuzzy or ranked full-text search (keywords match whole tokens of the
 * name, task and tags); sorting other than newest first. A search engine would be the next step.
 */
import { z } from 'zod';
import { type Model, type Offer, offerTermsSchema, priceSchema } from './schemas.js';

/** One active offer, as summarised in a listing. */
export const listingOfferSchema = z.object({
  offerId: z.string(),
  name: z.string(),
  commercialUse: z.boolean(),
  derivatives: offerTermsSchema.shape.derivatives,
  price: priceSchema,
  covers: z.string(),
});
export type ListingOffer = z.infer<typeof listingOfferSchema>;

/** The public summary of a published model shown in browse results, as stored (read back through this). */
export const listingEntrySchema = z.object({
  modelId: z.string(),
  owner: z.string(),
  name: z.string(),
  slug: z.string(),
  task: z.string(),
  tags: z.array(z.string()),
  framework: z.string().optional(),
  latestVersion: z.string().optional(),
  publishedAt: z.string(),
  keywords: z.array(z.string()),
  offers: z.array(listingOfferSchema),
});
export type ListingEntry = z.infer<typeof listingEntrySchema>;

/** What browse answers for an entry: no search keywords, and `framework` null when there is none. */
export const listingViewSchema = listingEntrySchema
  .omit({ keywords: true })
  .extend({ framework: z.string().nullable() });
export type ListingView = z.infer<typeof listingViewSchema>;

const MAX_KEYWORDS = 20;

/** Lower-cased alphanumeric tokens (≥ 2 characters), deduplicated, in order of first appearance. */
export function tokenize(text: string): string[] {
  const tokens = text
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length >= 2 && token.length <= 32);
  return [...new Set(tokens)];
}

export function listingEntryFor(model: Model, offers: readonly Offer[]): ListingEntry {
  const keywords = tokenize([model.name, model.task, ...model.tags].join(' ')).slice(0, MAX_KEYWORDS);
  return {
    modelId: model.modelId,
    owner: model.owner,
    name: model.name,
    slug: model.slug,
    task: model.task,
    tags: model.tags,
    framework: model.framework,
    latestVersion: model.latestVersion,
    publishedAt: model.publishedAt ?? model.updatedAt,
    keywords,
    offers: offers
      .filter((offer) => offer.active)
      .map((offer) => ({
        offerId: offer.offerId,
        name: offer.name,
        commercialUse: offer.terms.commercialUse,
        derivatives: offer.terms.derivatives,
        price: offer.price,
        covers: offer.covers,
      })),
  };
}

/** Every facet partition the entry must appear in. */
export function facetsOf(entry: ListingEntry): string[] {
  return [
    'ALL',
    `TASK#${entry.task}`,
    `OWNER#${entry.owner}`,
    ...entry.tags.map((tag) => `TAG#${tag}`),
    ...entry.keywords.map((keyword) => `KW#${keyword}`),
  ];
}

export interface BrowseFilters {
  task?: string | undefined;
  tag?: string | undefined;
  owner?: string | undefined;
  q?: string | undefined;
  commercialUse?: boolean | undefined;
  chainId?: number | undefined;
  currency?: string | undefined;
  maxPrice?: bigint | undefined;
}

/** The facet to read: the one most likely to be small. */
export function facetFor(filters: BrowseFilters): string {
  const firstKeyword = filters.q ? tokenize(filters.q)[0] : undefined;
  if (firstKeyword) return `KW#${firstKeyword}`;
  if (filters.tag) return `TAG#${filters.tag}`;
  if (filters.owner) return `OWNER#${filters.owner}`;
  if (filters.task) return `TASK#${filters.task}`;
  return 'ALL';
}

/** True if the entry satisfies every filter (the facet already guarantees one of them). */
export function matches(entry: ListingEntry, filters: BrowseFilters): boolean {
  if (filters.task && entry.task !== filters.task) return false;
  if (filters.tag && !entry.tags.includes(filters.tag)) return false;
  if (filters.owner && entry.owner !== filters.owner) return false;
  if (filters.q) {
    const wanted = tokenize(filters.q);
    if (!wanted.every((token) => entry.keywords.includes(token))) return false;
  }
  const offerFilters =
    filters.commercialUse !== undefined || filters.currency !== undefined || filters.maxPrice !== undefined;
  if (!offerFilters) return true;
  return entry.offers.some(
    (offer) =>
      (filters.commercialUse === undefined || offer.commercialUse === filters.commercialUse) &&
      (filters.chainId === undefined || offer.price.chainId === filters.chainId) &&
      (filters.currency === undefined ||
        offer.price.currency.toLowerCase() === filters.currency.toLowerCase()) &&
      (filters.maxPrice === undefined || BigInt(offer.price.amount) <= filters.maxPrice),
  );
}
