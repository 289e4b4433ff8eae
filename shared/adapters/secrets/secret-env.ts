/**
 * Secrets → environment, once per instance. In AWS the functions' environment holds only secret ARNs
 * (`<NAME>_SECRET_ARN`); this module reads each secret once and returns a copy of the environment with
 * `<NAME>` filled in, ready for `loadConfig`. Plain environment variables keep working locally: with no
 * `*_SECRET_ARN` variable nothing is read and no AWS client is loaded.
 */
// The suffix is a contract with the stack, which sets the `<NAME>_SECRET_ARN` variables.
import { SECRET_ARN_SUFFIX } from '#shared/deployment-contract.js';

/** Reads one secret's string value by ARN or name. */
export type SecretReader = (secretId: string) => Promise<string>;

export type Env = Record<string, string | undefined>;

/** Thrown when a secret cannot be read or decoded; `message` names the variable, never the value. */
export class SecretEnvError extends Error {
  override name = 'SecretEnvError';
}

/**
 * How a secret's stored value becomes the variable's value. The stack lets Secrets Manager generate
 * the initial keys (so they never appear in a template or a terminal), and generated values come in
 * shapes that differ from what `loadConfig` parses; the decoders bridge that.
 */
const DECODERS: Record<string, (raw: string, name: string) => string> = {
  SESSION_KEYS: decodeSessionKeys,
  LICENCE_SIGNER_KEY: decodeHexKey,
};

/**
 * Returns `env` with every `<NAME>_SECRET_ARN` resolved into `<NAME>` (secrets read in parallel).
 * @throws SecretEnvError if a secret cannot be read, or `<NAME>` is also set in plain text (ambiguous).
 */
export async function resolveSecretEnv(env: Env, readSecret: SecretReader): Promise<Env> {
  const wanted = secretArnVariables(env);
  const resolved = await Promise.all(
    wanted.map(async ({ name, arn }) => {
      if (env[name] !== undefined && env[name] !== '') {
        throw new SecretEnvError(`${name} is set both in plain text and as ${name}${SECRET_ARN_SUFFIX}`);
      }
      let raw: string;
      try {
        raw = await readSecret(arn);
      } catch (error) {
        throw new SecretEnvError(`${name}: could not read secret ${name}${SECRET_ARN_SUFFIX}`, {
          cause: error,
        });
      }
      const decode = DECODERS[name];
      return [name, decode ? decode(raw, name) : raw] as const;
    }),
  );
  return { ...env, ...Object.fromEntries(resolved) };
}

/** The `<NAME>_SECRET_ARN` variables that hold a value. */
export function secretArnVariables(env: Env): Array<{ name: string; arn: string }> {
  return Object.entries(env)
    .filter(
      (entry): entry is [string, string] =>
        entry[0].endsWith(SECRET_ARN_SUFFIX) && typeof entry[1] === 'string' && entry[1] !== '',
    )
    .map(([key, arn]) => ({ name: key.slice(0, -SECRET_ARN_SUFFIX.length), arn }));
}

/**
 * Session keys are stored either as the config's own `kid:secret,kid:secret` string or as JSON —
 * `{"kid","secret"}` (what the stack generates) or an array of those, first entry signing.
 */
function decodeSessionKeys(raw: string, name: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return trimmed;
  const parsed = parseJson(trimmed, name);
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  return entries
    .map((entry) => {
      if (!isRecord(entry) || typeof entry.kid !== 'string' || typeof entry.secret !== 'string') {
        throw new SecretEnvError(`${name}: each JSON entry must be {"kid": string, "secret": string}`);
      }
      return `${entry.kid}:${entry.secret}`;
    })
    .join(',');
}

/** Secrets Manager can generate 64 hex characters but not the `0x` prefix; add it. */
function decodeHexKey(raw: string): string {
  const trimmed = raw.trim();
  return /^[0-9a-fA-F]{64}$/.test(trimmed) ? `0x${trimmed}` : trimmed;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretEnvError(`${name}: the secret is not valid JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
