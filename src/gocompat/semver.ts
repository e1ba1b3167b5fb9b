/**
 * coreos/go-semver's NewVersion: metadata split off at the first "+", then
 * the pre-release at the first "-", then exactly three dot-separated parts
 * each parsed with strconv.ParseInt(s, 10, 64) (so "+1" and "-1" are
 * accepted, "01" too), and the pre-release and metadata checked against
 * ^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$ when non-empty.
 */

import { type GoInt, goIntCompare, parseGoIntDetailed } from "./int.js";

export interface GoSemver {
  major: GoInt;
  minor: GoInt;
  patch: GoInt;
  preRelease: string;
  metadata: string;
}

export type SemverResult = { ok: true; version: GoSemver } | { ok: false; error: string };

const IDENTIFIER = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

/** strings.SplitN(s, delim, 2) as go-semver's splitOff uses it. */
function splitOff(s: string, delim: string): [rest: string, value: string] {
  const i = s.indexOf(delim);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + delim.length)];
}

/** NewVersion with go-semver's error text, in the order it checks things. */
export function parseSemverDetailed(input: string): SemverResult {
  const [afterMeta, metadata] = splitOff(input, "+");
  const [version, preRelease] = splitOff(afterMeta, "-");
  // strings.SplitN(version, ".", 3)
  const first = version.indexOf(".");
  const second = first < 0 ? -1 : version.indexOf(".", first + 1);
  if (first < 0 || second < 0) {
    return { ok: false, error: `${version} is not in dotted-tri format` };
  }
  const parts = [version.slice(0, first), version.slice(first + 1, second), version.slice(second + 1)];
  if (preRelease !== "" && !IDENTIFIER.test(preRelease)) {
    return {
      ok: false,
      error: `failed to validate pre-release: ${preRelease} is not a valid semver identifier`,
    };
  }
  if (metadata !== "" && !IDENTIFIER.test(metadata)) {
    return {
      ok: false,
      error: `failed to validate metadata: ${metadata} is not a valid semver identifier`,
    };
  }
  const nums: GoInt[] = [];
  for (const p of parts) {
    const r = parseGoIntDetailed(p);
    if (!r.ok) return { ok: false, error: r.error };
    nums.push(r.value);
  }
  return {
    ok: true,
    version: { major: nums[0]!, minor: nums[1]!, patch: nums[2]!, preRelease, metadata },
  };
}

/** semver.NewVersion; undefined wherever Go returns an error. */
export function parseSemver(input: string): GoSemver | undefined {
  const r = parseSemverDetailed(input);
  return r.ok ? r.version : undefined;
}

/** Struct equality of two Versions (all five fields), as Go's == compares them. */
export function semverEquals(a: GoSemver, b: GoSemver): boolean {
  return (
    goIntCompare(a.major, b.major) === 0 &&
    goIntCompare(a.minor, b.minor) === 0 &&
    goIntCompare(a.patch, b.patch) === 0 &&
    a.preRelease === b.preRelease &&
    a.metadata === b.metadata
  );
}
