// Where the reference conformance material lives: outside the repository (a
// plain clone has none), in ../shared/conformance beside the checkout unless
// KINDLING_CONFORMANCE names another folder. A missing corpus is a one-line
// message and exit status 2, never a stack trace.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function corpusDir() {
  return resolve(process.env.KINDLING_CONFORMANCE ?? join(ROOT, "..", "shared", "conformance"));
}

/** `dir`, or exits with "no corpus at DIR" when it is not there. */
export function requireCorpus(dir, what) {
  if (existsSync(dir)) return dir;
  console.error(
    `no corpus at ${dir}: ${what} are recorded from the reference tools and kept outside the repository; set KINDLING_CONFORMANCE to the conformance folder (the one holding run.mjs and cases/), or pass --cases DIR`,
  );
  process.exit(2);
}
