/**
 * The licence lifecycle as an explicit transition table:
 *
 *   active ──expire──▶ expired        (its term ran out)
 *   active ──revoke──▶ revoked        (owner or operator, with a reason)
 *   active ──transfer─▶ transferred   (holder moved a transferable licence; a new licence is issued)
 *
 * Every other move is refused: expired, revoked and transferred are final.
 * Nothing flips a stored licence to `expired` at the moment it expires, so readers use
 * `effectiveLicenceState`, which applies the clock.
 */
import { ConflictError } from '#domain/errors.js';

export const LICENCE_STATES = ['active', 'expired', 'revoked', 'transferred'] as const;
export type LicenceState = (typeof LICENCE_STATES)[number];
export const LICENCE_EVENTS = ['expire', 'revoke', 'transfer'] as const;
export type LicenceEvent = (typeof LICENCE_EVENTS)[number];

export const LICENCE_TRANSITIONS: Readonly<
  Record<LicenceState, Readonly<Partial<Record<LicenceEvent, LicenceState>>>>
> = {
  active: { expire: 'expired', revoke: 'revoked', transfer: 'transferred' },
  expired: {},
  revoked: {},
  transferred: {},
};

/**
 * The state after `event`.
 * @throws ConflictError code LICENCE_NOT_ACTIVE when the event is not allowed from `state`.
 */
export function nextLicenceState(state: LicenceState, event: LicenceEvent): LicenceState {
  const next = LICENCE_TRANSITIONS[state][event];
  if (!next) {
    throw new ConflictError(`A licence that is ${state} cannot ${event}`, {
      code: 'LICENCE_NOT_ACTIVE',
      details: { state, event },
    });
  }
  return next;
}

/** The stored state with the clock applied: an active licence past its `expiresAt` (epoch s, 0 = never) is expired. */
export function effectiveLicenceState(
  licence: { state: LicenceState; expiresAt: number },
  now: Date,
): LicenceState {
  if (licence.state === 'active' && licence.expiresAt !== 0 && now.getTime() >= licence.expiresAt * 1000) {
    return 'expired';
  }
  return licence.state;
}
