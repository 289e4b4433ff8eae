/**
 * Request rules every route shares: an address that names a person is never the zero address
 * (split recipients, a licence's new holder, an order's referrer, the owner filter), the owner filter
 * must be an address at all, and a file path is something a person can read for what it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { json } from '#test/helpers/http.js';
import { testApp, uniqueId } from '#test/helpers/stack.js';

const { app, close } = testApp();
afterAll(close);

const ZERO = '0x0000000000000000000000000000000000000000';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

let owner: SignedIn;
let modelId: string;
beforeAll(async () => {
  owner = await signIn(app);
  const created = await send('POST', '/models', {
    name: 'Request rules',
    slug: uniqueId('rules').toLowerCase(),
    task: 'text-generation',
  });
  expect(created.status).toBe(201);
  modelId = (await json(created)).modelId;
  expect((await send('POST', `/models/${modelId}/versions`, { version: '1.0.0' })).status).toBe(201);
});

function send(method: string, path: string, body: unknown) {
  return app.request(path, {
    method,
    headers: { ...owner.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A 400 INVALID_INPUT whose first issue names `field` and says `message`. */
async function expectInvalid(response: Response, field: string, message: RegExp) {
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
  expect(body.error.details.issues[0].path).toBe(field);
  expect(body.error.message).toContain(field);
  expect(body.error.details.issues[0].message).toMatch(message);
}

describe('the zero address never names a person', () => {
  it('is refused as a split recipient, naming the recipient', async () => {
    const response = await send('PUT', `/models/${modelId}/split`, {
      recipients: [
        { address: owner.address, bps: 9000 },
        { address: ZERO, bps: 1000 },
      ],
    });
    await expectInvalid(response, 'json.recipients.1.address', /zero address/);
    // The same split without it is fine: the rule, not the rest of the body, refused it.
    const fine = await send('PUT', `/models/${modelId}/split`, {
      recipients: [
        { address: owner.address, bps: 9000 },
        { address: OTHER, bps: 1000 },
      ],
    });
    expect(fine.status).toBe(200);
  });

  it("is refused as an order's referrer", async () => {
    const response = await send('POST', '/orders', { offerId: 'off_any', referrer: ZERO });
    await expectInvalid(response, 'json.referrer', /zero address/);
  });

  it('is refused as a referrer that is no address at all, with the field named', async () => {
    const response = await send('POST', '/orders', { offerId: 'off_any', referrer: 'frontend.example' });
    await expectInvalid(response, 'json.referrer', /20-byte hex address/);
  });

  it('is refused as the owner filter', async () => {
    await expectInvalid(await app.request(`/models?owner=${ZERO}`), 'query.owner', /zero address/);
  });
});

describe('GET /models?owner=', () => {
  it('answers 400 for something that is not an address', async () => {
    await expectInvalid(await app.request('/models?owner=alice'), 'query.owner', /20-byte hex address/);
    await expectInvalid(await app.request(`/models?owner=${OTHER}00`), 'query.owner', /20-byte hex address/);
  });

  it('accepts an address in any case', async () => {
    const response = await app.request(`/models?owner=${owner.address.toLowerCase()}`);
    expect(response.status).toBe(200);
    expect((await json(response)).items).toEqual([]); // the owner's only model is a draft
  });
});

describe('file paths', () => {
  const declare = (path: string) =>
    send('POST', `/models/${modelId}/versions/1.0.0/files`, { path, size: 3, sha256: 'a'.repeat(64) });

  it.each([
    ['a bidirectional override', 'weights/\u202Egpj.exe', /bidirectional.*U\+202E/],
    ['a right-to-left mark', 'model\u200F.bin', /bidirectional.*U\+200F/],
    ['an isolate', 'model\u2067.bin', /bidirectional.*U\+2067/],
    ['the Arabic letter mark', 'model\u061C.bin', /bidirectional.*U\+061C/],
    ['a zero-width space', 'model\u200B.bin', /invisible.*U\+200B/],
    ['a zero-width joiner', 'model\u200D.bin', /invisible.*U\+200D/],
    ['a word joiner', 'model\u2060.bin', /invisible.*U\+2060/],
    ['a byte-order mark', '\uFEFFmodel.bin', /invisible.*U\+FEFF/],
    ['a soft hyphen', 'mo\u00ADdel.bin', /invisible.*U\+00AD/],
    ['a no-break space', 'my\u00A0model.bin', /invisible.*U\+00A0/],
    ['an ideographic space', 'my\u3000model.bin', /invisible.*U\+3000/],
    ['the Hangul filler', 'model\u3164.bin', /invisible.*U\+3164/],
    ['a division slash', 'weights\u2215model.bin', /look like "\/".*U\+2215/],
    ['a fraction slash', 'weights\u2044model.bin', /look like "\/".*U\+2044/],
    ['a big solidus', 'weights\u29F8model.bin', /look like "\/".*U\+29F8/],
    ['a fullwidth solidus', 'weights\uFF0Fmodel.bin', /look like "\/".*U\+FF0F/],
    ['a fullwidth reverse solidus', 'weights\uFF3Cmodel.bin', /look like "\/".*U\+FF3C/],
    ['a line separator', 'model\u2028.bin', /invisible.*U\+2028/],
    ['a private-use character', 'model\uE000.bin', /U\+E000/],
    ['an emoji', 'model\u{1F600}.bin', /U\+1F600/],
    ['a Windows-reserved character', 'model?.bin', /U\+003F/],
    ['a segment ending in a space', 'weights /model.bin', /space/],
  ])('refuses %s with 400 naming the path', async (_, path, message) => {
    await expectInvalid(await declare(path), 'json.path', message);
  });

  it('accepts letters, marks and digits of any script, spaces inside names and common punctuation', async () => {
    for (const path of ['名前/model (final) v2.bin', 'ünïcode/modèle_1.0+cpu.safetensors', 'ग्रंथ/नमस्ते.txt']) {
      expect((await declare(path)).status).toBe(201);
    }
  });

  it('stores a decomposed (NFD) path in its NFC form', async () => {
    const decomposed = 'caf\u0065\u0301/weights.bin';
    const response = await declare(decomposed);
    expect(response.status).toBe(201);
    expect((await json(response)).file.path).toBe('caf\u00E9/weights.bin');
  });
});
