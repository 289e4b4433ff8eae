/** `push <folder>`: upload a folder as a model version, resumable. */
import type { Command } from 'commander';
import type { CliContext } from '#cli/context.js';
import { chooseProgressMode, createProgress, formatBytes } from '#cli/progress.js';
import { push } from '#cli/push/push.js';
import { DEFAULT_RETRY } from '#cli/push/retry.js';
import { DEFAULT_IGNORE_FILE } from '#cli/push/walk.js';
import { intOption, listOption, positiveIntOption } from './options.js';

export function registerPushCommand(program: Command, context: (command: Command) => CliContext) {
  program
    .command('push')
    .description(
      'Upload a folder as a version of a model: hashes every file, uploads what the server lacks ' +
        '(large files in parallel parts), and resumes where it stopped if run again after Ctrl-C or a crash',
    )
    .argument('<folder>')
    .requiredOption('--model <modelId>')
    .requiredOption('--version <semver>', 'e.g. 1.0.0')
    .option('--changelog <text>', 'what changed in this version')
    .option('--publish', 'publish the version once every file is verified (it becomes immutable)')
    .option('--concurrency <n>', 'parallel uploads (parts and files)', positiveIntOption, 4)
    .option('--retries <n>', 'tries per part before giving up', positiveIntOption, DEFAULT_RETRY.attempts)
    .option(
      '--retry-delay-ms <ms>',
      'first backoff delay (doubles each retry, with jitter)',
      intOption,
      DEFAULT_RETRY.baseDelayMs,
    )
    .option('--ignore-file <name>', 'gitignore-style file in the folder', DEFAULT_IGNORE_FILE)
    .option(
      '--exclude <patterns>',
      'extra gitignore-style patterns (comma-separated, repeatable)',
      listOption,
    )
    .action(
      async (
        folder: string,
        options: {
          model: string;
          version: string;
          changelog?: string;
          publish?: boolean;
          concurrency: number;
          retries: number;
          retryDelayMs: number;
          ignoreFile: string;
          exclude?: string[];
        },
        command: Command,
      ) => {
        const ctx = context(command);
        const client = await ctx.client();
        const progress = createProgress(
          chooseProgressMode(ctx.options.progress, ctx.io.stderr, ctx.options.quiet === true),
          ctx.io.stderr,
        );
        const started = Date.now();
        const result = await push({
          folder,
          modelId: options.model,
          version: options.version,
          changelog: options.changelog,
          publish: options.publish === true,
          concurrency: options.concurrency,
          retry: { ...DEFAULT_RETRY, attempts: options.retries, baseDelayMs: options.retryDelayMs },
          ignoreFile: options.ignoreFile,
          exclude: options.exclude ?? [],
          client,
          fetch: ctx.io.fetch,
          signal: ctx.io.signal,
          progress,
        });
        const seconds = (Date.now() - started) / 1000;
        const counts = (action: string) => result.files.filter((file) => file.action === action).length;
        ctx.result(result, [
          `${result.modelId}@${result.version}: ${result.files.length} file(s) — ${counts('uploaded')} uploaded, ${counts('resumed')} resumed, ${counts('reused')} reused, ${counts('unchanged')} unchanged${result.removed.length ? `, ${result.removed.length} removed` : ''}`,
          `  sent ${formatBytes(result.bytesUploaded)} (${result.partsUploaded} multipart part(s)) in ${seconds.toFixed(1)} s`,
          `  status ${result.status}${result.manifestHash ? `, manifest ${result.manifestHash}` : ''}`,
          ...(result.published
            ? []
            : [
                `  publish it with: model-commons push ${folder} --model ${result.modelId} --version ${result.version} --publish`,
              ]),
        ]);
      },
    );
}
