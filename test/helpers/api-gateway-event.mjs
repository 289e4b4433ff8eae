// An API Gateway HTTP API (payload v2) event without a body, as Lambda hands it to the API's handler.
// Plain JavaScript: test/helpers/invoke-bundle.mjs runs under plain Node, like a Lambda (types in .d.mts).
export function apiGatewayEvent(method, path, requestId) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'model-commons-tests' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  };
}
