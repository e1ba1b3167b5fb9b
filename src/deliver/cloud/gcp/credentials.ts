/**
 * Google Cloud credentials, the way gcloud users expect them (Application
 * Default Credentials): a `--token` as given; else the JSON file
 * GOOGLE_APPLICATION_CREDENTIALS names; else gcloud's
 * application_default_credentials.json (under CLOUDSDK_CONFIG, or
 * HOME/.config/gcloud); else the metadata server of the machine we run on.
 * The files are service_account keys or authorized_user refresh tokens, made
 * into access tokens by google-auth-library (loaded only here) with the
 * cloud-platform scope. Everything is read from the environment given, not
 * the process's. A file's own `token_uri` is honoured, which is also how the
 * tests point the real JWT flow at an OAuth emulator.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readMetadata } from "./metadata-server.js";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** Google's token endpoint, which google-auth-library posts to. */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

/** What to do about credentials, ending every credential error. */
export const CREDENTIALS_HINT =
  "run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or pass --token (a bucket with kindling launch: --storage-token)";

type Env = Readonly<Record<string, string | undefined>>;

export interface GcpCredentials {
  /** Where they came from, for messages: "--token", a file's path, "the metadata server". */
  source: string;
  /** An access token for the cloud-platform scope, or one line saying why there is none. */
  accessToken(): Promise<string | { error: string }>;
  /** The project the credentials name (a key's project_id, a user's quota_project_id, the metadata server's project). */
  projectId?: string;
  /** The service account and its private key, when the credentials carry one (V4 signed URLs need it). */
  serviceAccount?: { email: string; privateKey: string };
}

/** A credentials file found on disk, read but not yet used. */
export interface CredentialsFile {
  path: string;
  json: Record<string, unknown>;
}

/** The ADC file the environment names or gcloud wrote; undefined when there is none; an error when one named cannot be used. */
export async function findCredentialsFile(env: Env): Promise<CredentialsFile | undefined | { error: string }> {
  const named = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (named) {
    const file = await readJson(named);
    if ("error" in file) return { error: `GOOGLE_APPLICATION_CREDENTIALS names ${named}, which cannot be read: ${file.error}` };
    return file;
  }
  const configDir =
    env.CLOUDSDK_CONFIG ?? (env.HOME ? join(env.HOME, ".config", "gcloud") : env.APPDATA ? join(env.APPDATA, "gcloud") : undefined);
  if (configDir === undefined) return undefined;
  const path = join(configDir, "application_default_credentials.json");
  const file = await readJson(path);
  if ("missing" in file) return undefined;
  if ("error" in file) return { error: `gcloud's application default credentials ${path} cannot be read: ${file.error}` };
  return file;
}

async function readJson(path: string): Promise<CredentialsFile | { error: string; missing?: true }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: e.code === "ENOENT" ? "no such file" : e.message, ...(e.code === "ENOENT" ? { missing: true as const } : {}) };
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (!json || typeof json !== "object" || Array.isArray(json)) return { error: "not a JSON object" };
    if (typeof (json as { type?: unknown }).type !== "string") return { error: 'not a credentials file (no "type")' };
    return { path, json: json as Record<string, unknown> };
  } catch (err) {
    return { error: `not JSON (${(err as Error).message})` };
  }
}

/** The project a credentials file names, if any. */
export function projectOfFile(file: CredentialsFile): string | undefined {
  const { project_id: project, quota_project_id: quota } = file.json;
  return typeof project === "string" && project !== "" ? project : typeof quota === "string" && quota !== "" ? quota : undefined;
}

/** The credentials to call Google Cloud with, or one line saying what to do. */
export async function gcpCredentials(options: { token?: string; env: Env }): Promise<GcpCredentials | { error: string }> {
  const { token, env } = options;
  if (token !== undefined) return { source: "--token", accessToken: async () => token };
  const file = await findCredentialsFile(env);
  if (file && "error" in file) return file;
  if (file) return fromFile(file);
  const metadata = await fromMetadataServer(env);
  if (metadata) return metadata;
  return { error: `no Google Cloud credentials found: ${CREDENTIALS_HINT}` };
}

/** A credentials file made into tokens by google-auth-library. */
async function fromFile(file: CredentialsFile): Promise<GcpCredentials | { error: string }> {
  const { json, path } = file;
  if (json.type !== "service_account" && json.type !== "authorized_user")
    return {
      error: `${path} holds "${String(json.type)}" credentials; kindling takes service_account and authorized_user files. ${cap(CREDENTIALS_HINT)}`,
    };
  const { GoogleAuth, gaxios } = await import("google-auth-library");
  const transporter = new gaxios.Gaxios();
  const tokenUri = typeof json.token_uri === "string" ? json.token_uri : undefined;
  if (tokenUri !== undefined && tokenUri !== GOOGLE_TOKEN_URL) {
    // google-auth-library posts to Google's endpoint; the file says where its tokens come from.
    transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
        return config;
      },
    });
  }
  let client: Awaited<ReturnType<InstanceType<typeof GoogleAuth>["getClient"]>>;
  try {
    client = new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] }).fromJSON(json as never, { transporter });
  } catch (err) {
    return { error: `${path} is not a usable credentials file (${oneLine(err)}). ${cap(CREDENTIALS_HINT)}` };
  }
  const email = json.client_email;
  const key = json.private_key;
  const project = projectOfFile(file);
  return {
    source: path,
    ...(project !== undefined ? { projectId: project } : {}),
    ...(json.type === "service_account" && typeof email === "string" && typeof key === "string"
      ? { serviceAccount: { email, privateKey: key } }
      : {}),
    accessToken: async () => {
      try {
        const { token } = await client.getAccessToken();
        if (!token) return { error: `the Google Cloud credentials in ${path} gave no access token: ${CREDENTIALS_HINT}` };
        return token;
      } catch (err) {
        return { error: `the Google Cloud credentials in ${path} were refused (${oneLine(err)}): ${CREDENTIALS_HINT}` };
      }
    },
  };
}

/** The metadata server's default service account, when the metadata server answers. */
async function fromMetadataServer(env: Env): Promise<GcpCredentials | undefined> {
  if (env.METADATA_SERVER_DETECTION === "none") return undefined;
  const host = env.GCE_METADATA_HOST ?? "169.254.169.254";
  const first = await readMetadata(host, `instance/service-accounts/default/token?scopes=${encodeURIComponent(CLOUD_PLATFORM_SCOPE)}`);
  if (typeof first !== "string") return undefined;
  const project = await readMetadata(host, "project/project-id");
  let cached: { token: string; until: number } | undefined;
  const parse = (text: string) => {
    const answer = JSON.parse(text) as { access_token?: string; expires_in?: number };
    if (!answer.access_token) return undefined;
    return { token: answer.access_token, until: Date.now() + ((answer.expires_in ?? 60) - 30) * 1000 };
  };
  try {
    cached = parse(first);
  } catch {
    return undefined;
  }
  if (!cached) return undefined;
  return {
    source: "the metadata server",
    ...(typeof project === "string" && project !== "" ? { projectId: project } : {}),
    accessToken: async () => {
      if (cached && cached.until > Date.now()) return cached.token;
      const again = await readMetadata(host, `instance/service-accounts/default/token?scopes=${encodeURIComponent(CLOUD_PLATFORM_SCOPE)}`);
      const parsed = typeof again === "string" ? parse(again) : undefined;
      if (!parsed) return { error: `the metadata server gave no access token: ${CREDENTIALS_HINT}` };
      cached = parsed;
      return parsed.token;
    },
  };
}

/** An error's message on one line. */
export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ").trim();
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
