/**
 * The object strategy's Azure Blob storage: the config is a block blob in
 * the container, named by its hash. HEAD first (there already: nothing to
 * upload), else Put Blob with If-None-Match: * so a blob is never replaced.
 * Calls carry an Entra ID bearer token (--token, or the credential chain;
 * the identity needs Storage Blob Data Contributor), or, when
 * AZURE_STORAGE_KEY holds the account key, a short service SAS.
 *
 * Ignition has no scheme for Azure Blob storage, so the machine gets an
 * https URL: with --presign a SAS URL that reads this one blob (a user
 * delegation SAS, at most 7 days, signed with a key Entra ID gives; or a
 * service SAS signed with AZURE_STORAGE_KEY); without --presign the blob's
 * plain URL, which only a container open to anonymous reads serves. That
 * is checked (an anonymous HEAD) and refused with a hint otherwise, so a
 * pointer the machine cannot follow is never delivered.
 */
import { HTTPError } from "ky";
import { azureToken, STORAGE_SCOPE } from "../azure/credentials.js";
import { azureHttp, describeAzureError } from "../azure/http.js";
import { parseUserDelegationKey, type SasTarget, STORAGE_VERSION, sasTime, serviceSas, userDelegationSas } from "../azure/sas.js";
import type { BucketUrl } from "./bucket.js";
import type { ObjectStore, ObjectStoreOptions, StoredObject } from "./object-store.js";

/** The longest a user delegation key (and so its SAS) lasts. */
export const USER_DELEGATION_MAX_SECONDS = 7 * 24 * 3600;
/** How far back SAS start times are set, for clocks that run behind. */
const CLOCK_SKEW_MS = 5 * 60_000;

const status = (err: unknown) => (err instanceof HTTPError ? err.response.status : undefined);

/**
 * True when anyone may read the container's blobs: an anonymous HEAD finds
 * the blob, or finds the container and says BlobNotFound. A private
 * container answers ResourceNotFound (or PublicAccessNotPermitted).
 */
async function anonymouslyReadable(blobUrl: string): Promise<boolean> {
  const answer = await fetch(blobUrl, { method: "HEAD" }).catch(() => undefined);
  if (!answer) return false;
  return answer.status === 200 || (answer.status === 404 && answer.headers.get("x-ms-error-code") === "BlobNotFound");
}

export async function openAzureBlobStore(bucket: BucketUrl, options: ObjectStoreOptions): Promise<ObjectStore> {
  const account = bucket.account!;
  const base = (options.endpoint ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, "");
  const protocol = base.startsWith("https:") ? "https" : "https,http";
  const accountKey = options.env.AZURE_STORAGE_KEY;
  const location = bucket.text;

  return {
    location,
    async put(key, bytes, contentType): Promise<StoredObject | { error: string }> {
      const blob = `${bucket.prefix}${key}`;
      const blobUrl = `${base}/${bucket.bucket}/${blob.split("/").map(encodeURIComponent).join("/")}`;
      const now = Date.now();
      const target = (permissions: string, seconds: number): SasTarget => ({
        account,
        container: bucket.bucket,
        blob,
        permissions,
        start: new Date(now - CLOCK_SKEW_MS),
        expiry: new Date(now + seconds * 1000),
        protocol,
      });
      const presign = options.presignSeconds;
      if (presign !== undefined && accountKey === undefined && presign > USER_DELEGATION_MAX_SECONDS)
        return {
          error: `a user delegation SAS lasts at most 7 days (${USER_DELEGATION_MAX_SECONDS} seconds), not --presign ${presign}; set AZURE_STORAGE_KEY for a service SAS, or presign for less`,
        };

      if (presign === undefined && !(await anonymouslyReadable(blobUrl)))
        return {
          error: `the container does not serve its blobs to anonymous readers, so a machine could not fetch ${blobUrl}: pass --presign SECONDS for a SAS URL (or allow anonymous blob reads on the container)`,
        };

      // How the calls are authorized: the account key's SAS, or a bearer token.
      let http: ReturnType<typeof azureHttp>;
      let authorized = (url: string) => url;
      const headers = { "x-ms-version": STORAGE_VERSION };
      if (accountKey !== undefined) {
        const sas = serviceSas(target("rcw", 15 * 60), accountKey);
        authorized = (url) => `${url}?${sas}`;
        http = azureHttp(headers);
      } else {
        const token = await azureToken(STORAGE_SCOPE, {
          env: options.env,
          ...(options.token !== undefined ? { token: options.token } : {}),
        });
        if ("error" in token) return token;
        http = azureHttp({ ...headers, authorization: `Bearer ${token.token}` });
      }
      const date = () => ({ "x-ms-date": new Date().toUTCString() });

      let existed = false;
      try {
        await http.head(authorized(blobUrl), { headers: date() });
        existed = true;
      } catch (err) {
        if (status(err) !== 404) return { error: await describeAzureError(err, `HEAD ${blobUrl}`) };
      }
      if (!existed) {
        try {
          await http.put(authorized(blobUrl), {
            body: bytes,
            headers: { ...date(), "x-ms-blob-type": "BlockBlob", "content-type": contentType, "if-none-match": "*" },
          });
        } catch (err) {
          // Another run stored the same bytes (the name is their hash) between the HEAD and the PUT.
          if (status(err) === 409) existed = true;
          else return { error: await describeAzureError(err, `PUT ${blobUrl}`) };
        }
      }

      if (presign === undefined) return { source: blobUrl, location: blobUrl, existed };
      if (accountKey !== undefined)
        return { source: `${blobUrl}?${serviceSas(target("r", presign), accountKey)}`, location: blobUrl, existed };
      const keyStart = sasTime(new Date(now - CLOCK_SKEW_MS));
      const keyExpiry = sasTime(new Date(now + presign * 1000));
      let keyXml: string;
      try {
        keyXml = await http
          .post(`${base}/?restype=service&comp=userdelegationkey`, {
            headers: { ...date(), "content-type": "application/xml" },
            body: `<?xml version="1.0" encoding="utf-8"?><KeyInfo><Start>${keyStart}</Start><Expiry>${keyExpiry}</Expiry></KeyInfo>`,
          })
          .text();
      } catch (err) {
        return { error: await describeAzureError(err, "Get User Delegation Key (for the SAS URL)") };
      }
      const delegation = parseUserDelegationKey(keyXml);
      if (!delegation) return { error: "Get User Delegation Key answered without a key" };
      return { source: `${blobUrl}?${userDelegationSas(target("r", presign), delegation)}`, location: blobUrl, existed };
    },
  };
}
