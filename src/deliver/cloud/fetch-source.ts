/**
 * How `resolve` fetches a reference's bytes, by the URL's scheme, as
 * Ignition does on the machine: http and https with fetch; s3 through the
 * AWS SDK and gs through the GCS JSON API (each module, and its SDK, loaded
 * only when a reference of its kind is followed). data URLs never get here:
 * resolve decodes them itself.
 */

/** What a scheme's fetcher may use: the environment its credential chain reads, and an endpoint for emulators. */
export interface FetchOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Send the storage API calls (s3, gs) here instead of the platform's public endpoint. */
  storageEndpoint?: string;
  /** A bearer token for the storage API (gs) instead of the credential chain. */
  token?: string;
}

/** Fetches one URL's body; throws with a one-line reason when it cannot. */
export type SchemeFetcher = (url: URL, options: FetchOptions) => Promise<Uint8Array>;

const httpFetch: SchemeFetcher = async (url) => {
  const answer = await fetch(url);
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  return new Uint8Array(await answer.arrayBuffer());
};

/** Each scheme's fetcher, loaded on first use. */
const FETCHERS: Record<string, () => Promise<SchemeFetcher>> = {
  "http:": async () => httpFetch,
  "https:": async () => httpFetch,
  "s3:": async () => (await import("./aws/s3-fetch.js")).fetchS3,
  "gs:": async () => (await import("./gcp/gs-fetcher.js")).fetchGs,
};

/** True when `resolve` can follow a URL of this scheme ("s3:"). */
export function canFetch(url: string): boolean {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  return scheme !== undefined && scheme in FETCHERS;
}

/** The schemes followed, for messages ("http, https, s3"). */
export function fetchedSchemes(): string[] {
  return ["data", ...Object.keys(FETCHERS).map((s) => s.slice(0, -1))];
}

/** Fetches `url` by its scheme; throws with a one-line reason when it cannot. */
export async function fetchSource(url: string, options: FetchOptions): Promise<Uint8Array> {
  const parsed = new URL(url);
  const load = FETCHERS[parsed.protocol];
  if (!load) throw new Error(`${parsed.protocol} URLs are not followed`);
  return (await load())(parsed, options);
}
