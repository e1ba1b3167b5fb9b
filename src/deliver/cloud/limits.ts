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

/**
 * Azure's other user-data field, `userData` (VirtualMachineProperties): read
 * by cloud-init (and the VM's own processes) from the instance metadata
 * service, not by Ignition, which reads customData from ovf-env.xml. So
 * `kindling launch azure` writes customData; this limit is for those who
 * put the payload in userData themselves (Terraform's user_data, az vm
 * create --user-data). The documented "can't exceed 64 KB" counts the
 * base64 string the API receives: 65,536 characters, 49,152 decoded bytes.
 */
export const AZURE_USER_DATA_LIMIT: UserDataLimit = {
  field: "userData",
  bytes: 49_152,
  counts: "the decoded bytes (64 KB, 65,536 characters, of base64 as the API counts it)",
  source: "learn.microsoft.com/azure/virtual-machines/user-data",
};

/** True when `size` bytes fit Azure's userData once base64-encoded. */
export function fitsAzureUserData(size: number): boolean {
  return Math.ceil(size / 3) * 4 <= 64 * 1024;
}
