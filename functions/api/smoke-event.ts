/**
 * The post-deploy smoke check's event and answer (`npm run smoke`, scripts/smoke.ts). An operator
 * invokes the API function directly (lambda:InvokeFunction) with `{ "modelCommonsSmoke": "sign-licence" }`;
 * API Gateway never builds such an event, so no HTTP client can send one. Tiny and import-free: the
 * handler checks every event with `isSmokeEvent` on its cold path.
 */

export const SMOKE_EVENT_KEY = 'modelCommonsSmoke';
export const SMOKE_SIGN_LICENCE = 'sign-licence';
/** The model and offer id of every smoke licence: clearly not a real licence, and never stored. */
export const SMOKE_MODEL_ID = 'smoke-test';
/** Smoke licences' ids start with this (then the signing time in epoch milliseconds). */
export const SMOKE_LICENCE_PREFIX = 'smoke-';

export interface SmokeEvent {
  [SMOKE_EVENT_KEY]: string;
}

export type SmokeAnswer =
  | {
      ok: true;
      stage: string;
      /** A licence token for fixed smoke claims, signed by the configured licence signer. */
      token: string;
      /** The address the function's licence signer reports (the well-known document should agree). */
      signer: string;
    }
  | { ok: false; error: string };

/** A direct invocation asking for a smoke check, not an API Gateway event. */
export function isSmokeEvent(event: unknown): event is SmokeEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    SMOKE_EVENT_KEY in event &&
    !('requestContext' in event) &&
    typeof (event as Record<string, unknown>)[SMOKE_EVENT_KEY] === 'string'
  );
}
