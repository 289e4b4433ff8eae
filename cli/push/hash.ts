/** Streaming SHA-256 of a file (or of a byte range of it) in constant memory, reporting bytes as they are read. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function sha256File(
  path: string,
  onBytes: (delta: number) => void = () => {},
  signal?: AbortSignal,
  range?: { start: number; length: number },
): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, {
    highWaterMark: 1024 * 1024,
    ...(signal ? { signal } : {}),
    // An empty range reads nothing (createReadStream's `end` is inclusive).
    ...(range ? { start: range.start, end: range.start + range.length - 1 } : {}),
  });
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    onBytes(buffer.length);
  }
  return hash.digest('hex');
}
