import { describe, expect, test } from "vitest";
import { formatPath } from "../../src/diagnostics/diagnostic.js";
import { convertConfig } from "../../src/ignition/convert.js";

const lines = (r: ReturnType<typeof convertConfig>) => r.diagnostics.map((d) => `${formatPath(d.path)}: ${d.message} (${d.hint})`);

describe("version chain", () => {
  test("up: only the version changes", () => {
    const config = { ignition: { version: "3.0.0" }, storage: { files: [{ path: "/f", contents: { source: "data:,x" } }] } };
    const r = convertConfig(config, "3.0.0", "3.6.0");
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toEqual({ ...config, ignition: { version: "3.6.0" } });
  });

  test("down: works when nothing newer is used", () => {
    const config = { ignition: { version: "3.6.0" }, passwd: { users: [{ name: "core", sshAuthorizedKeys: ["ssh-ed25519 AAAA"] }] } };
    const r = convertConfig(config, "3.6.0", "3.0.0");
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toEqual({ ...config, ignition: { version: "3.0.0" } });
  });

  test("down: a field the target lacks is an error at its path naming the spec that added it", () => {
    const config = {
      ignition: { version: "3.6.0", proxy: { httpsProxy: "https://p" } },
      kernelArguments: { shouldExist: ["quiet"] },
      storage: { luks: [{ name: "v", device: "/dev/a", discard: true }] },
    };
    expect(lines(convertConfig(config, "3.6.0", "3.3.0"))).toEqual([
      "$.storage.luks.0.discard: discard is not supported in spec 3.3.0 (discard needs spec 3.4.0 or newer)",
    ]);
    expect(lines(convertConfig(config, "3.6.0", "3.0.0"))).toEqual([
      "$.ignition.proxy: proxy is not supported in spec 3.0.0 (proxy needs spec 3.1.0 or newer)",
      "$.kernelArguments: kernelArguments is not supported in spec 3.0.0 (kernelArguments needs spec 3.3.0 or newer)",
      "$.storage.luks: luks is not supported in spec 3.0.0 (luks needs spec 3.2.0 or newer)",
    ]);
  });

  test("down: values the target's rules refuse are errors too", () => {
    const config = {
      ignition: { version: "3.6.0" },
      storage: {
        files: [{ path: "/f", contents: { source: "arn:aws:s3:::b/k" } }],
        filesystems: [{ device: "/dev/a", format: "none" }],
      },
    };
    expect(lines(convertConfig(config, "3.6.0", "3.2.0"))).toEqual([
      "$.storage.files.0.contents.source: invalid url scheme (valid in spec 3.6.0 but not in spec 3.2.0)",
      "$.storage.filesystems.0.format: invalid filesystem format (valid in spec 3.6.0 but not in spec 3.2.0)",
    ]);
  });

  test("down: setuid bits become a warning, not an error", () => {
    const r = convertConfig({ ignition: { version: "3.6.0" }, storage: { files: [{ path: "/f", mode: 0o4755 }] } }, "3.6.0", "3.5.0");
    expect(r.config).toBeDefined();
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
  });
});
