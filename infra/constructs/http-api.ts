/**
 * The public HTTP API (API Gateway v2): one `$default` route to the API function, stage-wide
 * throttling, CORS for the configured frontends, and JSON access logs in their own log group.
 *
 * Behind the edge (CloudFront + WAF, edge-stack.ts) the default `execute-api` endpoint is disabled —
 * otherwise anyone could go around the WAF — and the API answers only on a regional custom domain,
 * the one CloudFront uses as its origin.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface HttpApiProps {
  allowedOrigins: readonly string[];
  throttleRateLimit: number;
  throttleBurstLimit: number;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  /**
   * Serve only on this regional custom domain (CloudFront's origin) and disable the default
   * `execute-api` endpoint. Omitted → the default endpoint serves.
   */
  origin?: { domainName: string; certificateArn: string } | undefined;
}

/** The same CORS contract the app itself applies (functions/api/app.ts). */
export const API_CORS = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'if-match', 'x-request-id'],
  exposeHeaders: ['etag', 'x-request-id', 'retry-after'],
} as const;

/**
 * One JSON object per request. `requestId` is API Gateway's id (also in the Lambda event's
 * requestContext); the app's own log lines carry its `X-Request-Id`.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The regional custom domain CloudFront connects to (when `origin` is set). */
  readonly originDomain: apigw.DomainName | undefined;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Model Commons public API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.origin !== undefined,
      corsPreflight:
        props.allowedOrigins.length > 0
          ? {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: API_CORS.allowMethods.map((method) => apigw.CorsHttpMethod[method]),
              allowHeaders: [...API_CORS.allowHeaders],
              exposeHeaders: [...API_CORS.exposeHeaders],
              allowCredentials: true,
              maxAge: Duration.minutes(10),
            }
          : undefined,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit, burstLimit: props.throttleBurstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    if (props.origin) {
      this.originDomain = new apigw.DomainName(this, 'OriginDomain', {
        domainName: props.origin.domainName,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'OriginCertificate',
          props.origin.certificateArn,
        ),
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      new apigw.ApiMapping(this, 'OriginMapping', {
        api: this.api,
        domainName: this.originDomain,
        stage: this.stage,
      });
    }
  }

  /** Sends every request (the `$default` route) to `fn`. */
  routeAllTo(fn: lambda.IFunction): void {
    new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('ApiIntegration', fn),
    });
  }

  /**
   * `https://<id>.execute-api.<region>.amazonaws.com` — the `$default` stage serves at the root. Does
   * not answer when an `origin` custom domain is set (the endpoint is disabled).
   */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
