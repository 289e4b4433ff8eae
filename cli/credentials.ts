/**
 * Where the CLI keeps credentials: `<configDir>/credentials.json`, one entry per API origin (a token
 * for localhost is never sent to production), written atomically with mode 0600 in a 0700 directory.
 * The config dir follows the platform: $MODEL_COMMONS_CONFIG_DIR, else $XDG_CONFIG_HOME/model-commons,
 * else %APPDATA%\model-commons on Windows, else ~/.config/model-commons.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const storedCredentialSchema = z.object({
  token: z.string().min(1),
  kind: z.enum(['session', 'token']),
  address: z.string(),
  chainId: z.number().optional(),
  expiresAt: z.string().optional(),
  savedAt: z.string(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  credentials: z.record(z.string(), storedCredentialSchema),
});
type CredentialsFile = z.infer<typeof fileSchema>;

const FILE_NAME = 'credentials.json';

/** The config directory for this environment (see the module comment). */
export function defaultConfigDir(
  env: Record<string, string | undefined>,
  platform = process.platform,
): string {
  if (env.MODEL_COMMONS_CONFIG_DIR) return env.MODEL_COMMONS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'model-commons');
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'model-commons');
  return join(env.HOME ?? homedir(), '.config', 'model-commons');
}

export function credentialsPath(configDir: string): string {
  return join(configDir, FILE_NAME);
}

async function readAll(configDir: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(credentialsPath(configDir), 'utf8');
  } catch {
    return { version: 1, credentials: {} };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = fileSchema.safeParse(json);
  // A damaged file holds nothing usable; the next login rewrites it.
  return parsed.success ? parsed.data : { version: 1, credentials: {} };
}

async function writeAll(configDir: string, content: CredentialsFile): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; credentials must not sit in a readable one.
  await chmod(configDir, 0o700).catch(() => undefined);
  const target = credentialsPath(configDir);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  // Created 0600 from the first byte (never briefly world-readable), then renamed over the old file.
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(temporary, 0o600);
  await rename(temporary, target);
}

/** The stored credential for `apiOrigin`, if any. */
export async function loadCredential(
  configDir: string,
  apiOrigin: string,
): Promise<StoredCredential | undefined> {
  return (await readAll(configDir)).credentials[apiOrigin];
}

export async function saveCredential(configDir: string, apiOrigin: string, credential: StoredCredential) {
  const content = await readAll(configDir);
  content.credentials[apiOrigin] = credential;
  await writeAll(configDir, content);
}

/** Forgets the credential for `apiOrigin`; removes the file when nothing is left. */
export async function removeCredential(configDir: string, apiOrigin: string): Promise<boolean> {
  const content = await readAll(configDir);
  if (!(apiOrigin in content.credentials)) return false;
  delete content.credentials[apiOrigin];
  if (Object.keys(content.credentials).length === 0) await rm(credentialsPath(configDir), { force: true });
  else await writeAll(configDir, content);
  return true;
}
