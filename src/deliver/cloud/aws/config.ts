/**
 * What every AWS client kindling makes shares (the S3 store, the s3: fetcher,
 * the EC2 launcher): the region, the credentials and the retry policy, read
 * the way the AWS CLI and SDKs read them, from the environment the command
 * was given. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN) unless AWS_PROFILE is set, then the SDK's default chain
 * (profile files, SSO, credential_process, web identity, container and
 * instance metadata). Region: the flag, AWS_REGION, AWS_DEFAULT_REGION, then
 * the profile's `region` in the config file. An `endpoint` sends the calls to
 * an emulator or an S3-compatible store.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

type Env = Readonly<Record<string, string | undefined>>;

/** How many times a call is tried (the first try included) before its error is reported. */
export const MAX_ATTEMPTS = 5;

/** The one line for a missing region. */
export const NO_REGION = "no AWS region: pass --region, or set AWS_REGION (or a region in your AWS profile)";

/** The one line for credentials that cannot be found. */
export const NO_CREDENTIALS =
  "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile in ~/.aws/config (aws configure, aws sso login)";

/** What an SDK client is constructed with. */
export interface AwsClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: "standard";
}

/** The shared config and credentials files the environment names (undefined: the SDK's defaults in ~/.aws). */
function sharedFiles(env: Env): { profile?: string; filepath?: string; configFilepath?: string } {
  return {
    ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
  };
}

/** The region: `flag`, AWS_REGION, AWS_DEFAULT_REGION, the profile's region; undefined when none is set. */
export async function awsRegion(env: Env, flag?: string): Promise<string | undefined> {
  const direct = flag || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (direct) return direct;
  const { loadSharedConfigFiles } = await import("@smithy/core/config");
  const { profile = "default", ...files } = sharedFiles(env);
  try {
    const { configFile } = await loadSharedConfigFiles({ ...files, ignoreCache: true });
    return configFile[profile]?.region || undefined;
  } catch {
    return undefined;
  }
}

/** An error the SDK's error mapping reads as expired credentials. */
class ExpiredCredentials extends Error {
  override readonly name = "ExpiredToken";
}

/**
 * The credentials provider for `env`: its static keys when set (and no
 * AWS_PROFILE), else the SDK's default chain reading the profile and files
 * `env` names. Resolved once and kept.
 */
export function awsCredentials(env: Env): AwsCredentialIdentityProvider {
  let resolved: Promise<AwsCredentialIdentity> | undefined;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  const fromEnv = async (): Promise<AwsCredentialIdentity> => {
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    if (expiration && expiration.getTime() <= Date.now())
      throw new ExpiredCredentials(`AWS_CREDENTIAL_EXPIRATION ${env.AWS_CREDENTIAL_EXPIRATION} has passed`);
    return {
      accessKeyId: accessKeyId!,
      secretAccessKey: secretAccessKey!,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration } : {}),
    };
  };
  const fromChain = async (): Promise<AwsCredentialIdentity> => {
    const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
    return defaultProvider(sharedFiles(env))();
  };
  const useEnv = !env.AWS_PROFILE && accessKeyId && secretAccessKey;
  return () => {
    resolved ??= useEnv ? fromEnv() : fromChain();
    return resolved;
  };
}

/** The client config for `env` (and a --region flag, an --endpoint), or the one line saying what to set. */
export async function awsClientConfig(
  env: Env,
  options: { region?: string; endpoint?: string; defaultRegion?: string } = {},
): Promise<AwsClientConfig | { error: string }> {
  const region = (await awsRegion(env, options.region)) ?? options.defaultRegion;
  if (!region) return { error: NO_REGION };
  return {
    region,
    credentials: awsCredentials(env),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: "standard",
  };
}
