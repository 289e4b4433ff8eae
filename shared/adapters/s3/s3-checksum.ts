/**
 * S3 writes a SHA-256 checksum (`x-amz-checksum-sha256`, `ChecksumSHA256`) in base64; the port and
 * the domain speak lower-case hex, the form files declare. The conversion happens here and nowhere else.
 */

/** The base64 form S3 expects of a hex SHA-256. */
export function toS3Checksum(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64');
}

/** The lower-case hex SHA-256 of a checksum S3 reports in base64. */
export function fromS3Checksum(checksumBase64: string): string {
  return Buffer.from(checksumBase64, 'base64').toString('hex');
}
