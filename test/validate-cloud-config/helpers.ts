import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";

/** Diagnostics of `#cloud-config\n` + body as `line:col severity message` strings. */
export function report(body: string): string[] {
  return validateCloudConfig("#cloud-config\n" + body).map((d) => `${d.span?.line}:${d.span?.column} ${d.severity} ${d.message}`);
}
