/**
 * An emulator of Google's OAuth 2.0 token endpoint (oauth2.googleapis.com/token),
 * speaking its real wire protocol, for tests: a form-encoded POST with the
 * JWT-bearer grant (a service account's RS256-signed assertion: iss, scope,
 * aud, iat, exp) or the refresh_token grant (an authorized_user's client id,
 * secret and refresh token), answered with {access_token, expires_in,
 * token_type} or {error, error_description} as Google answers. The assertion's
 * signature is verified against the public key the test registers for the
 * service account. Test code only.
 */
import { createPublicKey, createVerify, type KeyObject, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type GoogleServer, type SeenRequest, sendJson, startGoogleServer } from "./google-http.js";

/** The audience Google's token endpoint expects in an assertion. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export interface OAuthEmulator extends GoogleServer {
  /** The token endpoint, for a credentials file's token_uri. */
  tokenUri: string;
  /** Accepts assertions for `email` signed by the private half of `publicKeyPem`. */
  registerServiceAccount(email: string, publicKeyPem: string): void;
  /** Accepts this authorized_user's refresh token. */
  registerRefreshToken(clientId: string, clientSecret: string, refreshToken: string): void;
  /** Every access token handed out, with the scope it carries. */
  issued: Map<string, string>;
  /** The claims of each assertion accepted. */
  assertions: Record<string, unknown>[];
}

const b64url = (text: string) => Buffer.from(text, "base64url");

export async function startOAuthEmulator(): Promise<OAuthEmulator> {
  const accounts = new Map<string, KeyObject>();
  const refreshTokens = new Map<string, { clientId: string; clientSecret: string }>();
  const issued = new Map<string, string>();
  const assertions: Record<string, unknown>[] = [];
  let tokenUri = "";

  const refuse = (res: ServerResponse, error: string, description: string) => sendJson(res, 400, { error, error_description: description });
  const grant = (res: ServerResponse, scope: string) => {
    const token = `ya29.emulated-${randomBytes(12).toString("hex")}`;
    issued.set(token, scope);
    sendJson(res, 200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
  };

  const jwtBearer = (form: URLSearchParams, res: ServerResponse) => {
    const parts = (form.get("assertion") ?? "").split(".");
    if (parts.length !== 3)
      return refuse(res, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
    const [head, body, signature] = parts as [string, string, string];
    let header: { alg?: string };
    let claims: { iss?: string; aud?: string; scope?: string; iat?: number; exp?: number };
    try {
      header = JSON.parse(b64url(head).toString("utf8"));
      claims = JSON.parse(b64url(body).toString("utf8"));
    } catch {
      return refuse(res, "invalid_grant", "Invalid JWT: not JSON");
    }
    if (header.alg !== "RS256") return refuse(res, "invalid_grant", "Invalid JWT: unsupported algorithm");
    const key = accounts.get(claims.iss ?? "");
    if (!key) return refuse(res, "invalid_grant", "Invalid grant: account not found");
    const verify = createVerify("RSA-SHA256");
    verify.update(`${head}.${body}`);
    if (!verify.verify(key, b64url(signature))) return refuse(res, "invalid_grant", "Invalid JWT Signature.");
    if (claims.aud !== GOOGLE_TOKEN_URL && claims.aud !== tokenUri) return refuse(res, "invalid_grant", "Invalid JWT: audience");
    const now = Date.now() / 1000;
    if (
      typeof claims.iat !== "number" ||
      typeof claims.exp !== "number" ||
      claims.exp < now ||
      claims.iat > now + 300 ||
      claims.exp - claims.iat > 3600
    )
      return refuse(res, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
    if (!claims.scope) return refuse(res, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    assertions.push(claims);
    grant(res, claims.scope);
  };

  const refresh = (form: URLSearchParams, res: ServerResponse) => {
    const known = refreshTokens.get(form.get("refresh_token") ?? "");
    if (!known || known.clientId !== form.get("client_id") || known.clientSecret !== form.get("client_secret"))
      return refuse(res, "invalid_grant", "Token has been expired or revoked.");
    grant(res, form.get("scope") ?? "https://www.googleapis.com/auth/cloud-platform");
  };

  const server = await startGoogleServer((req: SeenRequest, res) => {
    if (req.method !== "POST" || req.path !== "/token") return sendJson(res, 404, { error: "not_found" });
    const form = new URLSearchParams(req.body.toString("utf8"));
    const type = form.get("grant_type");
    if (type === "urn:ietf:params:oauth:grant-type:jwt-bearer") return jwtBearer(form, res);
    if (type === "refresh_token") return refresh(form, res);
    refuse(res, "unsupported_grant_type", `Invalid grant_type: ${type}`);
  });
  tokenUri = `${server.origin}/token`;
  return {
    ...server,
    tokenUri,
    issued,
    assertions,
    registerServiceAccount: (email, pem) => void accounts.set(email, createPublicKey(pem)),
    registerRefreshToken: (clientId, clientSecret, refreshToken) => void refreshTokens.set(refreshToken, { clientId, clientSecret }),
  };
}
