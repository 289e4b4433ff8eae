/** Small HTTP helpers for tests. */

/** The parsed JSON body; tests assert on its shape, so it is deliberately loosely typed. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions navigate arbitrary JSON.
export async function json(response: Response): Promise<any> {
  return response.json();
}

/** What `requestOk` needs of an app: anything built by createApp. */
interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * A JSON request as `user` (its headers) that must answer one of `expected`; throws with the status
 * and body otherwise. Returns the parsed body, undefined when it is empty.
 */
export async function requestOk(
  app: RequestingApp,
  user: { headers: Record<string, string> },
  method: string,
  path: string,
  body?: unknown,
  expected: readonly number[] = [200, 201, 204],
  // biome-ignore lint/suspicious/noExplicitAny: tests and flows navigate API JSON loosely.
): Promise<any> {
  const response = await app.request(path, {
    method,
    headers: { ...user.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
