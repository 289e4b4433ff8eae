/**
 * `npm run smoke -- --stage <stage>`: the check to run after every deploy. It proves, against the
 * deployed stack, that the API function can sign licences with its configured key (KMS) and that the
 * signer and EIP-712 domain the API publishes verify what it signs:
 *
 * 1. reads the stack `ModelCommons-<stage>`'s outputs (CloudFormation DescribeStacks): the public
 *    origin (`PublicOrigin`, else `ApiUrl`) and `ApiFunctionName`;
 * 2. invokes the API function directly (lambda:InvokeFunction, the operator's credentials) with
 *    `{ "modelCommonsSmoke": "sign-licence" }`; it answers a smoke licence token (never stored,
 *    five minutes, model `smoke-test`, licensee the zero address) signed by its licence signer;
 * 3. fetches `GET <origin>/.well-known/model-commons.json` and verifies the token offline against the
 *    published signer and domain — with our verifier and with plain ethers and the published types.
 *
 * Prints PASS/FAIL per check with the reason; exits 1 on any failure, 2 on bad arguments.
 * `--api-url` and `--function` override the outputs (then `--stage` is optional); `--region` picks the
 * region (else the AWS SDK's default: AWS_REGION or the profile's). `runSmoke()` is the core, so a test
 * can run it against an in-process app and handler.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyTypedData } from 'ethers';
import { z } from 'zod';
import {
  SMOKE_EVENT_KEY,
  SMOKE_LICENCE_PREFIX,
  SMOKE_MODEL_ID,
  SMOKE_SIGN_LICENCE,
  type SmokeEvent,
} from '#api/smoke-event.js';
import { isAddressLike, toChecksumAddress } from '#domain/address.js';
import {
  decodeLicenceToken,
  LICENCE_DOMAIN_NAME,
  LICENCE_DOMAIN_VERSION,
  licenceDomain,
  verifyLicenceToken,
} from '#domain/licences/licence-token.js';

export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SmokeReport {
  pass: boolean;
  checks: SmokeCheck[];
}

export interface SmokeOptions {
  /** The API's public origin (where verifiers fetch the well-known document). */
  apiUrl: string;
  /** Invokes the API function with `event` and returns its JSON answer; throws if the function failed. */
  invoke(event: SmokeEvent): Promise<unknown>;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  now?: () => Date;
}

const address = z
  .string()
  .refine((value) => isAddressLike(value), 'must be an address')
  .transform((value) => toChecksumAddress(value));

const smokeAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), stage: z.string(), token: z.string(), signer: address }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

const wellKnownSchema = z.object({
  signer: address,
  eip712Domain: z.object({ name: z.string(), version: z.string(), chainId: z.number().int().positive() }),
  eip712Types: z.record(z.string(), z.array(z.object({ name: z.string(), type: z.string() }))),
});

/** Runs the checks in order; a check that leaves nothing to check further ends the run. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const checks: SmokeCheck[] = [];
  const record = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    return ok;
  };
  const report = (): SmokeReport => ({ pass: checks.every((check) => check.ok), checks });
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now?.() ?? new Date();

  let raw: unknown;
  try {
    raw = await options.invoke({ [SMOKE_EVENT_KEY]: SMOKE_SIGN_LICENCE });
  } catch (error) {
    record('sign', false, `invoking the API function failed: ${message(error)}`);
    return report();
  }
  const answer = smokeAnswerSchema.safeParse(raw);
  if (!answer.success) {
    record('sign', false, `the API function answered something else: ${JSON.stringify(raw).slice(0, 300)}`);
    return report();
  }
  if (!answer.data.ok) {
    record('sign', false, `the API function could not sign a licence: ${answer.data.error}`);
    return report();
  }
  const { token, signer: functionSigner, stage } = answer.data;
  record('sign', true, `the API function (stage ${stage}) signed a smoke licence as ${functionSigner}`);

  const url = `${options.apiUrl.replace(/\/+$/, '')}/.well-known/model-commons.json`;
  let published: z.infer<typeof wellKnownSchema>;
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200)
      throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    published = wellKnownSchema.parse(await response.json());
  } catch (error) {
    record('well-known', false, `GET ${url} failed: ${message(error)}`);
    return report();
  }
  const { signer, eip712Domain: domain } = published;
  record(
    'well-known',
    true,
    `${url} publishes signer ${signer}, domain ${domain.name} v${domain.version} chain ${domain.chainId}`,
  );
  if (domain.name !== LICENCE_DOMAIN_NAME || domain.version !== LICENCE_DOMAIN_VERSION) {
    record(
      'domain',
      false,
      `the published domain is not "${LICENCE_DOMAIN_NAME}" v${LICENCE_DOMAIN_VERSION}`,
    );
    return report();
  }
  record(
    'signer',
    functionSigner === signer,
    functionSigner === signer
      ? 'the function signs with the published signer'
      : `the function signs as ${functionSigner} but ${url} publishes ${signer}`,
  );

  const check = await verifyLicenceToken(token, { signer, domain: licenceDomain(domain.chainId), now });
  record(
    'token',
    check.valid,
    check.valid
      ? 'the token verifies against the published signer and domain'
      : `the token does not verify: ${check.reason}${check.reason === 'INVALID_SIGNATURE' ? ` (${recoveredSigner(token, published)})` : ''}`,
  );
  const recovered = recoveredSigner(token, published);
  record(
    'published types',
    recovered === signer,
    recovered === signer
      ? 'plain ethers with the published domain and types recovers the published signer'
      : `plain ethers with the published domain and types gives ${recovered}, not ${signer}`,
  );
  const claims = check.claims;
  const smokeClaims =
    claims?.licenceId.startsWith(SMOKE_LICENCE_PREFIX) === true && claims.modelId === SMOKE_MODEL_ID;
  record(
    'smoke claims',
    smokeClaims,
    claims ? `licence ${claims.licenceId} for model ${claims.modelId}` : 'the token has no claims',
  );
  return report();
}

/** Who signed the token according to plain ethers and the published domain and types. */
function recoveredSigner(token: string, published: z.infer<typeof wellKnownSchema>): string {
  try {
    const decoded = decodeLicenceToken(token);
    return verifyTypedData(published.eip712Domain, published.eip712Types, decoded.message, decoded.signature);
  } catch (error) {
    return `unrecoverable: ${message(error)}`;
  }
}

/**
 * Where to find the API of a deployed stack, from its CloudFormation outputs: the public origin
 * (`PublicOrigin`: the edge's domain when the stage has one; else `ApiUrl`) and `ApiFunctionName`.
 * @throws Error naming the missing output.
 */
export function smokeTargets(
  outputs: Record<string, string | undefined>,
  stackName: string,
): { apiUrl: string; functionName: string } {
  const apiUrl = outputs.PublicOrigin ?? outputs.ApiUrl;
  if (!apiUrl) throw new Error(`stack ${stackName} has no PublicOrigin or ApiUrl output`);
  if (!outputs.ApiFunctionName) {
    throw new Error(
      `stack ${stackName} has no ApiFunctionName output (deploy the current infra/ first, or pass --function)`,
    );
  }
  return { apiUrl: apiUrl.replace(/\/+$/, ''), functionName: outputs.ApiFunctionName };
}

/** One line per check, then the verdict. */
export function formatSmokeReport(report: SmokeReport, target: string): string {
  const lines = report.checks.map((check) => `${check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${check.detail}`);
  const failed = report.checks.filter((check) => !check.ok).length;
  lines.push(
    report.pass
      ? `Smoke check of ${target}: PASS (${report.checks.length} checks)`
      : `Smoke check of ${target}: FAIL (${failed} of ${report.checks.length} checks failed)`,
  );
  return lines.join('\n');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const USAGE =
  'usage: npm run smoke -- --stage <stage> [--region <region>] [--api-url <origin>] [--function <name>]';

async function main(argv: string[]): Promise<number> {
  let values: { stage?: string; region?: string; 'api-url'?: string; function?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stage: { type: 'string' },
        region: { type: 'string' },
        'api-url': { type: 'string' },
        function: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${message(error)}\n${USAGE}`);
    return 2;
  }
  const { stage, region } = values;
  let apiUrl = values['api-url'];
  let functionName = values.function;
  if (!stage && !(apiUrl && functionName)) {
    console.error(USAGE);
    return 2;
  }
  const stackName = stage ? `ModelCommons-${stage}` : (functionName as string);
  try {
    if (stage && (!apiUrl || !functionName)) {
      const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
      const cloudFormation = new CloudFormationClient({ region });
      const described = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      cloudFormation.destroy();
      const outputs = Object.fromEntries(
        (described.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue]),
      );
      const targets = smokeTargets(outputs, stackName);
      apiUrl ??= targets.apiUrl;
      functionName ??= targets.functionName;
    }
  } catch (error) {
    console.error(`FAIL stack: cannot read the outputs of ${stackName}: ${message(error)}`);
    return 1;
  }
  const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
  const lambda = new LambdaClient({ region });
  console.log(`Smoke check of ${stackName}: function ${functionName}, API ${apiUrl}`);
  try {
    const report = await runSmoke({
      apiUrl: apiUrl as string,
      invoke: async (event) => {
        const result = await lambda.send(
          new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
        );
        const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
        if (result.FunctionError) throw new Error(`${result.FunctionError}: ${text.slice(0, 500)}`);
        return JSON.parse(text) as unknown;
      },
    });
    console.log(formatSmokeReport(report, stackName));
    return report.pass ? 0 : 1;
  } finally {
    lambda.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`FAIL: ${message(error)}`);
      process.exit(1);
    },
  );
}
