// The version texts of messages and usage are generated from the version table.
import { describe, expect, test } from "vitest";
import { validateCommand } from "../../src/cli/validate.js";
import { MSG } from "../../src/diagnostics/catalogue/ignition.js";
import { specRangeText } from "../../src/ignition/versions.js";
import { memoryIO } from "../helpers/io.js";

const orList = (list: string) => ` (or ${list})`;

describe("specRangeText", () => {
  test("names the stable range and the experimental specs after it", () => {
    expect(specRangeText(orList)).toBe("3.0.0 to 3.6.0 (or 3.7.0-experimental)");
  });
  test("follows the table: a stabilised 3.7.0 and a new experimental spec", () => {
    const specs = [
      { version: "3.0.0", stable: true },
      { version: "3.6.0", stable: true },
      { version: "3.7.0", stable: true },
      { version: "3.8.0-experimental", stable: false },
    ];
    expect(specRangeText(orList, specs)).toBe("3.0.0 to 3.7.0 (or 3.8.0-experimental)");
    expect(specRangeText(orList, specs.slice(0, 3))).toBe("3.0.0 to 3.7.0");
  });
});

describe("the texts that name versions are today's", () => {
  test("ignition-validate's version hints", () => {
    expect(MSG.unknownVersion.hint).toBe(
      "use one of the spec versions 3.0.0 to 3.6.0 (or 3.7.0-experimental); 2.x configs must be translated first",
    );
    expect(MSG.invalidVersion.hint).toBe('set ignition.version to a spec version such as "3.6.0"');
  });
  test("kindling validate --help", async () => {
    const m = memoryIO();
    await validateCommand(["--help"], m.io);
    expect(m.stdout() + m.stderr()).toContain("Validates an Ignition config (spec 3.0.0 to 3.6.0, or 3.7.0-experimental) the way\n");
  });
});
