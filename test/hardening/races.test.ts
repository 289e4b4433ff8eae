/**
 * Races on the edit paths: many editors holding the same ETag must resolve to exactly one winner.
 * The money races live beside the contract: 50 buyers on a supply cap of 10 in
 * test/http/market-supply-cap.test.ts, concurrent submissions of one sale in purchases.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn } from '#test/helpers/auth.js';
import { createPublishedModel, type PublishedModel } from '#test/helpers/catalogue.js';
import { json } from '#test/helpers/http.js';
import { stack, testApp } from '#test/helpers/stack.js';

const { app, close } = testApp();
afterAll(async () => {
  await close();
});

const post = (path: string, user: SignedIn, body: unknown, extra: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { ...user.headers, ...extra, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let owner: SignedIn;
let model: PublishedModel;

beforeAll(async () => {
  owner = await signIn(app);
  model = await createPublishedModel(app, owner);
});

describe('concurrent edits holding the same ETag', () => {
  it('PATCH /models/{id}: exactly one 200, the rest 412, and the winner is what is stored', async () => {
    const slug = `race-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const created = await post('/models', owner, { name: 'Race', slug, task: 'text-generation' });
    expect(created.status).toBe(201);
    const model = await json(created);
    const modelId: string = model.id ?? model.modelId;
    const etag = (await app.request(`/models/${modelId}`, { headers: owner.headers })).headers.get('etag');
    expect(etag).toBeTruthy();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.request(`/models/${modelId}`, {
          method: 'PATCH',
          headers: { ...owner.headers, 'content-type': 'application/json', 'if-match': etag as string },
          body: JSON.stringify({ description: `writer ${i}` }),
        }),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(bodies.filter((_, i) => statuses[i] === 412).map((body) => body.error.code)).toEqual(
      Array(19).fill('STALE_REVISION'),
    );

    const winner = bodies[statuses.indexOf(200)];
    const stored = await app.request(`/models/${modelId}`, { headers: owner.headers });
    expect((await json(stored)).model.description).toBe(winner.description);
    expect(stored.headers.get('etag')).not.toBe(etag);
  });

  it('PUT /models/{id}/split: exactly one 200, the rest 412', async () => {
    const etag = (await app.request(`/models/${model.modelId}/split`)).headers.get('etag');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.request(`/models/${model.modelId}/split`, {
          method: 'PUT',
          headers: { ...owner.headers, 'content-type': 'application/json', 'if-match': etag as string },
          body: JSON.stringify({
            recipients: [
              { address: owner.address, bps: 9000 - i },
              { address: stack().accounts[1]?.address, bps: 1000 + i },
            ],
          }),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(412)]);
  });
});
