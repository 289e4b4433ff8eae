/**
 * `push`: make a version of a model hold exactly the files of a local folder, uploading only what the
 * server does not already have.
 *
 * Resuming needs no local state: the server is the record. Run the same push again after Ctrl-C or a
 * crash and it finds the version, keeps files already uploaded with the same SHA-256, asks
 * `GET …/files/{fileId}/parts` which parts S3 holds for unfinished multipart files and sends only the
 * missing ones. A single-PUT file that did not finish is declared afresh (its URL may have expired;
 * single files are small by definition).
 */
import type { ApiClient, FetchFn } from '#cli/client/api-client.js';
import { ApiError } from '#cli/client/api-client.js';
import type { ArtifactFileView, PartUrl } from '#cli/client/types.js';
import { CliError, EXIT } from '#cli/exit-codes.js';
import type { ProgressReporter } from '#cli/progress.js';
import { formatBytes } from '#cli/progress.js';
import { sha256File } from './hash.js';
import { DEFAULT_RETRY, type RetryPolicy, TransferError, withRetry } from './retry.js';
import { putFileRange } from './transfer.js';
import { type LocalFile, walkFolder } from './walk.js';

export interface PushOptions {
  folder: string;
  modelId: string;
  version: string;
  changelog?: string | undefined;
  publish: boolean;
  /** Parallel transfers (parts and small files) at once. */
  concurrency: number;
  retry?: RetryPolicy;
  ignoreFile?: string | undefined;
  exclude?: string[];
  client: ApiClient;
  /** For the presigned storage URLs (the client's own fetch goes to the API). */
  fetch: FetchFn;
  signal?: AbortSignal | undefined;
  progress: ProgressReporter;
}

/** `reused`: the server copied bytes you had already uploaded to one of your models; nothing was sent. */
export type FileAction = 'uploaded' | 'resumed' | 'reused' | 'unchanged';

export interface PushResult {
  modelId: string;
  version: string;
  status: string;
  manifestHash: string | null;
  files: Array<{ path: string; size: number; sha256: string; action: FileAction; partsSent: number }>;
  removed: string[];
  partsUploaded: number;
  bytesUploaded: number;
  published: boolean;
}

interface HashedFile extends LocalFile {
  sha256: string;
}

export async function push(options: PushOptions): Promise<PushResult> {
  const { client, progress, modelId, version } = options;
  const walked = await walkFolder(options.folder, {
    ...(options.ignoreFile ? { ignoreFile: options.ignoreFile } : {}),
    exclude: options.exclude ?? [],
  });
  for (const link of walked.skippedLinks) progress.log(`skipping symbolic link ${link}`);
  if (walked.files.length === 0) {
    throw new CliError(
      `${options.folder} has no files to push (after ignore rules)`,
      EXIT.USAGE,
      'EMPTY_FOLDER',
    );
  }

  // Fail fast on a wrong model id or credentials before spending minutes hashing.
  await client.getModel(modelId);

  const totalBytes = walked.files.reduce((sum, file) => sum + file.size, 0);
  progress.begin(`hashing ${walked.files.length} file${walked.files.length === 1 ? '' : 's'}`, totalBytes);
  const hashed: HashedFile[] = [];
  for (const file of walked.files) {
    progress.fileStart(file.path, file.size);
    const sha256 = await sha256File(
      file.absolutePath,
      (delta) => progress.advance(file.path, delta),
      options.signal,
    );
    progress.fileEnd(file.path);
    hashed.push({ ...file, sha256 });
  }
  progress.end();

  const existing = await ensureVersion(client, modelId, version, options.changelog, hashed);
  if (existing.status === 'published') {
    return {
      modelId,
      version,
      status: 'published',
      manifestHash: existing.manifestHash ?? null,
      files: hashed.map((file) => ({ ...pick(file), action: 'unchanged', partsSent: 0 })),
      removed: [],
      partsUploaded: 0,
      bytesUploaded: 0,
      published: true,
    };
  }

  const remote = new Map(existing.files.map((file) => [file.path, file]));
  const removed: string[] = [];
  for (const file of existing.files) {
    if (!hashed.some((local) => local.path === file.path)) {
      progress.log(`removing ${file.path} from ${version} (not in the folder)`);
      await client.removeFile(modelId, version, file.fileId);
      removed.push(file.path);
    }
  }

  const uploader = new Uploader(options);
  const plans = hashed.map((file) => ({ file, remote: remote.get(file.path) }));
  const pendingBytes = plans.reduce(
    (sum, plan) => sum + (isSame(plan.file, plan.remote, 'uploaded') ? 0 : plan.file.size),
    0,
  );
  progress.begin('uploading', pendingBytes);
  const fileSlots = new Limiter(options.concurrency);
  let results: PushResult['files'];
  try {
    results = await Promise.all(
      plans.map((plan) => fileSlots.run(() => uploader.uploadFile(plan.file, plan.remote))),
    );
  } catch (error) {
    progress.end();
    if (options.signal?.aborted) {
      throw new CliError(
        `interrupted after ${uploader.partsUploaded} part(s) and ${formatBytes(uploader.bytesUploaded)}; run the same command again to resume`,
        EXIT.INTERRUPTED,
        'INTERRUPTED',
        { cause: error },
      );
    }
    throw error;
  }
  progress.end();

  let final = await client.getVersion(modelId, version);
  if (options.publish) final = await client.publishVersion(modelId, version);
  return {
    modelId,
    version,
    status: final.status,
    manifestHash: final.manifestHash ?? null,
    files: results,
    removed,
    partsUploaded: uploader.partsUploaded,
    bytesUploaded: uploader.bytesUploaded,
    published: final.status === 'published',
  };
}

function pick(file: HashedFile) {
  return { path: file.path, size: file.size, sha256: file.sha256 };
}

function isSame(
  local: HashedFile,
  remote: ArtifactFileView | undefined,
  status?: ArtifactFileView['status'],
) {
  return (
    remote !== undefined &&
    remote.sha256 === local.sha256 &&
    remote.size === local.size &&
    remote.contentType === local.contentType &&
    (status === undefined || remote.status === status)
  );
}

/**
 * Creates the version, or finds it to resume. A published version is immutable: pushing different
 * files to it is a conflict; pushing the same files again is a no-op (re-runs in CI succeed).
 */
async function ensureVersion(
  client: ApiClient,
  modelId: string,
  version: string,
  changelog: string | undefined,
  local: HashedFile[],
) {
  try {
    return await client.createVersion(modelId, { version, changelog: changelog ?? '' });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
  }
  const existing = await client.getVersion(modelId, version);
  if (existing.status === 'published') {
    const identical =
      existing.files.length === local.length &&
      local.every((file) =>
        isSame(
          file,
          existing.files.find((remote) => remote.path === file.path),
        ),
      );
    if (!identical) {
      throw new CliError(
        `version ${version} of ${modelId} is already published with different files; push a new version number`,
        EXIT.CONFLICT,
        'VERSION_PUBLISHED',
      );
    }
  }
  return existing;
}

class Uploader {
  partsUploaded = 0;
  bytesUploaded = 0;
  private readonly transfers: Limiter;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: PushOptions) {
    this.transfers = new Limiter(options.concurrency);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async uploadFile(
    file: HashedFile,
    remote: ArtifactFileView | undefined,
  ): Promise<PushResult['files'][number]> {
    const { client, modelId, version, progress } = this.options;
    if (isSame(file, remote, 'uploaded')) {
      progress.log(`unchanged ${file.path}`);
      return { ...pick(file), action: 'unchanged', partsSent: 0 };
    }
    if (remote && isSame(file, remote, 'pending')) {
      const resumed = await this.resumeMultipart(file, remote.fileId);
      if (resumed) return resumed;
    }
    if (remote) await client.removeFile(modelId, version, remote.fileId);

    const declared = await this.api(() =>
      client.declareFile(modelId, version, {
        path: file.path,
        size: file.size,
        sha256: file.sha256,
        contentType: file.contentType,
      }),
    );
    if (declared.upload.kind === 'reused') {
      progress.log(`reused ${file.path}: already uploaded to one of your models, copied by the server`);
      return { ...pick(file), action: 'reused', partsSent: 0 };
    }
    if (declared.upload.kind === 'single') {
      const target = declared.upload;
      progress.fileStart(file.path, file.size);
      await this.transfers.run(() => this.sendWithRetry(file, 0, file.size, async () => target));
      await this.complete(file, declared.fileId);
      progress.fileEnd(file.path);
      return { ...pick(file), action: 'uploaded', partsSent: 1 };
    }
    const { partSize, partCount } = declared.upload;
    const sent = await this.sendParts(file, declared.fileId, partSize, partCount, new Set());
    return { ...pick(file), action: 'uploaded', partsSent: sent };
  }

  /** Continues an unfinished multipart upload; undefined if it cannot be resumed (start afresh). */
  private async resumeMultipart(file: HashedFile, fileId: string) {
    const { client, modelId, version, progress } = this.options;
    let held: Awaited<ReturnType<ApiClient['heldParts']>>;
    try {
      held = await this.api(() => client.heldParts(modelId, version, fileId));
    } catch (error) {
      // A single-PUT file (NOT_MULTIPART) or an upload S3 forgot: declare it again.
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) return undefined;
      throw error;
    }
    const heldNumbers = new Set(
      held.parts
        .filter((part) => part.size === partLength(file.size, held.partSize, part.partNumber))
        .map((part) => part.partNumber),
    );
    progress.log(`resuming ${file.path}: ${heldNumbers.size} of ${held.partCount} parts already stored`);
    const sent = await this.sendParts(file, fileId, held.partSize, held.partCount, heldNumbers);
    return { ...pick(file), action: 'resumed' as const, partsSent: sent };
  }

  private async sendParts(
    file: HashedFile,
    fileId: string,
    partSize: number,
    partCount: number,
    held: Set<number>,
  ) {
    const { client, modelId, version, progress } = this.options;
    const missing: number[] = [];
    for (let n = 1; n <= partCount; n++) if (!held.has(n)) missing.push(n);
    const heldBytes = [...held].reduce((sum, n) => sum + partLength(file.size, partSize, n), 0);
    progress.fileStart(file.path, file.size, heldBytes);
    // Ask for URLs in small batches, just before use, so they do not expire while earlier parts upload.
    const batchSize = Math.min(100, Math.max(this.options.concurrency * 4, 8));
    let sent = 0;
    // Each part's SHA-256 is signed into its URL (the store refuses other bytes), so it is read once
    // to hash before it is sent.
    const checksums = new Map<number, string>();
    const withChecksums = async (numbers: readonly number[]) => {
      const parts = [];
      for (const partNumber of numbers) {
        let sha256 = checksums.get(partNumber);
        if (sha256 === undefined) {
          sha256 = await sha256File(file.absolutePath, undefined, this.options.signal, {
            start: (partNumber - 1) * partSize,
            length: partLength(file.size, partSize, partNumber),
          });
          checksums.set(partNumber, sha256);
        }
        parts.push({ partNumber, sha256 });
      }
      return parts;
    };
    for (let index = 0; index < missing.length; index += batchSize) {
      const batch = missing.slice(index, index + batchSize);
      const requested = await withChecksums(batch);
      const urls = await this.api(() => client.partUrls(modelId, version, fileId, requested));
      const byNumber = new Map(urls.parts.map((part) => [part.partNumber, part]));
      await Promise.all(
        batch.map((partNumber) =>
          this.transfers.run(async () => {
            let target: PartUrl | undefined = byNumber.get(partNumber);
            const start = (partNumber - 1) * partSize;
            await this.sendWithRetry(
              file,
              start,
              partLength(file.size, partSize, partNumber),
              async (attempt) => {
                // An expired or refused URL is replaced by a fresh one before the retry.
                if (!target || attempt > 1) {
                  const again = await withChecksums([partNumber]);
                  const fresh = await this.api(() => client.partUrls(modelId, version, fileId, again));
                  target = fresh.parts[0];
                }
                if (!target) throw new CliError(`no upload URL for part ${partNumber}`, EXIT.FAILURE);
                return target;
              },
            );
            this.partsUploaded++;
            sent++;
          }),
        ),
      );
    }
    await this.complete(file, fileId);
    progress.fileEnd(file.path);
    return sent;
  }

  private async sendWithRetry(
    file: HashedFile,
    start: number,
    length: number,
    target: (attempt: number) => Promise<{ url: string; headers: Record<string, string> }>,
  ) {
    const { progress, signal } = this.options;
    await withRetry(
      async (attempt) => {
        const presigned = await target(attempt);
        let counted = 0;
        try {
          await putFileRange(this.options.fetch, presigned, file.absolutePath, start, length, {
            signal,
            onBytes: (delta) => {
              counted += delta;
              progress.advance(file.path, delta);
            },
          });
        } catch (error) {
          progress.advance(file.path, -counted);
          throw error;
        }
        this.bytesUploaded += length;
      },
      {
        policy: this.retry,
        signal,
        // 403: the presigned URL expired or was refused; a fresh URL fixes that (multipart parts).
        retryable: (error) =>
          error instanceof TransferError && error.status === 403 ? true : defaultRetryable(error),
        onRetry: (error, attempt, delay) =>
          progress.log(
            `retrying ${file.path} (bytes ${start}–${start + length}) in ${delay} ms after: ${error instanceof Error ? error.message : error} [${attempt}/${this.retry.attempts - 1}]`,
          ),
      },
    );
  }

  private async complete(file: HashedFile, fileId: string) {
    const { client, modelId, version } = this.options;
    const done = await this.api(() => client.completeFile(modelId, version, fileId));
    if (done.status !== 'uploaded') {
      throw new CliError(`the server did not accept ${file.path} (status ${done.status})`, EXIT.REJECTED);
    }
  }

  /** An API call with the same retry policy for transient failures. */
  private api<T>(call: () => Promise<T>): Promise<T> {
    return withRetry(call, { policy: this.retry, signal: this.options.signal });
  }
}

function defaultRetryable(error: unknown): boolean {
  if (error instanceof TransferError)
    return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
  return false;
}

/** The exact length of part `partNumber` (1-based) of a file of `size` bytes. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.max(0, Math.min(partSize, size - (partNumber - 1) * partSize));
}

/** At most `limit` tasks at once. */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
