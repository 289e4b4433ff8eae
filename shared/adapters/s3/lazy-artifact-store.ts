/**
 * The artifact store, loaded on first use. The S3 client, its commands and the presigner are about a
 * third of the code a cold start would otherwise load, and only uploads, downloads and the readiness
 * check need them (bench/cold-start.ts measures it). Each call waits for the one load, then passes
 * through; a failed load is retried by the next call.
 */
import { lazyRetrying } from '#shared/lazy-retrying.js';
import type { S3ArtifactStore } from './s3-artifact-store.js';

/** What the services and the readiness check use of S3ArtifactStore (all of its public methods). */
export type ArtifactStore = Omit<S3ArtifactStore, 'bucket'>;

type Args<K extends keyof ArtifactStore> = Parameters<ArtifactStore[K]>;

export class LazyArtifactStore implements ArtifactStore {
  private readonly store: () => Promise<ArtifactStore>;

  constructor(load: () => Promise<ArtifactStore>) {
    this.store = lazyRetrying(load);
  }

  async ping() {
    return (await this.store()).ping();
  }
  async presignPut(...args: Args<'presignPut'>) {
    return (await this.store()).presignPut(...args);
  }
  async presignGet(...args: Args<'presignGet'>) {
    return (await this.store()).presignGet(...args);
  }
  async head(...args: Args<'head'>) {
    return (await this.store()).head(...args);
  }
  async delete(...args: Args<'delete'>) {
    return (await this.store()).delete(...args);
  }
  async createMultipartUpload(...args: Args<'createMultipartUpload'>) {
    return (await this.store()).createMultipartUpload(...args);
  }
  async presignUploadPart(...args: Args<'presignUploadPart'>) {
    return (await this.store()).presignUploadPart(...args);
  }
  async listParts(...args: Args<'listParts'>) {
    return (await this.store()).listParts(...args);
  }
  async completeMultipartUpload(...args: Args<'completeMultipartUpload'>) {
    return (await this.store()).completeMultipartUpload(...args);
  }
  async abortMultipartUpload(...args: Args<'abortMultipartUpload'>) {
    return (await this.store()).abortMultipartUpload(...args);
  }
  async storedSha256(...args: Args<'storedSha256'>) {
    return (await this.store()).storedSha256(...args);
  }
  async digest(...args: Args<'digest'>) {
    return (await this.store()).digest(...args);
  }
  async readBytes(...args: Args<'readBytes'>) {
    return (await this.store()).readBytes(...args);
  }
  async copy(...args: Args<'copy'>) {
    return (await this.store()).copy(...args);
  }
}
