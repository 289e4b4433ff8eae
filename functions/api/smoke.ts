/**
 * Answers the post-deploy smoke event (smoke-event.ts): signs fixed, clearly marked smoke claims with
 * the licence signer the API is configured with (KMS in deployed stages) and returns the token, which
 * `npm run smoke` verifies against the published signer and domain. Nothing is stored; the token
 * expires after five minutes and names no real model, offer or licensee. Loaded only for this event.
 */
import type { LicenceClaims } from '../../shared/domain/licences/licence-token.js';
import type { LicenceSigner } from '../../shared/ports/purchases.js';
import {
  SMOKE_LICENCE_PREFIX,
  SMOKE_MODEL_ID,
  SMOKE_SIGN_LICENCE,
  type SmokeAnswer,
  type SmokeEvent,
} from './smoke-event.js';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const ZERO_HASH = `0x${'0'.repeat(64)}`;
const SMOKE_TOKEN_SECONDS = 300;

/** The claims of a smoke licence signed at `now`. */
export function smokeClaims(now: Date): LicenceClaims {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return {
    licenceId: `${SMOKE_LICENCE_PREFIX}${now.getTime()}`,
    modelId: SMOKE_MODEL_ID,
    offerId: SMOKE_MODEL_ID,
    licensee: ZERO_ADDRESS,
    termsHash: ZERO_HASH,
    manifestHash: ZERO_HASH,
    issuedAt,
    expiresAt: issuedAt + SMOKE_TOKEN_SECONDS,
  };
}

export async function answerSmokeEvent(
  event: SmokeEvent,
  context: { stage: string; signer: LicenceSigner; now: Date },
): Promise<SmokeAnswer> {
  const action = event.modelCommonsSmoke;
  if (action !== SMOKE_SIGN_LICENCE) return { ok: false, error: `unknown smoke action "${action}"` };
  const [token, signer] = await Promise.all([
    context.signer.sign(smokeClaims(context.now)),
    context.signer.address(),
  ]);
  return { ok: true, stage: context.stage, token, signer };
}
