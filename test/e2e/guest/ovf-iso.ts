// The provisioning ISO an Azure VM finds on its CD-ROM: ovf-env.xml, whose
// LinuxProvisioningConfigurationSet carries the custom data as base64 in
// CustomData (what cloud-init's Azure datasource and the Linux agent read),
// written with Debian's xorriso (ISO 9660 with Rock Ridge names).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool, run } from "./tools.js";

/** ovf-env.xml as Azure writes it for a Linux VM, with `customData` base64-encoded. */
export function ovfEnvironment(hostname: string, customData: Uint8Array): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<ns0:Environment xmlns:ns0="http://schemas.dmtf.org/ovf/environment/1" xmlns:ns1="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <ns1:ProvisioningSection>
    <ns1:Version>1.0</ns1:Version>
    <ns1:LinuxProvisioningConfigurationSet>
      <ns1:ConfigurationSetType>LinuxProvisioningConfiguration</ns1:ConfigurationSetType>
      <ns1:HostName>${hostname}</ns1:HostName>
      <ns1:UserName>core</ns1:UserName>
      <ns1:DisableSshPasswordAuthentication>true</ns1:DisableSshPasswordAuthentication>
      <ns1:CustomData>${Buffer.from(customData).toString("base64")}</ns1:CustomData>
    </ns1:LinuxProvisioningConfigurationSet>
  </ns1:ProvisioningSection>
  <ns1:PlatformSettingsSection>
    <ns1:Version>1.0</ns1:Version>
    <ns1:PlatformSettings>
      <ns1:ProvisionGuestAgent>false</ns1:ProvisionGuestAgent>
    </ns1:PlatformSettings>
  </ns1:PlatformSettingsSection>
</ns0:Environment>
`;
}

/** Writes the provisioning ISO holding `xml` as ovf-env.xml to `isoPath`. */
export function writeOvfIso(isoPath: string, xml: string): void {
  requireTool("xorriso", "xorriso");
  const dir = mkdtempSync(join(tmpdir(), "kindling-ovf-"));
  try {
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root/ovf-env.xml"), xml);
    run("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-V", "rd_rdfe_stable", "-o", isoPath, join(dir, "root")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
