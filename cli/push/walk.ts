/**
 * The files a push sends: every regular file under the folder, minus what the ignore file
 * (`.modelcommonsignore`, gitignore syntax) and --exclude patterns leave out. Symbolic links are
 * skipped, never followed (a link could point outside the folder). Paths are "/"-separated, relative,
 * NFC-normalised (macOS stores names decomposed), and must pass the catalogue's own path rule
 * (shared/domain/catalogue/file-path.ts): a name the API would refuse stops the push before any upload.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import ignore from 'ignore';
import { CliError, EXIT } from '#cli/exit-codes.js';
import { filePathProblem, normaliseFilePath, printableFilePath } from '#domain/catalogue/file-path.js';

export const DEFAULT_IGNORE_FILE = '.modelcommonsignore';
/** Never uploaded: version-control internals and OS litter. */
const ALWAYS_IGNORED = ['.git/', '.hg/', '.svn/', '.DS_Store', 'Thumbs.db'];

export interface LocalFile {
  /** Catalogue path: relative, "/"-separated. */
  path: string;
  absolutePath: string;
  size: number;
  contentType: string;
}

export interface WalkResult {
  files: LocalFile[];
  ignoredCount: number;
  skippedLinks: string[];
}

export async function walkFolder(
  root: string,
  options: { ignoreFile?: string; exclude?: string[] } = {},
): Promise<WalkResult> {
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new CliError(`${root} is not a folder`, EXIT.USAGE, 'NOT_A_FOLDER');
  const ignoreFile = options.ignoreFile ?? DEFAULT_IGNORE_FILE;
  const matcher = ignore()
    .add(ALWAYS_IGNORED)
    .add(ignoreFile)
    .add(options.exclude ?? []);
  const rules = await readFile(join(root, ignoreFile), 'utf8').catch(() => undefined);
  if (rules !== undefined) matcher.add(rules);

  const files: LocalFile[] = [];
  const skippedLinks: string[] = [];
  let ignoredCount = 0;
  const seen = new Set<string>();
  // `diskDir` is the folder as named on disk; `catalogueDir` is its NFC form, the catalogue path.
  const visit = async (diskDir: string, catalogueDir: string) => {
    const entries: Dirent[] = await readdir(join(root, diskDir), { withFileTypes: true });
    for (const entry of entries) {
      const name = normaliseFilePath(entry.name);
      const path = catalogueDir ? `${catalogueDir}/${name}` : name;
      if (entry.isSymbolicLink()) {
        skippedLinks.push(path);
        continue;
      }
      if (entry.isDirectory()) {
        if (matcher.ignores(`${path}/`)) ignoredCount++;
        else await visit(join(diskDir, entry.name), path);
        continue;
      }
      if (!entry.isFile()) continue;
      if (matcher.ignores(path)) {
        ignoredCount++;
        continue;
      }
      const problem = filePathProblem(path);
      if (problem) {
        // Printed with the refused characters spelled out: printing a bidi control would apply it.
        throw new CliError(`cannot upload "${printableFilePath(path)}": ${problem}`, EXIT.USAGE, 'BAD_PATH');
      }
      if (seen.has(path)) {
        const shown = printableFilePath(path);
        throw new CliError(
          `cannot upload two files named "${shown}" (their names differ only in Unicode form)`,
          EXIT.USAGE,
          'BAD_PATH',
        );
      }
      seen.add(path);
      const absolutePath = join(root, diskDir, entry.name);
      const { size } = await stat(absolutePath);
      files.push({ path, absolutePath, size, contentType: contentTypeFor(path) });
    }
  };
  await visit('', '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, ignoredCount, skippedLinks };
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.py': 'text/x-python',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
};

/** Weights (.safetensors, .gguf, .onnx, .bin, .pt …) and anything unknown are octet-streams. */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
