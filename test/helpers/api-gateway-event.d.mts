/** An API Gateway HTTP API (payload v2) event without a body (see api-gateway-event.mjs). */
export declare function apiGatewayEvent(
  method: string,
  path: string,
  requestId: string,
): Record<string, unknown>;
