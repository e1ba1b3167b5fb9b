// Azure's second user-data field: userData (VirtualMachineProperties.userData),
// "base64 encoded before passed to the API. The size can't exceed 64 KB"
// (learn.microsoft.com/azure/virtual-machines/user-data). The API counts the
// base64 string it is sent: 65,536 characters, which is 49,152 decoded bytes.
import { describe, expect, it } from "vitest";
import { AZURE_USER_DATA_LIMIT, fitsAzureUserData, USER_DATA_LIMITS } from "../../../src/deliver/cloud/limits.js";

const BASE64_CHARACTERS = 64 * 1024;
const base64Length = (bytes: number) => Buffer.alloc(bytes).toString("base64").length;

describe("Azure userData limit", () => {
  it("is 64 KB of base64, 49,152 decoded bytes", () => {
    expect(AZURE_USER_DATA_LIMIT.field).toBe("userData");
    expect(AZURE_USER_DATA_LIMIT.bytes).toBe(49_152);
    expect(base64Length(AZURE_USER_DATA_LIMIT.bytes)).toBe(BASE64_CHARACTERS);
  });

  it("a payload at the limit fits, one byte more does not (its base64 passes 64 KB)", () => {
    expect(fitsAzureUserData(49_152)).toBe(true);
    expect(fitsAzureUserData(49_153)).toBe(false);
    expect(base64Length(49_153)).toBeGreaterThan(BASE64_CHARACTERS);
  });

  it("launch keeps customData (65,535 decoded bytes), the field Ignition reads on Azure", () => {
    expect(USER_DATA_LIMITS.azure.field).toBe("osProfile.customData");
    expect(USER_DATA_LIMITS.azure.bytes).toBe(65_535);
  });
});
