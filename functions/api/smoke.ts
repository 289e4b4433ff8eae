/**
 * Answers the post-deploy smoke event (smoke-event.ts): signs fixed, clearly marked smoke claims with
 * the licence signer the API is configured with (KMS in deployed stages) and returns the token, which
 * `npm run smoke` verifies against the published signer and domain. Nothing is stored; the token
 * expires after five minutes and names no real model, offer or licensee. Loaded only for this event.
 */
import type { LicenceClaimsInput } from '#domain/licences/licence-token.js';
import type { LicenceSigner } from '#ports/purchases.js';
import { createLogger, type LogLevel } from '#shared/logging.js';
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
export function smokeClaims(now: Date): LicenceClaimsInput {
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

/** What the smoke check needs from the API's runtime (handler.ts hands it in). */
export interface SmokeContext {
  stage: string;
  logLevel: LogLevel;
  /** The configured licence signer; reading secrets or building the KMS client may fail here. */
  signer(): Promise<LicenceSigner>;
}

/**
 * The smoke check as the Lambda entry answers it: a token from the configured licence signer, or why
 * there is none (never a thrown error: the operator reads the answer).
 */
export async function answerSmokeInvocation(
  event: SmokeEvent,
  context: () => Promise<SmokeContext>,
): Promise<SmokeAnswer> {
  let logger = createLogger('error', { service: 'api' });
  try {
    const { stage, logLevel, signer } = await context();
    logger = createLogger(logLevel, { service: 'api', stage });
    const answer = await answerSmokeEvent(event, { stage, signer: await signer(), now: new Date() });
    logger.info('smoke check answered', { action: event.modelCommonsSmoke, ok: answer.ok });
    return answer;
  } catch (error) {
    logger.error('smoke check failed', { error });
    return { ok: false, error: describe(error) };
  }
}

/** An error and its causes, one line, for the operator who ran the smoke check. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current !== undefined && parts.length < 4; ) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- ');
}
