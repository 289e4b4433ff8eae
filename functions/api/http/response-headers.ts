/**
 * Edits the finished response's headers in place. `c.header()` on a finished response copies it into
 * a new one with a streamed body, which costs the Node server its fast path for string bodies
 * (bench/p1-overhead.ts measured ≈ 170–190 µs of CPU per request). A response whose headers are
 * immutable (`Response.redirect()`, or one from `fetch()`) is copied once, then edited.
 */
import type { Context } from 'hono';

export function editResponseHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch (error) {
    // The first write to immutable headers throws before any change, so nothing is half-applied.
    if (!(error instanceof TypeError)) throw error;
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}
