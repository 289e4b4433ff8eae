/**
 * The local servers (`npm start`, and the stack the tests start) listen on 127.0.0.1 only, as the
 * README promises, unless HOST says otherwise: another machine on the network must not reach the
 * API, DynamoDB Local, the S3 server or anvil (anvil's dev keys are public).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { serveLocally } from '#api/local-server.js';
import { hostFromEnv } from '#scripts/local-stack/processes.js';
import { stack } from '#test/helpers/stack.js';

/** The local addresses (as `ip`) listening on TCP `port`, read from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue; // 0A: LISTEN
      found.push(decodeAddress(local.slice(0, -5)));
    }
  }
  return found;
}

/** /proc/net's little-endian hex: `0100007F` is 127.0.0.1; IPv6 in four little-endian words. */
function decodeAddress(hex: string): string {
  const ipv4 = (word: string) =>
    (word.match(/../g) ?? [])
      .reverse()
      .map((byte) => Number.parseInt(byte, 16))
      .join('.');
  if (hex.length === 8) return ipv4(hex);
  if (hex === '0'.repeat(32)) return '::';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${ipv4(hex.slice(24))}`;
  return `ipv6:${hex}`;
}

const LOOPBACK_ONLY = /^(127\.0\.0\.1|::ffff:127\.0\.0\.1)$/;

/** An address of this machine that is not loopback (a LAN or container interface), if it has one. */
function otherInterfaceAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(process.platform !== 'linux')('local servers listen on 127.0.0.1 only', () => {
  it.each([
    ['DynamoDB Local', () => stack().dynamoEndpoint],
    ['the S3 server', () => stack().s3Endpoint],
    ['anvil', () => stack().rpcUrl],
  ])('%s', async (_, endpoint) => {
    const port = Number(new URL(endpoint()).port);
    const addresses = listeningAddresses(port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(LOOPBACK_ONLY);
    const other = otherInterfaceAddress();
    if (other) expect(await connects(other, port)).toBe(false);
  });

  it('the API of npm start, unless HOST is set', async () => {
    expect(hostFromEnv({})).toBe('127.0.0.1');
    expect(hostFromEnv({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
    const { server, address } = await serveLocally(() => new Response('ok'), {
      port: 0,
      host: hostFromEnv({}),
    });
    try {
      expect(listeningAddresses(address.port)).toEqual(['127.0.0.1']);
      expect(await (await fetch(`http://127.0.0.1:${address.port}/`)).text()).toBe('ok');
      const other = otherInterfaceAddress();
      if (other) expect(await connects(other, address.port)).toBe(false);
    } finally {
      server.close();
    }
  });
});
