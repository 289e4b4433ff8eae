/**
 * Credentials for the local stand-ins (never used against AWS): s3rver accepts only its default key
 * pair, and DynamoDB Local started with -sharedDb accepts any.
 */
export const LOCAL_STAND_IN_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
