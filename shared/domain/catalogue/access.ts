/**
 * Who may see and change what in the catalogue. Drafts, delisted models, unpublished versions and
 * upload state are the owner's alone: to anyone else they do not exist (404). A visible model that
 * someone else tries to change answers 403 NOT_OWNER.
 */
import type { Caller } from '#domain/auth/caller.js';
import { ForbiddenError, NotFoundError, PreconditionFailedError } from '#domain/errors.js';
import type { Model } from './schemas.js';

export function isOwner(model: Pick<Model, 'owner'>, caller: Pick<Caller, 'address'> | undefined): boolean {
  return caller !== undefined && caller.address === model.owner;
}

export function modelNotFound(modelId: string): NotFoundError {
  return new NotFoundError(`Model ${modelId} not found`, { code: 'MODEL_NOT_FOUND' });
}

/** The model if the caller may see it (published, or theirs). */
export function assertVisible<T extends Pick<Model, 'owner' | 'status' | 'modelId'>>(
  model: T | undefined,
  modelId: string,
  caller: Pick<Caller, 'address'> | undefined,
): T {
  if (!model) throw modelNotFound(modelId);
  if (model.status === 'published' || isOwner(model, caller)) return model;
  throw modelNotFound(modelId);
}

/** The model if the caller owns it; 404 if they cannot see it, 403 if they can but do not own it. */
export function assertOwned<T extends Pick<Model, 'owner' | 'status' | 'modelId'>>(
  model: T | undefined,
  modelId: string,
  caller: Pick<Caller, 'address'>,
): T {
  const visible = assertVisible(model, modelId, caller);
  if (!isOwner(visible, caller)) {
    throw new ForbiddenError('Only the model owner may do this', { code: 'NOT_OWNER' });
  }
  return visible;
}

/** The strong ETag for a revision counter. */
export function etagFor(rev: number): string {
  return `"${rev}"`;
}

/**
 * Checks an If-Match header value against the current revision. Absent header = unconditional write;
 * `*` matches anything; otherwise one of the listed ETags must be current, else 412.
 */
export function assertIfMatch(ifMatch: string | undefined, rev: number): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(etagFor(rev))) return;
  throw new PreconditionFailedError('The resource changed since you read it; reload and retry', {
    code: 'STALE_REVISION',
    details: { currentEtag: etagFor(rev) },
  });
}
