/**
 * What the catalogue needs from artifact storage: presigned direct uploads (single PUT and multipart),
 * inspection of what arrived, and a streaming checksum. Bytes never pass through the API.
 */

export interface PresignedRequest {
  url: string;
  /** Headers the client must send exactly as given (they are signed). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface UploadedPart {
  partNumber: number;
  size: number;
  etag: string;
  /** The part's SHA-256 as the store checked it at upload (base64, S3's form), when it keeps one. */
  checksumSha256?: string | undefined;
}

export interface ObjectDigest {
  size: number;
  sha256Hex: string;
}

export interface ArtifactUploadStore {
  /** A PUT URL bound to the body's exact size and SHA-256 (lower-case hex, as files declare it). */
  presignPut(input: {
    key: string;
    size: number;
    sha256Hex: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest>;
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  /** A PUT URL for one part, bound to its exact length and SHA-256 (lower-case hex). */
  presignUploadPart(input: {
    key: string;
    uploadId: string;
    partNumber: number;
    size: number;
    sha256Hex: string;
    expiresInSeconds: number;
  }): Promise<PresignedRequest>;
  /** Every part S3 holds for the upload, ascending; NotFoundError UPLOAD_NOT_FOUND if it is gone. */
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void>;
  /** Idempotent: an upload that is already gone is fine. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  /** The object's size, or undefined when no object exists at the key. */
  head(key: string): Promise<{ size: number } | undefined>;
  /** Size and SHA-256 the store itself verified at upload (S3's signed checksum), if it keeps one. */
  storedSha256(key: string): Promise<ObjectDigest | undefined>;
  /** `length` bytes of the object from `start` (fewer at its end); undefined if the object is missing. */
  readBytes(key: string, start: number, length: number): Promise<Uint8Array | undefined>;
  /** Streams the object through SHA-256 in constant memory. undefined if the object is missing. */
  digest(key: string): Promise<ObjectDigest | undefined>;
  /**
   * Copies `source` to `destination` inside the store, bytes never leaving it (in parts above the
   * store's single-copy limit). NotFoundError UPLOAD_INCOMPLETE if `source` is missing.
   */
  copy(source: string, destination: string, size: number): Promise<void>;
  delete(key: string): Promise<void>;
}
