/**
 * The `model-commons` CLI. `main(argv, io)` runs one command with injected I/O and returns the exit
 * code — tests call it in-process with an in-memory app's fetch and a temporary config dir;
 * `runFromProcess()` (used by bin/model-commons.mjs) wires it to the real process, Ctrl-C included.
 */
import { Command, CommanderError, Option } from 'commander';
import { registerAuthCommands } from './commands/auth.js';
import { registerBuyCommand } from './commands/buy.js';
import { registerCatalogueCommands } from './commands/catalogue.js';
import { registerEarningsCommand } from './commands/earnings.js';
import { registerLicenceCommands } from './commands/licences.js';
import { registerMarketCommands } from './commands/market.js';
import { registerPushCommand } from './commands/push.js';
import { CliContext, type CliIo, DEFAULT_API_URL, type GlobalOptions } from './context.js';
import { describeFailure, EXIT } from './exit-codes.js';

export const CLI_VERSION = '0.1.0';

export type { CliIo } from './context.js';
export { EXIT } from './exit-codes.js';

function buildProgram(io: CliIo): Command {
  const program = new Command('model-commons')
    .description(
      'Publish AI models to a Model Commons marketplace, sell and buy licences through its contract, ' +
        'and verify licences, from a terminal or CI.',
    )
    .option('--api <url>', `API origin (env MODEL_COMMONS_API_URL; default ${DEFAULT_API_URL})`)
    .option(
      '--token <token>',
      'API token or session token (env MODEL_COMMONS_TOKEN; default: the one `login` stored)',
    )
    .option('--json', 'machine-readable output on stdout (errors too)')
    .option('-q, --quiet', 'no progress or status lines on stderr')
    .addOption(
      new Option('--progress <mode>', 'progress display: bars on a terminal, plain lines otherwise')
        .choices(['auto', 'bars', 'lines', 'none'])
        .default('auto'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 2 usage, 3 auth, 4 not found, 5 conflict, 6 rejected, 7 invalid licence, 8 unavailable, 130 interrupted.\nDocs: docs/cli.md',
    );
  const context = (command: Command) => new CliContext(io, command.optsWithGlobals<GlobalOptions>());
  registerAuthCommands(program, context);
  registerCatalogueCommands(program, context);
  registerPushCommand(program, context);
  // After the catalogue commands: `offers sign` joins their `offers`.
  registerMarketCommands(program, context);
  registerBuyCommand(program, context);
  registerEarningsCommand(program, context);
  registerLicenceCommands(program, context);
  return program;
}

/** Runs one CLI invocation; never throws, never exits the process. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // `push --version <semver>` owns --version, so the CLI's own version is only a leading flag.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.OK;
  }
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the help or the usage error already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const json = argv.includes('--json');
    const failure = describeFailure(error);
    const exitCode =
      io.signal?.aborted && failure.exitCode === EXIT.FAILURE ? EXIT.INTERRUPTED : failure.exitCode;
    if (failure.line) io.stderr.write(`model-commons: ${failure.line}\n`);
    if (json && exitCode !== EXIT.INVALID_LICENCE) {
      io.stdout.write(
        `${JSON.stringify({ error: { code: failure.code, message: failure.line, exitCode } }, null, 2)}\n`,
      );
    }
    return exitCode;
  }
}

/** Runs the CLI on the real process: argv, env, stdio, Ctrl-C (once: stop cleanly; twice: quit). */
export async function runFromProcess(): Promise<never> {
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.INTERRUPTED);
    process.stderr.write('\nstopping… (press Ctrl-C again to quit at once)\n');
    controller.abort(new Error('interrupted'));
  };
  // `model-commons … | head` closes the pipe early: that is the reader's choice, not a failure.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.OK);
      throw error;
    });
  }
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const code = await main(process.argv.slice(2), {
    fetch: globalThis.fetch,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    stdin: process.stdin,
  });
  // Exit now rather than wait for idle keep-alive sockets; stdout is flushed first.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
