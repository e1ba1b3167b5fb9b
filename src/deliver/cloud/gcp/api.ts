/**
 * The HTTP client for Google's JSON APIs (Compute Engine, Cloud Storage): a
 * small `ky` instance (loaded only here) with the bearer token, bounded
 * retries with exponential backoff on 429 and 5xx (Retry-After honoured),
 * and every failure described in one line from Google's error body.
 */
import type { KyInstance } from "ky";
import { CREDENTIALS_HINT, oneLine } from "./credentials.js";

/** The public endpoints; `--endpoint` / `--storage-endpoint` replace them. */
export const COMPUTE_BASE = "https://compute.googleapis.com/compute/v1";
export const STORAGE_BASE = "https://storage.googleapis.com";

/** How often a request is retried on 429/5xx/network errors, and the longest wait between tries. */
export const RETRY_LIMIT = 5;
const BACKOFF_LIMIT_MS = 8_000;

/** A client sending `token` as the bearer, retrying on throttling and server errors. */
export async function googleApi(token: string): Promise<KyInstance> {
  const { default: ky } = await import("ky");
  return ky.create({
    headers: { authorization: `Bearer ${token}` },
    timeout: 120_000,
    retry: {
      limit: RETRY_LIMIT,
      // POSTs are retried too: instance inserts carry a requestId and uploads ifGenerationMatch=0, so a repeat is harmless.
      methods: ["get", "post", "put", "delete", "head", "patch"],
      statusCodes: [429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: 30_000,
      backoffLimit: BACKOFF_LIMIT_MS,
      delay: (attempt) => 200 * 2 ** (attempt - 1),
      jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
    },
  });
}

/** The HTTP status of a failed call, when it got an answer. */
export function statusOf(err: unknown): number | undefined {
  return (err as { name?: string; response?: Response }).name === "HTTPError" ? (err as { response: Response }).response.status : undefined;
}

/** A failed call in one line: Google's message and status, or why there was no answer. */
export async function describeApiError(err: unknown): Promise<string> {
  const e = err as { name?: string; response?: Response; request?: Request; cause?: { code?: string; message?: string } };
  if (e.name === "HTTPError" && e.response) {
    const status = e.response.status;
    let message = e.response.statusText;
    try {
      const text = await e.response.text();
      try {
        const body = JSON.parse(text) as { error?: { message?: string } | string; error_description?: string };
        message = typeof body.error === "object" ? (body.error.message ?? message) : (body.error_description ?? body.error ?? message);
      } catch {
        const xml = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
        if (xml) message = xml;
        else if (text.trim() !== "") message = text.trim().slice(0, 200);
      }
    } catch {
      // the body is gone: the status says enough
    }
    const line = `HTTP ${status}: ${oneLine(message)}`;
    if (status === 401) return `the access token was refused (${line}); it may have expired: ${CREDENTIALS_HINT}`;
    return line;
  }
  if (e.name === "TimeoutError") return `no answer from ${hostOf(e.request)} in time`;
  if (e.cause?.code || e.cause?.message) return `cannot reach ${hostOf(e.request)}: ${e.cause.code ?? oneLine(e.cause.message)}`;
  return oneLine(err);
}

function hostOf(request: Request | undefined): string {
  if (!request) return "the API";
  try {
    return new URL(request.url).host;
  } catch {
    return "the API";
  }
}

/** `base` without a trailing slash. */
export const trimBase = (base: string) => base.replace(/\/+$/, "");
