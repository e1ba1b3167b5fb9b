// The directory store's writes of store files (what the admin API
// acknowledges) are durable when they resolve: the data is flushed to disk
// (fsync) before the temporary file is renamed over the old one, and the
// directory is flushed after the rename, so a power cut after an
// acknowledgement can neither lose the write nor leave an empty or torn file
// (a rename can reach the disk before the data it names). A removal is
// flushed too. Records (reports, deliveries) are written at once, unflushed.
// The file system calls are watched through node:fs/promises.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const calls: string[] = [];
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const name = (p: unknown) => basename(String(p)).replace(/\.kindling-\d+-\d+\.tmp$/, ".TMP");
  return {
    ...real,
    open: async (path: string, flags?: string) => {
      const handle = await real.open(path, flags);
      calls.push(`open ${name(path)}`);
      return new Proxy(handle, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (key === "sync" || key === "datasync")
            return async () => {
              await value.call(target);
              calls.push(`${String(key)} ${name(path)}`);
            };
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
    rename: async (from: string, to: string) => {
      await real.rename(from, to);
      calls.push(`rename ${name(from)} ${name(to)}`);
    },
    rm: async (path: string) => {
      await real.rm(path);
      calls.push(`rm ${name(path)}`);
    },
  };
});

const { DirectoryStore } = await import("../../../../src/deliver/pxe/store/directory.js");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-durable-"));
  calls.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("directory store writes", () => {
  it("flush the data before the rename and the directory after it, before they resolve", async () => {
    const store = new DirectoryStore(dir);
    await store.write("groups/node1.json", Buffer.from('{"id":"node1"}'));
    const groups = basename(join(dir, "groups"));
    expect(calls.filter((c) => !c.startsWith("open"))).toEqual([
      "sync .node1.json.TMP",
      "rename .node1.json.TMP node1.json",
      `sync ${groups}`,
    ]);
    expect(readFileSync(join(dir, "groups/node1.json"), "utf8")).toBe('{"id":"node1"}');
    expect(readdirSync(join(dir, "groups"))).toEqual(["node1.json"]);
  });

  it("and removals flush the directory before they resolve", async () => {
    const store = new DirectoryStore(dir);
    await store.write("groups/node1.json", Buffer.from("{}"));
    calls.length = 0;
    expect(await store.remove("groups/node1.json")).toBe(true);
    expect(calls.filter((c) => !c.startsWith("open"))).toEqual(["rm node1.json", `sync ${basename(join(dir, "groups"))}`]);
    expect(readdirSync(join(dir, "groups"))).toEqual([]);
  });

  it("keep concurrent writes of one file apart and in order: the file ends whole, as the last one asked for", async () => {
    const store = new DirectoryStore(dir);
    const bodies = Array.from({ length: 20 }, (_, i) => String(i % 10).repeat(50_000 - i * 2000));
    await Promise.all(bodies.map((b) => store.write("ignition/big.bu", Buffer.from(b))));
    expect(readFileSync(join(dir, "ignition/big.bu"), "utf8")).toBe(bodies.at(-1));
    expect(readdirSync(join(dir, "ignition"))).toEqual(["big.bu"]);
  });

  it("write records (reports, deliveries) at once, atomically, without waiting for the disk", async () => {
    const store = new DirectoryStore(dir);
    await store.write("reports/mac%3D52.json", Buffer.from("{}"));
    expect(calls).toEqual([]);
    expect(readdirSync(join(dir, "reports"))).toEqual(["mac%3D52.json"]);
  });
});
