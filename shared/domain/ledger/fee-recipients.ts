/**
 * Who earns the platform fee. A deployed stage names its recipient explicitly (PLATFORM_FEE_RECIPIENT;
 * loadConfig refuses a deployed stage without one); only the local and test stages fall back to the
 * first chain's pay-to address, so `npm start` and the tests run without one more variable.
 */
import type { Address } from '#domain/address.js';

/** The stages that run on the local stack (npm start, tests): the only ones with a fallback. */
const FALLBACK_STAGES: ReadonlySet<string> = new Set(['local', 'test']);

/**
 * The platform fee recipient: `explicit` when set; else, on the local and test stages only, the first
 * chain's pay-to address; else undefined (the caller refuses to start).
 */
export function platformFeeRecipient(
  stage: string,
  explicit: Address | undefined,
  chains: ReadonlyArray<{ payTo: Address }>,
): Address | undefined {
  if (explicit !== undefined) return explicit;
  return FALLBACK_STAGES.has(stage) ? chains[0]?.payTo : undefined;
}
