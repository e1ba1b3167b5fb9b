/** The Ignition spec versions kindling reads and writes, oldest first (from the version table). */
import { parseSemver, type GoSemver as Semver, semverEquals } from "../gocompat/semver.js";
import { IGNITION_SPECS, type SpecVersion } from "../versions/table.js";

export type { SpecVersion } from "../versions/table.js";

type Versions<T extends readonly { version: string }[]> = { readonly [K in keyof T]: T[K]["version"] };

/** Every spec, oldest first, typed as the tuple of the table's versions. */
export const SPEC_VERSIONS = IGNITION_SPECS.map((s) => s.version) as readonly string[] as Versions<typeof IGNITION_SPECS>;

/** The newest stable spec; the default target. */
export const LATEST_STABLE: SpecVersion = IGNITION_SPECS.filter((s) => s.stable).at(-1)!.version;

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

/**
 * The specs as messages and usage name them: the stable range, then the
 * experimental specs as `more` words them (nothing when there are none).
 * `specRangeText((x) => \` (or ${x})\`)` is "3.0.0 to 3.6.0 (or 3.7.0-experimental)".
 */
export function specRangeText(
  more: (experimental: string) => string,
  specs: readonly { version: string; stable: boolean }[] = IGNITION_SPECS,
): string {
  const stable = specs.filter((s) => s.stable).map((s) => s.version);
  const experimental = specs.filter((s) => !s.stable).map((s) => s.version);
  return `${stable[0]} to ${stable.at(-1)}` + (experimental.length ? more(experimental.join(", ")) : "");
}
