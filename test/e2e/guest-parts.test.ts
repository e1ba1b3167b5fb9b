// The e2e guest's pieces on their own: the cpio writer read back by busybox
// cpio, and the .modinfo "depends=" reader.
import { spawnSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { Cpio } from "./guest/cpio.js";
import { depends } from "./guest/modules.js";
import { requirePackage } from "./guest/tools.js";

describe("e2e guest parts", () => {
  test("the newc archive lists back through busybox cpio, parents first", () => {
    requirePackage("busybox-static");
    const archive = new Cpio()
      .file("etc/a/b.txt", "hello\n", 0o640, { uid: 1000, gid: 1000 })
      .symlink("bin/sh", "/bin/busybox")
      .charDevice("dev/console", 5, 1)
      .dir("home/core", 0o700)
      .gzip();
    const r = spawnSync("busybox", ["cpio", "-t", "-v"], { input: gunzipSync(archive), encoding: "utf8" });
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/));
    const byName = new Map(lines.map((f) => [f.at(-1) === "/bin/busybox" ? f.at(-3)! : f.at(-1)!, f]));
    expect([...byName.keys()]).toEqual(["etc", "etc/a", "etc/a/b.txt", "bin", "bin/sh", "dev", "dev/console", "home", "home/core"]);
    expect(byName.get("etc/a/b.txt")?.slice(0, 3)).toEqual(["-rw-r-----", "1000/1000", "6"]);
    expect(byName.get("bin/sh")?.[0]).toBe("lrwxrwxrwx");
    expect(byName.get("dev/console")?.[0]).toBe("crw-------");
    expect(byName.get("home/core")?.[0]).toBe("drwx------");
  });

  test("a path twice, or one with .., is refused", () => {
    expect(() => new Cpio().file("a", "").file("a", "")).toThrow(/twice/);
    expect(() => new Cpio().file("a/../b", "")).toThrow(/bad path/);
  });

  test("depends= comes out of the .modinfo strings", () => {
    const ko = Buffer.from("\x7fELF junk\0license=GPL\0depends=virtio_ring,virtio,net_failover\0retpoline=Y\0");
    expect(depends(ko)).toEqual(["virtio_ring", "virtio", "net_failover"]);
    expect(depends(Buffer.from("\0depends=\0"))).toEqual([]);
    expect(depends(Buffer.from("no modinfo"))).toEqual([]);
  });
});
