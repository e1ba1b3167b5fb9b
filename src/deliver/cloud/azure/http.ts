/**
 * The HTTP client Azure's REST APIs (ARM and Blob storage) are called with:
 * ky, retrying throttling (429) and server errors (5xx) a bounded number of
 * times with exponential backoff, waiting as long as Retry-After says when
 * the answer gives one; and each failed answer turned into one line in
 * Azure's own words (ARM's {error:{code,message}}, Blob storage's XML
 * <Error><Code>/<Message> or its x-ms-error-code header).
 */
import ky, { HTTPError, type KyInstance, TimeoutError } from "ky";

/** Retries after the first attempt. */
export const RETRY_LIMIT = 4;
/** The longest wait a Retry-After may ask for (ms); a longer one ends the retries. */
const MAX_RETRY_AFTER_MS = 60_000;

/** A ky instance with Azure's retry policy and these default headers. */
export function azureHttp(headers: Record<string, string>): KyInstance {
  return ky.create({
    headers,
    timeout: 30_000,
    retry: {
      limit: RETRY_LIMIT,
      methods: ["get", "put", "head", "delete", "post"],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 10_000,
      delay: (attempt) => 250 * 2 ** (attempt - 1),
    },
  });
}

/** One line for a failed call: the status and Azure's error code and message, or the network failure. */
export async function describeAzureError(err: unknown, what: string): Promise<string> {
  if (err instanceof HTTPError) {
    const { response } = err;
    const text = await response.text().catch(() => "");
    const detail = errorDetail(text, response.headers.get("x-ms-error-code"));
    return `${what}: HTTP ${response.status}${detail ? ` ${detail}` : ""}`;
  }
  if (err instanceof TimeoutError) return `${what}: no answer within 30 seconds`;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return `${what}: ${e.message}${cause ? ` (${cause})` : ""}`;
}

/** "Code: message" from an ARM JSON error or a Blob XML error body, the first line of the message only. */
export function errorDetail(body: string, headerCode?: string | null): string {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    code = parsed.error?.code;
    message = parsed.error?.message;
  } catch {
    code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  }
  code ??= headerCode ?? undefined;
  const line = message?.split("\n")[0]?.trim();
  if (code && line) return `${code}: ${line}`;
  return code ?? line ?? "";
}
