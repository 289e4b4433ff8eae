/**
 * DynamoDB Local (AWS's own jar) as a child process. The jar ships inside the npm package
 * `amplify-dynamodb-simulator`; installing that package pulls in the Amplify CLI, so we `npm pack`
 * it once and extract only `emulator/` into .cache/ (the npm registry is the only network we need).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CACHE_DIR } from './paths.js';
import {
  connectHost,
  isWildcardHost,
  LOOPBACK,
  type ManagedProcess,
  startProcess,
  waitUntilReady,
} from './processes.js';

const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
export const EMULATOR_DIR = join(CACHE_DIR, 'dynamodb-local');

/** Makes sure the DynamoDB Local jar is in .cache/ (downloads it from the npm registry once). */
export function ensureDynamoDbLocalJar(): string {
  const jar = join(EMULATOR_DIR, 'DynamoDBLocal.jar');
  if (existsSync(jar)) return EMULATOR_DIR;
  mkdirSync(CACHE_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    const tarball = execFileSync('npm', ['pack', SIMULATOR_PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', [
      '-xzf',
      join(work, tarball.split('\n').pop() ?? ''),
      '-C',
      work,
      'package/emulator',
    ]);
    rmSync(EMULATOR_DIR, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), EMULATOR_DIR);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!existsSync(jar)) throw new Error(`DynamoDB Local jar missing after extracting ${SIMULATOR_PACKAGE}`);
  return EMULATOR_DIR;
}

/** Fails with the command to run when no Java runtime is installed. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs a Java 17+ runtime and `java` was not found. Install it with:\n' +
        '  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless',
    );
  }
}

/** The Java launcher that binds DynamoDB Local to one address (its jar cannot). */
const LAUNCHER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'DynamoDbLocalOnHost.java');

/**
 * Compiles the launcher into .cache/ once per version of its source; undefined when there is no
 * `javac` (a Java runtime without the JDK), in which case DynamoDB Local cannot be bound to one address.
 */
async function compiledLauncher(emulatorDir: string): Promise<string | undefined> {
  const source = readFileSync(LAUNCHER_SOURCE);
  const dir = join(
    CACHE_DIR,
    'dynamodb-local-launcher',
    createHash('sha256').update(source).digest('hex').slice(0, 16),
  );
  if (existsSync(join(dir, 'DynamoDbLocalOnHost.class'))) return dir;
  // Compiled beside its final place (same file system), then renamed into it in one step.
  mkdirSync(dirname(dir), { recursive: true });
  const work = mkdtempSync(join(dirname(dir), 'compiling-'));
  try {
    const classPath = [
      join(emulatorDir, 'DynamoDBLocal.jar'),
      join(emulatorDir, 'DynamoDBLocal_lib', '*'),
    ].join(delimiter);
    await promisify(execFile)('javac', ['-nowarn', '-cp', classPath, '-d', work, LAUNCHER_SOURCE]);
    try {
      renameSync(work, dir);
    } catch (error) {
      // Another process (a second test worker) compiled the same source first: use its copy.
      if (!existsSync(join(dir, 'DynamoDbLocalOnHost.class'))) throw error;
      rmSync(work, { recursive: true, force: true });
    }
    return dir;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  process: ManagedProcess;
}

/**
 * Starts DynamoDB Local on `host`:`port` (host 127.0.0.1 by default: only this machine can reach it).
 * The jar itself would listen on every interface; the launcher above binds it to `host`, and without a
 * JDK to compile that it falls back to the plain jar with a warning. `dbPath` persists data across restarts; without it data is in memory.
 * `-sharedDb` keeps one database file regardless of the credentials clients use. `jvmArgs` go to the
 * JVM (e.g. `-XX:TieredStopAtLevel=1` starts it about a third faster at some cost in peak throughput:
 * worth it for an instance that is restarted, not for one that serves a whole test run).
 * Stop it with `process.stop()` (SIGTERM): killed with SIGKILL it loses transactions it has already
 * acknowledged.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  host?: string;
  dbPath?: string;
  jvmArgs?: readonly string[];
}): Promise<DynamoDbLocal> {
  assertJava();
  const dir = ensureDynamoDbLocalJar();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const host = options.host ?? LOOPBACK;
  const launcher = isWildcardHost(host) ? undefined : await compiledLauncher(dir);
  if (!launcher && !isWildcardHost(host)) {
    console.warn(
      `DynamoDB Local: no javac (JDK) to build its launcher, so it listens on every interface, not only ${host}.\n` +
        '  Install a JDK to bind it: sudo apt-get install -y openjdk-17-jdk-headless',
    );
  }
  const main = launcher
    ? [
        '-cp',
        [launcher, join(dir, 'DynamoDBLocal.jar'), join(dir, 'DynamoDBLocal_lib', '*')].join(delimiter),
        'DynamoDbLocalOnHost',
        host,
      ]
    : ['-jar', join(dir, 'DynamoDBLocal.jar')];
  const managed = startProcess(
    'java',
    [
      ...(options.jvmArgs ?? []),
      '-Xmx512m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      ...main,
      '-port',
      String(options.port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    'DynamoDB Local',
    // It writes a metadata file into its working directory: keep that out of the checkout root.
    options.dbPath ?? dir,
  );
  const endpoint = `http://${connectHost(host)}:${options.port}`;
  await waitUntilReady('DynamoDB Local', managed, async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    return response.status === 200;
  });
  return { endpoint, process: managed };
}
