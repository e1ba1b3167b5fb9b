/**
 * Shared access signatures for one blob, as Blob storage checks them for
 * signed version 2020-12-06 and later (we sign sv=2022-11-02): a user
 * delegation SAS, signed with a key Entra ID vouches for (Get User
 * Delegation Key), or a service SAS signed with the account key. Each is
 * the HMAC-SHA256 of a newline-joined string-to-sign whose fields are all
 * present, empty when unused, in the documented order.
 */
import { createHmac } from "node:crypto";

/** The storage service version requests are made with and SAS are signed for. */
export const STORAGE_VERSION = "2022-11-02";

/** What Get User Delegation Key answers. */
export interface UserDelegationKey {
  signedOid: string;
  signedTid: string;
  signedStart: string;
  signedExpiry: string;
  signedService: string;
  signedVersion: string;
  /** The key, base64. */
  value: string;
}

/** One blob and what a SAS for it allows. */
export interface SasTarget {
  account: string;
  container: string;
  /** The blob's name, unencoded. */
  blob: string;
  /** Permissions in the documented order (r, a, c, w, d …): "r" to read. */
  permissions: string;
  start: Date;
  expiry: Date;
  /** "https" or "https,http" (emulators and private endpoints over http). */
  protocol: string;
}

/** A time as SAS fields carry it: ISO 8601 to the second, UTC. */
export const sasTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const canonical = (t: SasTarget) => `/blob/${t.account}/${t.container}/${t.blob}`;
const hmac = (keyBase64: string, text: string) =>
  createHmac("sha256", Buffer.from(keyBase64, "base64")).update(text, "utf8").digest("base64");

/** The user delegation SAS string-to-sign (sv 2020-12-06 and later, before 2025-07-05). */
export function userDelegationStringToSign(t: SasTarget, key: UserDelegationKey): string {
  return [
    t.permissions,
    sasTime(t.start),
    sasTime(t.expiry),
    canonical(t),
    key.signedOid,
    key.signedTid,
    key.signedStart,
    key.signedExpiry,
    key.signedService,
    key.signedVersion,
    "", // signedAuthorizedUserObjectId
    "", // signedUnauthorizedUserObjectId
    "", // signedCorrelationId
    "", // signedIP
    t.protocol,
    STORAGE_VERSION,
    "b", // signedResource: a blob
    "", // signedSnapshotTime
    "", // signedEncryptionScope
    "", // rscc
    "", // rscd
    "", // rsce
    "", // rscl
    "", // rsct
  ].join("\n");
}

/** The service SAS string-to-sign (sv 2020-12-06 and later). */
export function serviceStringToSign(t: SasTarget): string {
  return [
    t.permissions,
    sasTime(t.start),
    sasTime(t.expiry),
    canonical(t),
    "", // signedIdentifier
    "", // signedIP
    t.protocol,
    STORAGE_VERSION,
    "b", // signedResource
    "", // signedSnapshotTime
    "", // signedEncryptionScope
    "", // rscc
    "", // rscd
    "", // rsce
    "", // rscl
    "", // rsct
  ].join("\n");
}

/** The query string (no "?") of a user delegation SAS for `t`. */
export function userDelegationSas(t: SasTarget, key: UserDelegationKey): string {
  return new URLSearchParams({
    sp: t.permissions,
    st: sasTime(t.start),
    se: sasTime(t.expiry),
    skoid: key.signedOid,
    sktid: key.signedTid,
    skt: key.signedStart,
    ske: key.signedExpiry,
    sks: key.signedService,
    skv: key.signedVersion,
    spr: t.protocol,
    sv: STORAGE_VERSION,
    sr: "b",
    sig: hmac(key.value, userDelegationStringToSign(t, key)),
  }).toString();
}

/** The query string (no "?") of a service SAS for `t`, signed with the account key (base64). */
export function serviceSas(t: SasTarget, accountKey: string): string {
  return new URLSearchParams({
    sp: t.permissions,
    st: sasTime(t.start),
    se: sasTime(t.expiry),
    spr: t.protocol,
    sv: STORAGE_VERSION,
    sr: "b",
    sig: hmac(accountKey, serviceStringToSign(t)),
  }).toString();
}

/** The fields of a Get User Delegation Key answer (XML), or undefined when one is missing. */
export function parseUserDelegationKey(xml: string): UserDelegationKey | undefined {
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const key = {
    signedOid: field("SignedOid"),
    signedTid: field("SignedTid"),
    signedStart: field("SignedStart"),
    signedExpiry: field("SignedExpiry"),
    signedService: field("SignedService"),
    signedVersion: field("SignedVersion"),
    value: field("Value"),
  };
  return Object.values(key).every((v) => v !== undefined) ? (key as UserDelegationKey) : undefined;
}
