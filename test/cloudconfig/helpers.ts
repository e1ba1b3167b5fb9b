import { validateCloudConfig } from "../../src/cloudconfig/validate.js";

/** Diagnostics of `#cloud-config\n` + body as `line:col severity message` strings. */
export function report(body: string): string[] {
  return validateCloudConfig("#cloud-config\n" + body).map(
    (d) => `${d.span?.line}:${d.span?.column} ${d.severity} ${d.message}`,
  );
}
