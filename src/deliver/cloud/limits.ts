/**
 * How much user data each cloud hands to an instance, and how it counts it.
 * The figures are the platforms' documented limits (the `source` of each);
 * test/deliver/cloud/limits.test.ts pins them at and one byte past the edge.
 */

/** The clouds `kindling user-data` writes for. */
export const PLATFORMS = ["ec2", "gce", "azure"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** One platform's user-data field and its size limit. */
export interface UserDataLimit {
  /** The field the payload goes in, as the platform's API names it. */
  field: string;
  /** The most bytes the field takes. */
  bytes: number;
  /** What the limit counts. */
  counts: string;
  /** Where the platform documents the limit. */
  source: string;
}

export const USER_DATA_LIMITS: Readonly<Record<Platform, UserDataLimit>> = {
  ec2: {
    field: "UserData",
    bytes: 16_384,
    counts: "the raw bytes, before the API's base64",
    source: "docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html",
  },
  gce: {
    field: "metadata user-data",
    bytes: 262_144,
    counts: "one metadata value",
    source: "cloud.google.com/compute/docs/metadata/setting-custom-metadata#limitations",
  },
  azure: {
    field: "osProfile.customData",
    bytes: 65_535,
    counts: "the decoded bytes",
    source: "learn.microsoft.com/rest/api/compute/virtual-machines/create-or-update (VirtualMachineOSProfile.customData)",
  },
};

/** True when `size` bytes fit `platform`'s user data as is. */
export function fits(platform: Platform, size: number): boolean {
  return size <= USER_DATA_LIMITS[platform].bytes;
}
