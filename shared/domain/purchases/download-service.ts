/**
 * Gated downloads: the owner, a contributor, or the holder of an active licence covering the version
 * gets a short-lived presigned GET; everyone else is told the file does not exist. Every grant is
 * recorded, and licence holders have a daily allowance per licence.
 */

import type { Caller } from '#domain/auth/caller.js';
import type { ArtifactFile, Model } from '#domain/catalogue/schemas.js';
import { NotFoundError } from '#domain/errors.js';
import { newId } from '#domain/ids.js';
import { effectiveLicenceState } from '#domain/licences/licence-state.js';
import type { Clock } from '#ports/clock.js';
import type { PurchaseRepository } from '#ports/purchases.js';

export interface DownloadCatalogue {
  getModel(modelId: string): Promise<Model | undefined>;
  getFileByPath(modelId: string, version: string, path: string): Promise<ArtifactFile | undefined>;
  getVersion(modelId: string, version: string): Promise<{ published: boolean } | undefined>;
}

export interface DownloadSigner {
  presignGet(input: {
    key: string;
    filename?: string;
    expiresInSeconds: number;
  }): Promise<{ url: string; expiresAt: string }>;
}

export interface DownloadSettings {
  urlTtlSeconds: number;
  dailyQuotaPerLicence: number;
}

export class DownloadService {
  constructor(
    private readonly repository: PurchaseRepository,
    private readonly catalogue: DownloadCatalogue,
    private readonly signer: DownloadSigner,
    private readonly clock: Clock,
    private readonly settings: DownloadSettings,
  ) {}

  async grant(caller: Caller, modelId: string, version: string, path: string) {
    const notFound = () => new NotFoundError('No such file', { code: 'FILE_NOT_FOUND' });
    const model = await this.catalogue.getModel(modelId);
    if (!model) throw notFound();
    const now = this.clock.now();
    const isOwner = model.owner === caller.address;
    const isContributor = model.split.some((recipient) => recipient.address === caller.address);
    let licenceId: string | undefined;
    if (!isOwner && !isContributor) {
      const licences = await this.repository.listHolderLicencesForModel(caller.address, modelId);
      licenceId = licences.find(
        (licence) => licence.version === version && effectiveLicenceState(licence, now) === 'active',
      )?.licenceId;
      if (!licenceId) throw notFound();
    }
    const file = await this.catalogue.getFileByPath(modelId, version, path);
    const published = (await this.catalogue.getVersion(modelId, version))?.published ?? false;
    // Licensees and contributors see published bytes only; the owner may fetch drafts back.
    if (file?.status !== 'uploaded' || (!isOwner && !published)) throw notFound();

    const at = now.toISOString();
    await this.repository.recordDownload(
      {
        grantId: newId('downloadGrant'),
        modelId,
        version,
        path,
        grantee: caller.address,
        basis: licenceId ? { licenceId } : { role: isOwner ? 'owner' : 'contributor' },
        at,
      },
      licenceId ? { licenceId, day: at.slice(0, 10), limit: this.settings.dailyQuotaPerLicence } : undefined,
    );
    const signed = await this.signer.presignGet({
      key: file.storageKey,
      filename: path,
      expiresInSeconds: this.settings.urlTtlSeconds,
    });
    return { url: signed.url, expiresAt: signed.expiresAt, size: file.size, sha256: file.sha256 };
  }
}
