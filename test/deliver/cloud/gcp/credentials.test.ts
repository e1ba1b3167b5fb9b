// Application Default Credentials as kindling reads them: --token, a service
// account key file (the real JWT flow, against the OAuth emulator through the
// file's own token_uri), gcloud's authorized_user file, the metadata server,
// and the one line when none is found or the token endpoint refuses.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLOUD_PLATFORM_SCOPE, gcpCredentials } from "../../../../src/deliver/cloud/gcp/credentials.js";
import { type OAuthEmulator, startOAuthEmulator } from "../../../emulators/oauth-emulator.js";
import { tempDir, writeAuthorizedUser, writeServiceAccount } from "../../../helpers/gcp-credentials.js";

let oauth: OAuthEmulator;
beforeAll(async () => {
  oauth = await startOAuthEmulator();
});
afterAll(() => oauth.close());

/** An environment where nothing is found unless a test adds it: an empty HOME, no metadata server. */
const bare = (): Record<string, string> => ({ HOME: tempDir("gcp-home"), GCE_METADATA_HOST: "127.0.0.1:1" });

const tokenOf = async (options: Parameters<typeof gcpCredentials>[0]) => {
  const credentials = await gcpCredentials(options);
  if ("error" in credentials) return credentials;
  return { credentials, token: await credentials.accessToken() };
};

describe("gcpCredentials", () => {
  test("--token is used as it is, before any file", async () => {
    const sa = writeServiceAccount(oauth, "demo");
    const r = await tokenOf({ token: "ya29.given", env: { ...bare(), GOOGLE_APPLICATION_CREDENTIALS: sa.path } });
    expect(r).toMatchObject({ token: "ya29.given", credentials: { source: "--token" } });
  });

  test("a service account key file: a signed JWT exchanged at the file's token_uri, with the cloud-platform scope", async () => {
    const sa = writeServiceAccount(oauth, "kindling-demo");
    const before = oauth.assertions.length;
    const r = await tokenOf({ env: { ...bare(), GOOGLE_APPLICATION_CREDENTIALS: sa.path } });
    if ("error" in r) throw new Error(r.error);
    expect(typeof r.token).toBe("string");
    expect(oauth.issued.get(r.token as string)).toBe(CLOUD_PLATFORM_SCOPE);
    expect(oauth.assertions.slice(before)).toMatchObject([{ iss: sa.email, scope: CLOUD_PLATFORM_SCOPE }]);
    expect(r.credentials.projectId).toBe("kindling-demo");
    expect(r.credentials.serviceAccount).toEqual({ email: sa.email, privateKey: sa.privateKey });
  });

  test("gcloud's application default credentials under CLOUDSDK_CONFIG, else HOME/.config/gcloud", async () => {
    const env = bare();
    const config = join(tempDir("gcloud"), "conf");
    writeAuthorizedUser(oauth, config, "quota-project");
    const viaConfig = await tokenOf({ env: { ...env, CLOUDSDK_CONFIG: config } });
    if ("error" in viaConfig) throw new Error(viaConfig.error);
    expect(oauth.issued.has(viaConfig.token as string)).toBe(true);
    expect(viaConfig.credentials.projectId).toBe("quota-project");
    expect(viaConfig.credentials.serviceAccount).toBeUndefined();

    writeAuthorizedUser(oauth, join(env.HOME!, ".config", "gcloud"));
    const viaHome = await tokenOf({ env });
    if ("error" in viaHome) throw new Error(viaHome.error);
    expect(oauth.issued.has(viaHome.token as string)).toBe(true);
    expect(viaHome.credentials.source).toContain(join(env.HOME!, ".config", "gcloud"));
  });

  test("the metadata server, when there is no file", async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers["metadata-flavor"] as string | undefined);
      if (req.headers["metadata-flavor"] !== "Google") return void res.writeHead(403).end();
      res.setHeader("metadata-flavor", "Google");
      if (req.url?.startsWith("/computeMetadata/v1/instance/service-accounts/default/token"))
        return void res.end(JSON.stringify({ access_token: "ya29.from-metadata", expires_in: 3000, token_type: "Bearer" }));
      if (req.url === "/computeMetadata/v1/project/project-id") return void res.end("metadata-project");
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await tokenOf({ env: { ...bare(), GCE_METADATA_HOST: host } });
      expect(r).toMatchObject({
        token: "ya29.from-metadata",
        credentials: { projectId: "metadata-project", source: "the metadata server" },
      });
      expect(seen.every((h) => h === "Google")).toBe(true);
    } finally {
      server.close();
    }
  });

  test("nothing found is one line saying what to do", async () => {
    const r = await gcpCredentials({ env: bare() });
    expect(r).toEqual({
      error:
        "no Google Cloud credentials found: run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)",
    });
  });

  test("a key file that cannot be read, or is not a credentials file, is one line naming it", async () => {
    const missing = join(tempDir("gcp"), "nope.json");
    const r = await gcpCredentials({ env: { ...bare(), GOOGLE_APPLICATION_CREDENTIALS: missing } });
    expect("error" in r && r.error).toMatch(
      new RegExp(`^GOOGLE_APPLICATION_CREDENTIALS names ${missing.replace(/[.]/g, "\\.")}, which cannot be read`),
    );
    expect("error" in r && r.error.includes("\n")).toBe(false);
  });

  test("a key the token endpoint refuses is one line with what to do", async () => {
    const sa = writeServiceAccount(oauth, "demo", false);
    const r = await tokenOf({ env: { ...bare(), GOOGLE_APPLICATION_CREDENTIALS: sa.path } });
    if ("error" in r) throw new Error(r.error);
    expect(r.token).toEqual({
      error: `the Google Cloud credentials in ${sa.path} were refused (invalid_grant: Invalid grant: account not found): run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)`,
    });
  });
});
