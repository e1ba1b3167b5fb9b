/**
 * How `kindling resolve` reads a gs://BUCKET/NAME reference: the JSON API's
 * objects.get with alt=media, authorised by --token or Application Default
 * Credentials; --storage-endpoint replaces https://storage.googleapis.com.
 */
import type { SchemeFetcher } from "../fetch-source.js";
import { objectUrl } from "../object/gcs-store.js";
import { describeApiError, googleApi, STORAGE_BASE, trimBase } from "./api.js";
import { gcpCredentials } from "./credentials.js";

export const fetchGs: SchemeFetcher = async (url, options) => {
  const bucket = url.hostname;
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (bucket === "" || name === "") throw new Error("a gs URL names gs://BUCKET/OBJECT");
  const credentials = await gcpCredentials({ ...(options.token !== undefined ? { token: options.token } : {}), env: options.env });
  if ("error" in credentials) throw new Error(credentials.error);
  const token = await credentials.accessToken();
  if (typeof token !== "string") throw new Error(token.error);
  const api = await googleApi(token);
  try {
    const body = await api.get(objectUrl(trimBase(options.storageEndpoint ?? STORAGE_BASE), bucket, name), {
      searchParams: { alt: "media" },
    });
    return new Uint8Array(await body.arrayBuffer());
  } catch (err) {
    throw new Error(await describeApiError(err));
  }
};
