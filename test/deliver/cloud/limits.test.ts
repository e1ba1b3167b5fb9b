import { describe, expect, it } from "vitest";
import { fits, PLATFORMS, USER_DATA_LIMITS } from "../../../src/deliver/cloud/limits.js";

// The platforms' documented limits, written here independently of the code:
// EC2 16 KB of raw user data, GCE 256 KB for one metadata value, Azure 65,535 bytes of customData.
const DOCUMENTED = { ec2: 16 * 1024, gce: 256 * 1024, azure: 65_535 };

describe("user-data limits", () => {
  it("are the documented ones", () => {
    expect(Object.fromEntries(PLATFORMS.map((p) => [p, USER_DATA_LIMITS[p].bytes]))).toEqual(DOCUMENTED);
  });

  it.each(PLATFORMS)("%s: a payload at the limit fits, one byte more does not", (platform) => {
    expect(fits(platform, DOCUMENTED[platform])).toBe(true);
    expect(fits(platform, DOCUMENTED[platform] + 1)).toBe(false);
  });
});
