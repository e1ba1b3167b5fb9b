/**
 * A bearer token for Azure's APIs (ARM, Blob storage), the way `az login`
 * users expect: `--token` when given, else the chain DefaultAzureCredential
 * walks (a service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and
 * AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, the machine's
 * managed identity, the Azure CLI's login), built from the environment the
 * command was given rather than the process's. @azure/identity is loaded
 * only here, only when no token was given. Every failure is one line.
 */

/** The scope of an Azure Resource Manager token. */
export const ARM_SCOPE = "https://management.azure.com/.default";
/** The scope of an Azure Storage token. */
export const STORAGE_SCOPE = "https://storage.azure.com/.default";

type Env = Readonly<Record<string, string | undefined>>;

/** What the chain needs: a token given on the command line, or the environment to find one in. */
export interface AzureAuth {
  token?: string;
  env: Env;
}

/** The line said when no credential could give a token. */
export const NO_AZURE_CREDENTIALS =
  "no Azure credentials found: run az login, set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or pass --token (a bucket with kindling launch: --storage-token)";

/** Entra ID authority hosts Microsoft runs; instance discovery works for them, not for others (a private cloud, an emulator). */
const KNOWN_AUTHORITIES = new Set([
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.chinacloudapi.cn",
  "login.microsoftonline.de",
]);

/** A token for `scope`, or one line saying why there is none. */
export async function azureToken(scope: string, auth: AzureAuth): Promise<{ token: string } | { error: string }> {
  if (auth.token !== undefined) {
    if (auth.token.trim() === "") return { error: "--token is empty" };
    return { token: auth.token.trim() };
  }
  const identity = await import("@azure/identity");
  const { env } = auth;
  const authorityHost = env.AZURE_AUTHORITY_HOST;
  const common = {
    ...(authorityHost !== undefined ? { authorityHost } : {}),
    ...(authorityHost !== undefined && !KNOWN_AUTHORITIES.has(hostOf(authorityHost)) ? { disableInstanceDiscovery: true } : {}),
  };
  const chain: import("@azure/identity").TokenCredential[] = [];
  const tenant = env.AZURE_TENANT_ID;
  const client = env.AZURE_CLIENT_ID;
  if (tenant && client && env.AZURE_CLIENT_SECRET)
    chain.push(new identity.ClientSecretCredential(tenant, client, env.AZURE_CLIENT_SECRET, common));
  else if (tenant && client && env.AZURE_CLIENT_CERTIFICATE_PATH)
    chain.push(new identity.ClientCertificateCredential(tenant, client, { certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH }, common));
  else {
    // As in DefaultAzureCredential: probe the instance metadata service briefly, then ask the Azure CLI.
    chain.push(
      new identity.ManagedIdentityCredential({
        ...(client ? { clientId: client } : {}),
        sendProbeRequest: true,
        retryOptions: { maxRetries: 2 },
      } as import("@azure/identity").ManagedIdentityCredentialClientIdOptions),
      new identity.AzureCliCredential(tenant ? { tenantId: tenant } : {}),
    );
  }
  try {
    const credential = chain.length === 1 ? chain[0]! : new identity.ChainedTokenCredential(...chain);
    const answer = await credential.getToken(scope);
    if (!answer?.token) return { error: NO_AZURE_CREDENTIALS };
    return { token: answer.token };
  } catch (err) {
    return { error: credentialError(err as Error) };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/** The chain's failure as one line: nothing found, or what a credential that was found said. */
function credentialError(err: Error): string {
  if (err.name === "AggregateAuthenticationError" || err.name === "CredentialUnavailableError") return NO_AZURE_CREDENTIALS;
  const first = (err.message ?? String(err)).split("\n").find((l) => l.trim() !== "") ?? "";
  // msal prefixes Entra's answer with its own code: keep Entra's words ("AADSTS7000215: Invalid client secret provided.").
  const aadsts = /AADSTS\d+:[^.]*\./.exec(err.message ?? "")?.[0];
  return `Azure sign-in failed: ${aadsts ?? first.slice(0, 300)}`;
}
