/**
 * The legacy targets' diagnostics (cloud-config, cloud-init, the POSIX
 * script), in our words: no reference tool writes these targets from an
 * Ignition config. `target` is a target's title ("cloud-config", "the script
 * target"); the verification agent, an sh script too, shares `nulByte`.
 */
import { m } from "../message.js";

export const LEGACY_MSG = {
  /** `hint`: the feature's own advice (emit/legacy/features.ts), when it has one. */
  unsupported: (target: string, what: string, hint: string | undefined) =>
    m("legacy.unsupported", `${target} cannot express ${what}`, hint ?? "remove it from the config, or use a target that can express it"),
  nulByte: (carrier: string) =>
    m(
      "legacy.nul-byte",
      `${carrier} cannot carry a NUL byte here: paths, names, keys and command arguments end at NUL`,
      "remove the NUL (\\0) from the value",
    ),
  dataUrl: (error: string) =>
    m(
      "legacy.data-url",
      `cannot decode data URL: ${error}`,
      "write the data URL as RFC 2397 says: percent-encoded text, or ;base64 with valid base64",
    ),
  gzip: (error: string) =>
    m(
      "legacy.gzip",
      `compression is gzip but the data is not valid gzip: ${error}`,
      "Ignition would fail on this file at boot; give the contents uncompressed or as real gzip",
    ),
  hashMismatch: (algorithm: string, actual: string) =>
    m(
      "legacy.hash-mismatch",
      `the embedded contents do not match verification.hash (their ${algorithm} is ${actual})`,
      "fix the hash or the contents; Ignition would refuse this file at boot",
    ),
  homeNotAbsolute: (homeDir: string, user: string) =>
    m(
      "legacy.home-not-absolute",
      `home_dir ${JSON.stringify(homeDir)} is not an absolute path; useradd refuses it`,
      "give the home directory as an absolute path, such as /home/" + user,
    ),
  shellNotAbsolute: (shell: string) =>
    m(
      "legacy.shell-not-absolute",
      `shell ${JSON.stringify(shell)} is not an absolute path; useradd refuses it`,
      "give the shell as an absolute path, such as /bin/bash",
    ),
  existingUser: (key: string) =>
    m(
      "legacy.existing-user",
      `coreos-cloudinit applies only passwd and ssh_authorized_keys to core, which already exists on Container Linux; ${key} has no effect`,
      "remove the field from core, or give it to a user the config creates",
    ),
  /** coreos-cloudinit rejected what we wrote: our bug, not the config's. */
  invalidOutput: (line: number | string, message: string) =>
    m(
      "legacy.invalid-output",
      `kindling wrote cloud-config that coreos-cloudinit rejects (a kindling bug; please report it): line ${line}: ${message}`,
      "transpile to cloud-init or script until it is fixed",
    ),
} as const;
