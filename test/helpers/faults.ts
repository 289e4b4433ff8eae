/**
 * Hooks that let a fault-injection test stop a real dependency at an exact point inside a request:
 * between two DynamoDB commands, or between two JSON-RPC calls. The hooks only pause a request or run
 * the test's action (which kills the real server); the failure the app then sees is a real one —
 * refused connections from the real SDK and ethers clients — never an injected exception.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EvmChainGateway } from '#adapters/chain/evm-chain-gateway.js';

/** Where a hold catches a DynamoDB command: before it is sent, or after its response arrived. */
export type HoldPoint = 'before' | 'after';

export interface DynamoHold {
  /** What the hold is for (error messages). */
  label: string;
  when: HoldPoint;
  /** The SDK command name without `Command`, e.g. `TransactWriteItems`, `UpdateItem`. */
  command: string;
  /** Text that must appear in the command's input (an order id, a file id...). */
  inputContains: string;
}

/** JSON that survives bigint values in a command's input. */
function text(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item));
}

/**
 * Parks one request at each hold until all of them have arrived, then runs `action` once (the test
 * kills DynamoDB there) and lets them all continue into the dead server. Lets several requests be
 * caught mid-flight by ONE real crash, so the suite pays for one DynamoDB Local restart, not one each.
 */
export class DynamoBarrier {
  private readonly waiting = new Map<string, () => void>();
  private allArrived: (() => void) | undefined;
  private readonly arrived: Promise<void>;

  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly holds: readonly DynamoHold[],
    private readonly action: () => Promise<void>,
  ) {
    this.arrived = new Promise((resolve) => {
      this.allArrived = resolve;
    });
    document.middlewareStack.add(
      (next, context) => async (args) => {
        const hold = this.match(context.commandName, args.input);
        if (hold?.when === 'before') await this.park(hold);
        const result = await next(args);
        if (hold?.when === 'after') await this.park(hold);
        return result;
      },
      { step: 'initialize', name: 'faultBarrier', priority: 'high' },
    );
  }

  /**
   * Waits until every hold has a request parked (or fails after `timeoutMs`, naming the missing
   * ones), runs the action, releases them all and removes the hook.
   */
  async trip(timeoutMs = 20_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const missing = this.holds.filter((hold) => !this.waiting.has(hold.label)).map((hold) => hold.label);
        reject(new Error(`requests never reached their holds: ${missing.join(', ')}`));
      }, timeoutMs);
    });
    try {
      await Promise.race([this.arrived, timeout]);
    } finally {
      clearTimeout(timer);
      this.document.middlewareStack.remove('faultBarrier');
    }
    await this.action();
    for (const resume of this.waiting.values()) resume();
  }

  private match(commandName: string | undefined, input: unknown): DynamoHold | undefined {
    const name = (commandName ?? '').replace(/Command$/, '');
    const candidates = this.holds.filter((hold) => hold.command === name && !this.waiting.has(hold.label));
    if (candidates.length === 0) return undefined;
    const serialised = text(input);
    return candidates.find((hold) => serialised.includes(hold.inputContains));
  }

  private park(hold: DynamoHold): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.set(hold.label, resolve);
      if (this.waiting.size === this.holds.length) this.allArrived?.();
    });
  }
}

/**
 * Runs `action` (the test stops anvil there) once, just before (or after, given the call's result)
 * the first JSON-RPC call named `method` that the gateway makes. Wraps the gateway instance's `rpc`,
 * through which every chain read of the API and the chain indexer goes (receipts, heads, blocks,
 * logs, contract calls). `restore()` removes the hook.
 */
export function onRpc(
  gateway: EvmChainGateway,
  hook: { method: string; when: HoldPoint; action: (result?: unknown) => Promise<void> },
): { fired: Promise<void>; restore(): void } {
  const original = gateway.rpc;
  let fire: () => void = () => undefined;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  let armed = true;
  gateway.rpc = async (chainId: number, method: string, params: unknown[]) => {
    const hit = armed && method === hook.method;
    if (hit) armed = false;
    if (hit && hook.when === 'before') {
      await hook.action();
      fire();
    }
    const result = await original.call(gateway, chainId, method, params);
    if (hit && hook.when === 'after') {
      await hook.action(result);
      fire();
    }
    return result;
  };
  return {
    fired,
    restore: () => {
      gateway.rpc = original;
    },
  };
}

/** The key of a table item as one string. */
export const itemKey = (item: Record<string, unknown>) => `${String(item.pk)} | ${String(item.sk)}`;

export interface TableDiff {
  added: string[];
  removed: string[];
  /** Changed items with the attributes that differ. */
  changed: Record<string, string[]>;
}

/** What changed between two scans of the table. */
export function diffTables(
  before: Array<Record<string, unknown>>,
  after: Array<Record<string, unknown>>,
): TableDiff {
  const old = new Map(before.map((item) => [itemKey(item), item]));
  const now = new Map(after.map((item) => [itemKey(item), item]));
  const diff: TableDiff = { added: [], removed: [], changed: {} };
  for (const [key, item] of now) {
    const previous = old.get(key);
    if (!previous) {
      diff.added.push(key);
      continue;
    }
    const fields = [...new Set([...Object.keys(previous), ...Object.keys(item)])].filter(
      (field) => text(previous[field]) !== text(item[field]),
    );
    if (fields.length > 0) diff.changed[key] = fields.sort();
  }
  for (const key of old.keys()) if (!now.has(key)) diff.removed.push(key);
  diff.added.sort();
  diff.removed.sort();
  return diff;
}
