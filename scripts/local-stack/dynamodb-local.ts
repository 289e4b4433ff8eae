/**
 * DynamoDB Local (AWS's own jar) as a child process. The jar ships inside the npm package
 * `amplify-dynamodb-simulator`; installing that package pulls in the Amplify CLI, so we `npm pack`
 * it once and extract only `emulator/` into .cache/ (the npm registry is the only network we need).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR } from './paths.js';
import { type ManagedProcess, startProcess, waitUntilReady } from './processes.js';

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

export interface DynamoDbLocal {
  endpoint: string;
  process: ManagedProcess;
}

/**
 * Starts DynamoDB Local on `port`. `dbPath` persists data across restarts; without it data is in memory.
 * `-sharedDb` keeps one database file regardless of the credentials clients use. `jvmArgs` go to the
 * JVM (e.g. `-XX:TieredStopAtLevel=1` starts it about a third faster at some cost in peak throughput:
 * worth it for an instance that is restarted, not for one that serves a whole test run).
 * Stop it with `process.stop()` (SIGTERM): killed with SIGKILL it loses transactions it has already
 * acknowledged.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dbPath?: string;
  jvmArgs?: readonly string[];
}): Promise<DynamoDbLocal> {
  assertJava();
  const dir = ensureDynamoDbLocalJar();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const managed = startProcess(
    'java',
    [
      ...(options.jvmArgs ?? []),
      '-Xmx512m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
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
  const endpoint = `http://127.0.0.1:${options.port}`;
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
