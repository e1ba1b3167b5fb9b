// Ignition's merge rules (docs/operator-notes.md, "Config merging"), one test each.
import { describe, expect, test } from "vitest";
import { mergeConfigs } from "../../src/ignition/merge.js";
import { loadSpec } from "../../src/ignition/schema.js";
import type { Ignition } from "../../src/ignition/types.generated.js";

const spec = loadSpec("3.6.0");
const merge = (parent: object, child: object) => mergeConfigs(spec, parent as never, child as never);
const v = { ignition: { version: "3.6.0" } };

describe("merge", () => {
  test("structs merge field by field", () => {
    expect(
      merge(
        { ...v, ignition: { version: "3.6.0", timeouts: { httpTotal: 10 } } },
        { ...v, ignition: { version: "3.6.0", timeouts: { httpResponseHeaders: 5 } } },
      ),
    ).toEqual({ ignition: { version: "3.6.0", timeouts: { httpTotal: 10, httpResponseHeaders: 5 } } });
  });

  test("plain values take the child's value, even an empty one", () => {
    // ignition.version is a plain string in Go: a child without one empties it.
    expect(merge(v, { ignition: { timeouts: { httpTotal: 1 } } }).ignition).toEqual({ timeouts: { httpTotal: 1 } });
    // A child section that is entirely empty is zero, and zero structs leave the parent's alone.
    expect(merge(v, { ignition: {} }).ignition).toEqual({ version: "3.6.0" });
    expect(merge(v, { ignition: { version: "3.6.0" } }).ignition).toEqual({ version: "3.6.0" });
  });

  test("optional values take the child's value only when it has one", () => {
    const r = merge(
      { ...v, storage: { files: [{ path: "/f", mode: 0o600, overwrite: true }] } },
      { ...v, storage: { files: [{ path: "/f", mode: 0o644 }] } },
    );
    expect(r.storage).toEqual({ files: [{ path: "/f", mode: 0o644, overwrite: true }] });
  });

  test("appended lists are concatenated, parent first", () => {
    const r = merge(
      { ...v, storage: { files: [{ path: "/f", append: [{ source: "data:,a" }] }], filesystems: [{ device: "/dev/a", options: ["-F"] }] } },
      { ...v, storage: { files: [{ path: "/f", append: [{ source: "data:,a" }] }], filesystems: [{ device: "/dev/a", options: ["-q"] }] } },
    );
    expect(r.storage).toEqual({
      files: [{ path: "/f", append: [{ source: "data:,a" }, { source: "data:,a" }] }],
      filesystems: [{ device: "/dev/a", options: ["-F", "-q"] }],
    });
  });

  test("keyed lists merge entries with the same key in place and append new keys", () => {
    const r = merge(
      {
        ...v,
        systemd: {
          units: [
            { name: "a.service", enabled: true },
            { name: "b.service", mask: true },
          ],
        },
      },
      { ...v, systemd: { units: [{ name: "c.service" }, { name: "a.service", contents: "[Unit]\n" }] } },
    );
    expect(r.systemd).toEqual({
      units: [{ name: "a.service", enabled: true, contents: "[Unit]\n" }, { name: "b.service", mask: true }, { name: "c.service" }],
    });
  });

  test("files, directories and links share keys: the child's kind replaces the parent's", () => {
    const r = merge(
      { ...v, storage: { files: [{ path: "/x" }, { path: "/keep" }] } },
      { ...v, storage: { links: [{ path: "/x", target: "/y" }] } },
    );
    expect(r.storage).toEqual({ files: [{ path: "/keep" }], links: [{ path: "/x", target: "/y" }] });
  });

  test("a child HTTP header without a value removes the parent's header", () => {
    const res = (headers: object[]) => ({
      ...v,
      ignition: { version: "3.6.0", config: { replace: { source: "https://e/c", httpHeaders: headers } } },
    });
    const r = merge(
      res([
        { name: "A", value: "1" },
        { name: "B", value: "2" },
      ]),
      res([{ name: "A" }, { name: "B", value: "3" }]),
    );
    expect((r.ignition as Ignition).config!.replace!.httpHeaders).toEqual([{ name: "B", value: "3" }]);
  });

  test("plain string lists are keyed by value", () => {
    const r = merge(
      { ...v, kernelArguments: { shouldExist: ["a", "b"] } },
      { ...v, kernelArguments: { shouldNotExist: ["a"], shouldExist: ["c"] } },
    );
    expect(r.kernelArguments).toEqual({ shouldExist: ["b", "c"], shouldNotExist: ["a"] });
  });
});
