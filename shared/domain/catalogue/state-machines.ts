/**
 * The catalogue's explicit state machines. Services ask these before writing, and the repository
 * repeats the `from` state as a DynamoDB condition so a concurrent change cannot slip in between.
 */
import { ConflictError } from '#domain/errors.js';
import type { ModelStatus, Version, VersionStatus } from './schemas.js';

export type ModelAction = 'publish' | 'delist';

/** draft → published → delisted, and a delisted model may be published again (relisted). */
const MODEL_TRANSITIONS: Record<ModelAction, { from: readonly ModelStatus[]; to: ModelStatus }> = {
  publish: { from: ['draft', 'delisted'], to: 'published' },
  delist: { from: ['published'], to: 'delisted' },
};

/** The status after `action`, or ConflictError INVALID_STATE_TRANSITION. */
export function nextModelStatus(current: ModelStatus, action: ModelAction): ModelStatus {
  const transition = MODEL_TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(
      `A ${current} model cannot be ${action === 'publish' ? 'published' : 'delisted'}`,
      {
        code: 'INVALID_STATE_TRANSITION',
        details: { status: current, action, allowedFrom: transition.from },
      },
    );
  }
  return transition.to;
}

/** The states a model's status may be in before `action` (used as the write condition). */
export function modelStatusesAllowing(action: ModelAction): readonly ModelStatus[] {
  return MODEL_TRANSITIONS[action].from;
}

/**
 * A version is `uploading` while any declared file is not yet verified (or none is declared),
 * `ready` once every declared file is uploaded and verified, `published` once frozen.
 * Adding a file to a ready version takes it back to `uploading`.
 */
export function versionStatus(
  version: Pick<Version, 'published' | 'fileCount' | 'uploadedCount'>,
): VersionStatus {
  if (version.published) return 'published';
  return version.fileCount > 0 && version.uploadedCount === version.fileCount ? 'ready' : 'uploading';
}

/** Throws unless the version can be published now. */
export function assertVersionPublishable(
  version: Pick<Version, 'published' | 'fileCount' | 'uploadedCount'>,
) {
  const status = versionStatus(version);
  if (status === 'ready') return;
  throw new ConflictError(
    status === 'published'
      ? 'The version is already published'
      : 'Every declared file must be uploaded and verified before the version is published',
    { code: status === 'published' ? 'VERSION_PUBLISHED' : 'VERSION_NOT_READY', details: { status } },
  );
}

/** Throws VERSION_PUBLISHED if files may no longer change. */
export function assertVersionMutable(version: Pick<Version, 'published'>) {
  if (version.published) {
    throw new ConflictError('A published version and its files are immutable', { code: 'VERSION_PUBLISHED' });
  }
}
