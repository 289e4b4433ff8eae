// Runs a bundled Lambda handler as Lambda would, in this fresh process: imports the bundle (argv[2]),
// sends it one API Gateway v2 event per request (argv[3…]: `/path` for a GET or `METHOD /path`, no
// body; default `/health`) in order, prints one marked JSON line with the timings and each status,
// and exits (keep-alive sockets must not hold the process open). Used by the deployed-bundle test
// (test/infra/stack.test.ts) and bench/cold-start.ts.
import { apiGatewayEvent } from './api-gateway-event.mjs';

const [bundle, ...requests] = process.argv.slice(2);
const started = performance.now();
const module = await import(bundle);
const imported = performance.now();

function event(request, index) {
  const [method, path] = request.includes(' ') ? request.split(' ') : ['GET', request];
  return apiGatewayEvent(method, path, `invoke-${index}`);
}

const results = [];
for (const [index, request] of (requests.length > 0 ? requests : ['/health']).entries()) {
  const before = performance.now();
  const result = await module.handler(event(request, index), {});
  const ms = performance.now() - before;
  // The body only when something went wrong, to say what.
  results.push({
    request,
    status: result.statusCode,
    ms,
    ...(result.statusCode >= 500 && { body: result.body }),
  });
}
process.stdout.write(`\n@@invoke ${JSON.stringify({ importMs: imported - started, results })}\n`);
process.exit(0);
