/**
 * Credentials files for the Google Cloud tests, written to a temp dir as
 * gcloud and the IAM console write them: a service account key (a fresh RSA
 * key, registered with the OAuth emulator, its token_uri pointing there) and
 * an authorized_user file (gcloud auth application-default login).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OAuthEmulator } from "../emulators/oauth-emulator.js";

export interface ServiceAccountFile {
  path: string;
  email: string;
  privateKey: string;
  publicKey: string;
  dir: string;
}

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `kindling-${name}-`));

/** A fresh RSA key pair in the PEM forms a key file and the emulators take. */
export function rsaKeys(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
}

/** Writes a service account key file for `project`; registers its key with `oauth` unless `register` is false. */
export function writeServiceAccount(oauth: OAuthEmulator, project: string, register = true): ServiceAccountFile {
  const dir = tempDir("gcp-sa");
  const { privateKey, publicKey } = rsaKeys();
  const email = `kindling-${randomBytes(3).toString("hex")}@${project}.iam.gserviceaccount.com`;
  const path = join(dir, "key.json");
  writeFileSync(
    path,
    JSON.stringify({
      type: "service_account",
      project_id: project,
      private_key_id: randomBytes(20).toString("hex"),
      private_key: privateKey,
      client_email: email,
      client_id: "1234567890",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: oauth.tokenUri,
      auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
      universe_domain: "googleapis.com",
    }),
  );
  if (register) oauth.registerServiceAccount(email, publicKey);
  return { path, email, privateKey, publicKey, dir };
}

/** Writes gcloud's application_default_credentials.json (an authorized_user) under `configDir`, registered with `oauth`. */
export function writeAuthorizedUser(oauth: OAuthEmulator, configDir: string, quotaProject?: string): string {
  mkdirSync(configDir, { recursive: true });
  const refresh = `1//${randomBytes(16).toString("hex")}`;
  const clientId = "764086051850-emulated.apps.googleusercontent.com";
  const path = join(configDir, "application_default_credentials.json");
  writeFileSync(
    path,
    JSON.stringify({
      account: "",
      client_id: clientId,
      client_secret: "d-FL95Q19q7MQmFpd7hHD0Ty",
      refresh_token: refresh,
      type: "authorized_user",
      token_uri: oauth.tokenUri,
      universe_domain: "googleapis.com",
      ...(quotaProject ? { quota_project_id: quotaProject } : {}),
    }),
  );
  oauth.registerRefreshToken(clientId, "d-FL95Q19q7MQmFpd7hHD0Ty", refresh);
  return path;
}
