// Integers go out as they came in on every path: the verification agent's
// (which used to round anything beyond 2^53 through JSON.parse, and then
// threw on an int64 it had rounded out of range) and the legacy targets'
// (where cloud-init got `uid: 1e+06`).
import { describe, expect, it } from "vitest";
import { transpile } from "../../src/transpile.js";

const VERIFY = { url: "http://127.0.0.1:8080/reports", group: "g", key: "a".repeat(64) };
const head = "variant: fcos\nversion: 1.5.0\n";
const withUid = (uid: string) => `${head}passwd:\n  users:\n    - name: a\n      uid: ${uid}\n`;

describe("exact integers", () => {
  it.each(["9007199254740993", "9223372036854775807", "-9223372036854775808", "1000000"])(
    "uid %s survives the verification agent",
    (uid) => {
      const r = transpile(withUid(uid), { verify: VERIFY });
      expect(r.failure).toBeUndefined();
      expect(r.output).toContain(`"uid":${uid}}`);
    },
  );

  it("a partition size beyond 2^53 survives the verification agent", () => {
    const yaml = `${head}storage:\n  disks:\n    - device: /dev/vda\n      partitions:\n        - number: 1\n          size_mib: 1152921504606846977\n`;
    expect(transpile(yaml, { verify: VERIFY }).output).toContain('"sizeMiB":1152921504606846977');
  });

  it("cloud-init and cloud-config get integers as integers", () => {
    expect(transpile(withUid("1000000"), { target: "cloud-init" }).output).toBe("#cloud-config\nusers:\n  - name: a\n    uid: 1000000\n");
    expect(transpile(withUid("9007199254740993"), { target: "cloud-init" }).output).toContain("    uid: 9007199254740993\n");
    const owned = `${head}storage:\n  files:\n    - path: /etc/a\n      user: {id: 1000000}\n      contents: {inline: x}\n`;
    expect(transpile(owned, { target: "cloud-config" }).output).toContain("owner: 1000000:root\n");
  });

  it("the script target writes a large owner id exactly", () => {
    const owned = `${head}storage:\n  files:\n    - path: /etc/a\n      user: {id: 9007199254740993}\n      contents: {inline: x}\n`;
    expect(transpile(owned, { target: "script" }).output).toContain("'id:9007199254740993'");
  });

  it("a NUL the agent would have to pass to sh is an error at its position", () => {
    const r = transpile(`${head}passwd:\n  users:\n    - name: a\n      groups: ["\\0"]\n`, { verify: VERIFY });
    expect(r.failure).toBe("the verification agent cannot be added");
    expect(r.diagnostics.map((d) => `${d.path.join(".")} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([
      "passwd.users.0.groups.0 6:16 the verification agent cannot carry a NUL byte here: paths, names, keys and command arguments end at NUL",
    ]);
  });
});
