// One cold start, in a fresh process: import the bundle (argv[2]), answer one API Gateway v2 `GET` event
// for argv[3] (default /health), print the timings as one marked JSON line, exit (keep-alive sockets must not hold the process open).
const path = process.argv[3] ?? '/health';
const started = performance.now();
const module = await import(process.argv[2]);
const imported = performance.now();
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'api.example.com', 'x-forwarded-proto': 'https' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'api.example.com',
    domainPrefix: 'api',
    http: {
      method: 'GET',
      path,
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.1',
      userAgent: 'bench',
    },
    requestId: 'bench-1',
    routeKey: '$default',
    stage: '$default',
    time: '25/Nov/2026:10:00:00 +0000',
    timeEpoch: 1_795_000_000_000,
  },
  isBase64Encoded: false,
};
const result = await module.handler(event, {});
const answered = performance.now();
process.stdout.write(
  `\n@@cold-start ${JSON.stringify({ status: result.statusCode, importMs: imported - started, requestMs: answered - imported })}\n`,
);
process.exit(0);
