// The object strategy on top of the local ones, against an ObjectStore kept
// in memory (our own interface: the real stores are tested against their
// wire-protocol emulators in their own files).
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { deliverUserData } from "../../../../src/deliver/cloud/object/deliver.js";
import type { ObjectStore, StoredObject } from "../../../../src/deliver/cloud/object/object-store.js";
import type { Payload } from "../../../../src/deliver/cloud/user-data.js";
import { validateIgnition } from "../../../../src/ignition/validate.js";

/** A bucket in memory that hands out `scheme://bucket/key` sources and counts uploads. */
function memoryStore(scheme: string) {
  const objects = new Map<string, Uint8Array>();
  let uploads = 0;
  const store: ObjectStore = {
    location: `${scheme}://bucket/p/`,
    async put(key, bytes): Promise<StoredObject> {
      const existed = objects.has(key);
      if (!existed) {
        objects.set(key, bytes);
        uploads++;
      }
      return { source: `${scheme}://bucket/p/${key}`, location: `${scheme}://bucket/p/${key}`, existed };
    },
  };
  return { store, objects, uploads: () => uploads };
}

/** A spec `version` config of about `size` bytes that gzip barely shrinks (random file contents). */
function bigIgnition(size: number, version = "3.4.0"): Payload {
  const noise = createHash("sha512");
  let text = "";
  for (let i = 0; text.length < size; i++) text += noise.update(String(i)).copy().digest("base64");
  const config = { ignition: { version }, storage: { files: [{ path: "/etc/noise", contents: { source: `data:,${text}` } }] } };
  return { kind: "ignition", bytes: Buffer.from(JSON.stringify(config)), version: version as "3.4.0" };
}

const sha512 = (b: Uint8Array) => `sha512-${createHash("sha512").update(b).digest("hex")}`;

describe("deliverUserData", () => {
  test("when neither inline nor gzip fits, the config is uploaded under its hash and the user data points to it", async () => {
    const { store, objects } = memoryStore("s3");
    const payload = bigIgnition(40_000);
    const r = await deliverUserData(payload, "ec2", { store });
    expect(r.diagnostics).toEqual([]);
    expect(r.userData?.strategy).toBe("object");
    const key = `${createHash("sha512").update(payload.bytes).digest("hex")}.ign`;
    expect([...objects.keys()]).toEqual([key]);
    expect(Buffer.from(objects.get(key)!).equals(Buffer.from(payload.bytes))).toBe(true);
    const pointer = JSON.parse(Buffer.from(r.userData!.bytes).toString("utf8"));
    expect(pointer).toEqual({
      ignition: {
        config: { replace: { source: `s3://bucket/p/${key}`, verification: { hash: sha512(payload.bytes) } } },
        version: "3.4.0",
      },
    });
    expect(validateIgnition(r.userData!.bytes).diagnostics).toEqual([]);
    expect(r.stored?.existed).toBe(false);
  });

  test("a second delivery of the same config uploads nothing", async () => {
    const memory = memoryStore("s3");
    const payload = bigIgnition(40_000);
    const first = await deliverUserData(payload, "ec2", { store: memory.store });
    const second = await deliverUserData(payload, "ec2", { store: memory.store });
    expect(memory.uploads()).toBe(1);
    expect(second.stored?.existed).toBe(true);
    expect(Buffer.from(second.userData!.bytes).equals(Buffer.from(first.userData!.bytes))).toBe(true);
  });

  test("a config that fits is not uploaded even with a bucket; --strategy object uploads it anyway", async () => {
    const memory = memoryStore("s3");
    const small = bigIgnition(1_000);
    expect((await deliverUserData(small, "ec2", { store: memory.store })).userData?.strategy).toBe("inline");
    expect(memory.uploads()).toBe(0);
    expect((await deliverUserData(small, "ec2", { store: memory.store, forced: "object" })).userData?.strategy).toBe("object");
    expect(memory.uploads()).toBe(1);
  });

  test("over every limit without a bucket: the too-large error names --bucket", async () => {
    const r = await deliverUserData(bigIgnition(40_000), "ec2", {});
    expect(r.userData).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe("cloud.user-data.too-large");
    expect(r.diagnostics[0]!.hint).toContain("--bucket");
  });

  test("--strategy object without a bucket says to pass one", async () => {
    const r = await deliverUserData(bigIgnition(100), "ec2", { forced: "object" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["cloud.user-data.object-bucket"]);
  });

  test("a gs:// pointer needs spec 3.2.0: a 3.1.0 config gets a clear error, a 3.2.0 config its pointer", async () => {
    const old = await deliverUserData(bigIgnition(40_000, "3.1.0"), "ec2", { store: memoryStore("gs").store });
    expect(old.diagnostics.map((d) => d.code)).toEqual(["cloud.user-data.object-pointer"]);
    expect(old.diagnostics[0]!.message).toContain("3.1.0");
    const ok = await deliverUserData(bigIgnition(40_000, "3.2.0"), "ec2", { store: memoryStore("gs").store });
    expect(ok.userData?.strategy).toBe("object");
  });

  test("cloud-init gets an #include of an https source, and a clear error for s3://", async () => {
    const doc: Payload = { kind: "cloud-init", bytes: Buffer.from(`#cloud-config\n${"# padding\n".repeat(3000)}`) };
    const https = await deliverUserData(doc, "ec2", { store: memoryStore("https").store, forced: "object" });
    const key = `${createHash("sha512").update(doc.bytes).digest("hex")}.yaml`;
    expect(Buffer.from(https.userData!.bytes).toString()).toBe(`#include\nhttps://bucket/p/${key}\n`);
    const s3 = await deliverUserData(doc, "ec2", { store: memoryStore("s3").store, forced: "object" });
    expect(s3.diagnostics.map((d) => d.code)).toEqual(["cloud.user-data.object-include"]);
  });

  test("an upload failure is one diagnostic naming the bucket and the reason", async () => {
    const store: ObjectStore = { location: "s3://locked/", put: async () => ({ error: "access denied" }) };
    const r = await deliverUserData(bigIgnition(40_000), "ec2", { store });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["cannot upload the config to s3://locked/: access denied"]);
  });
});
