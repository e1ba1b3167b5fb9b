/**
 * `kindling validate --target cloud-config FILE|-`: coreos-cloudinit's
 * `-validate`. One `FILE:LINE:COL: error|warning|info: message` line per
 * diagnostic on stdout (`--format json` prints them as JSON instead); exit 1
 * when anything at all is reported (coreos-cloudinit exits 1 on any entry,
 * info included) or the file cannot be read, 0 otherwise.
 */

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { validateCloudConfig } from "../validate-cloud-config/validate.js";
import { type CommandIO, describeIoError } from "./io.js";
import { inputName, jsonLine, locatedAll } from "./output-format.js";

export function renderCloudConfigReport(file: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${file}:${d.span?.line ?? 0}:${d.span?.column ?? 0}: ${d.severity}: ${d.message}\n`).join("");
}

export async function validateCloudConfigFile(file: string, format: string, io: CommandIO): Promise<number> {
  let input: Uint8Array;
  try {
    input = file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (err) {
    io.stderr(`couldn't read user data: ${describeIoError(file, err)}\n`);
    return 1;
  }
  const diagnostics = validateCloudConfig(input);
  if (format === "json") {
    const name = inputName(file);
    io.stdout(
      jsonLine({ file: name, target: "cloud-config", valid: diagnostics.length === 0, diagnostics: locatedAll(diagnostics, name) }),
    );
  } else {
    io.stdout(renderCloudConfigReport(file === "-" ? "<stdin>" : file, diagnostics));
  }
  return diagnostics.length === 0 ? 0 : 1;
}
