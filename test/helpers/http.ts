/** Small HTTP helpers for tests. */

/** The parsed JSON body; tests assert on its shape, so it is deliberately loosely typed. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions navigate arbitrary JSON.
export async function json(response: Response): Promise<any> {
  return response.json();
}
