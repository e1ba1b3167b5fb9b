/** The Ignition spec versions kindling reads and writes, oldest first. */
import { parseSemver, semverEquals, type GoSemver as Semver } from "../gocompat/semver.js";

export const SPEC_VERSIONS = [
  "3.0.0",
  "3.1.0",
  "3.2.0",
  "3.3.0",
  "3.4.0",
  "3.5.0",
  "3.6.0",
  "3.7.0-experimental",
] as const;

export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** The newest stable spec; the default target. */
export const LATEST_STABLE: SpecVersion = "3.6.0";

const parsed = SPEC_VERSIONS.map((v) => parseSemver(v)!);

export function isSpecVersion(v: string): v is SpecVersion {
  return (SPEC_VERSIONS as readonly string[]).includes(v);
}

/** The spec whose version equals `version` exactly (prerelease and metadata included), as Ignition matches it. */
export function specForSemver(version: Semver): SpecVersion | undefined {
  const i = parsed.findIndex((p) => semverEquals(p, version));
  return i < 0 ? undefined : SPEC_VERSIONS[i];
}

export function specIndex(v: SpecVersion): number {
  return SPEC_VERSIONS.indexOf(v);
}

/** True when `v` is `min` or newer. */
export function atLeast(v: SpecVersion, min: SpecVersion): boolean {
  return specIndex(v) >= specIndex(min);
}
