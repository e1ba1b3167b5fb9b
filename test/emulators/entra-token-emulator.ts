/**
 * An EMULATOR of the Microsoft Entra ID token endpoint for tests: a real
 * HTTPS server on 127.0.0.1 (msal refuses authorities that are not https)
 * speaking the OAuth 2.0 wire protocol the client-secret flow uses: the
 * tenant's OpenID configuration, and POST /TENANT/oauth2/v2.0/token with
 * grant_type=client_credentials answering an access token, or Entra's
 * {error, error_description: "AADSTS…"} when the secret is wrong. Every
 * request is recorded, so a test can see that no instance discovery was
 * attempted.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";

export interface EntraCall {
  method: string;
  path: string;
  form: URLSearchParams;
}

export interface EntraTokenEmulator {
  /** What AZURE_AUTHORITY_HOST takes. */
  authorityHost: string;
  calls: EntraCall[];
  close(): Promise<void>;
}

export async function startEntraTokenEmulator(options: {
  cert: string;
  key: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** The access token issued, by scope. */
  tokens: Record<string, string>;
}): Promise<EntraTokenEmulator> {
  const calls: EntraCall[] = [];
  let base = "";
  const server = createServer({ cert: options.cert, key: options.key }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "https://emulator");
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    calls.push({ method: req.method ?? "GET", path: url.pathname, form });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const tenant = options.tenant;
    if (req.method === "GET" && url.pathname === `/${tenant}/v2.0/.well-known/openid-configuration`)
      return json(200, {
        issuer: `${base}/${tenant}/v2.0`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "token"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic", "private_key_jwt"],
      });
    if (req.method === "POST" && url.pathname === `/${tenant}/oauth2/v2.0/token`) {
      const id = randomUUID();
      if (form.get("grant_type") !== "client_credentials")
        return json(400, {
          error: "unsupported_grant_type",
          error_description: "AADSTS70003: The app requested an unsupported grant type.",
          trace_id: id,
        });
      if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret)
        return json(401, {
          error: "invalid_client",
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${form.get("client_id")}'.\r\nTrace ID: ${id}`,
          error_codes: [7000215],
          trace_id: id,
        });
      const scope = form
        .get("scope")
        ?.split(" ")
        .find((s) => s in options.tokens);
      if (!scope)
        return json(400, {
          error: "invalid_scope",
          error_description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid.",
        });
      return json(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: options.tokens[scope] });
    }
    json(404, { error: "not_found", error_description: `AADSTS90002: ${req.method} ${url.pathname} is not served by this emulator.` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { authorityHost: base, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
