/**
 * One line for the user from whatever an AWS SDK call threw: no credentials,
 * expired credentials, rejected credentials, access denied, throttling or
 * server errors that outlasted the retries, an endpoint that cannot be
 * reached; otherwise the service's own code and message. Never a stack.
 */
import { MAX_ATTEMPTS, NO_CREDENTIALS } from "./config.js";

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const REJECTED = new Set([
  "AuthFailure",
  "InvalidAccessKeyId",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "IncompleteSignature",
]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "AllAccessDisabled"]);
const THROTTLED = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The first line of `text`, at most 200 characters. */
function firstLine(text: string): string {
  const line = text.split("\n")[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * The line for `err`, thrown by `operation` ("RunInstances", "PutObject")
 * against `endpoint` (or AWS's own when undefined).
 */
export function awsErrorLine(err: unknown, operation: string, endpoint?: string): string {
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const message = firstLine(e.message ?? String(err));
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts ?? MAX_ATTEMPTS;
  if (name === "CredentialsProviderError" || name === "TokenProviderError") {
    if (/expired/i.test(message)) return `the AWS credentials have expired (${message}): refresh them (aws sso login, new session keys)`;
    return NO_CREDENTIALS;
  }
  if (EXPIRED.has(name)) return `the AWS credentials have expired (${name}: ${message}): refresh them (aws sso login, new session keys)`;
  if (REJECTED.has(name))
    return `AWS rejected the credentials (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or your AWS profile`;
  if (DENIED.has(name) || status === 403)
    return `${operation}: access denied (${name}${message && message !== name ? `: ${message}` : ""}); check the IAM permissions of these credentials`;
  if (THROTTLED.has(name) || status === 429)
    return `${operation}: AWS kept throttling the requests (${name}) after ${attempts} attempts; try again in a minute`;
  if (status !== undefined && status >= 500)
    return `${operation}: AWS answered HTTP ${status} (${name}) after ${attempts} attempts; try again later`;
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  const network = e.code && NETWORK.has(e.code) ? e.code : cause && NETWORK.has(cause) ? cause : undefined;
  if (network || name === "TimeoutError") return `${operation}: cannot reach ${endpoint ?? "AWS"}: ${network ?? message}`;
  return `${operation}: ${name === "Error" || message.startsWith(name) ? message : `${name}: ${message}`}`;
}
