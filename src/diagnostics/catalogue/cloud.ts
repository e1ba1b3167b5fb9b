/**
 * Cloud delivery's diagnostics (deliver/cloud/), in our words: user data
 * that no strategy fits into the platform's field, and a strategy the
 * config's spec cannot carry.
 */
import { m } from "../message.js";

export const CLOUD_MSG = {
  tooLarge: (what: string, size: number, platform: string, field: string, limit: number) =>
    m(
      "cloud.user-data.too-large",
      `${what} is ${size.toLocaleString("en-US")} bytes; ${platform} takes at most ${limit.toLocaleString("en-US")} bytes in ${field}`,
      "make the config smaller: move large files to a URL the machine fetches (contents.source with verification.hash)",
    ),
  gzipNeedsSpec: (version: string) =>
    m(
      "cloud.user-data.gzip-spec",
      `the gzip strategy needs Ignition spec 3.1.0 or later (the config is ${version})`,
      "transpile to a newer spec with --ignition-version, or use --strategy inline",
    ),
} as const;
