/**
 * Signing in with a local key: from an encrypted JSON keystore (password from
 * MODEL_COMMONS_KEYSTORE_PASSWORD or a hidden prompt) or from a private key in an environment
 * variable. The key is never taken as a command-line argument (shell history, `ps`) and never
 * printed, not even in error messages. ethers and siwe load only here, on demand.
 */
import { readFile } from 'node:fs/promises';
import type { Wallet } from 'ethers';
import type { ApiClient } from './client/api-client.js';
import type { CliIo } from './context.js';
import { CliError, EXIT } from './exit-codes.js';

/** What signs: an address and a personal_sign of a message. */
export interface MessageSigner {
  address: string;
  signMessage(message: string): Promise<string>;
}

export const DEFAULT_KEY_ENV = 'MODEL_COMMONS_PRIVATE_KEY';
export const KEYSTORE_PASSWORD_ENV = 'MODEL_COMMONS_KEYSTORE_PASSWORD';

/** The signer from an environment variable holding a 0x-prefixed 32-byte hex key. */
export async function signerFromEnv(env: CliIo['env'], variable: string): Promise<Wallet | undefined> {
  const value = env[variable]?.trim();
  if (!value) return undefined;
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
    throw new CliError(
      `${variable} is not a 32-byte hex private key (its value is not shown)`,
      EXIT.USAGE,
      'BAD_KEY',
    );
  }
  const { Wallet } = await import('ethers');
  return new Wallet(value.startsWith('0x') ? value : `0x${value}`);
}

/** The signer from an encrypted JSON keystore (geth/ethers format). */
export async function signerFromKeystore(io: CliIo, file: string): Promise<Wallet> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read keystore ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT.USAGE,
      'BAD_KEYSTORE',
    );
  }
  const password = io.env[KEYSTORE_PASSWORD_ENV] ?? (await promptHidden(io, `Password for ${file}: `));
  const { Wallet } = await import('ethers');
  try {
    const decrypted = await Wallet.fromEncryptedJson(json, password);
    // A keystore decrypts to an HD node when it holds a mnemonic: the plain key signs the same.
    return new Wallet(decrypted.privateKey);
  } catch {
    throw new CliError(
      `cannot decrypt keystore ${file}: wrong password or not a keystore`,
      EXIT.AUTH,
      'BAD_KEYSTORE',
    );
  }
}

/**
 * The local key as a wallet that can send transactions: from `keystore` if given, else from the
 * environment variable `keyEnv`. Having neither is a usage error.
 */
export async function walletFromKey(io: CliIo, options: { keystore?: string; keyEnv: string }) {
  const wallet = options.keystore
    ? await signerFromKeystore(io, options.keystore)
    : await signerFromEnv(io.env, options.keyEnv);
  if (!wallet) {
    throw new CliError(
      `no key to sign with: set ${options.keyEnv} or pass --keystore <file>`,
      EXIT.USAGE,
      'NO_KEY',
    );
  }
  return wallet;
}

/**
 * Sign-In with Ethereum against the API: nonce → EIP-4361 message naming the API's own scheme,
 * host and origin (the server accepts nothing else) → signature → session.
 */
export async function siweSignIn(client: ApiClient, signer: MessageSigner, chainId: number) {
  const { SiweMessage } = await import('siwe');
  const origin = new URL(client.baseUrl);
  const { nonce } = await client.nonce();
  const message = new SiweMessage({
    scheme: origin.protocol.replace(':', ''),
    domain: origin.host,
    uri: origin.origin,
    address: signer.address,
    statement: 'Sign in to Model Commons',
    version: '1',
    chainId,
    nonce,
    issuedAt: new Date().toISOString(),
  }).prepareMessage();
  const signature = await signer.signMessage(message);
  return client.signIn({ message, signature });
}

/** Reads a line without echoing it; only on an interactive terminal. */
async function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (!stdin?.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new CliError(
      `set ${KEYSTORE_PASSWORD_ENV} (no terminal to ask for the keystore password)`,
      EXIT.USAGE,
      'NO_PASSWORD',
    );
  }
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: Buffer | string) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            io.stderr.write('\n');
            resolve(value);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new CliError('interrupted', EXIT.INTERRUPTED, 'INTERRUPTED'));
            return;
          }
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else value += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
