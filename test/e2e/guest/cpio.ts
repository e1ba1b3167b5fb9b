// A small writer for the "newc" cpio format the kernel unpacks as an
// initramfs (Documentation/driver-api/early-userspace/buffer-format.rst):
// each entry is a 110-byte ASCII header, the NUL-terminated name padded to 4
// bytes, then the data padded to 4 bytes; a "TRAILER!!!" entry ends it.
import { gzipSync } from "node:zlib";

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

interface Owner {
  uid?: number;
  gid?: number;
}

export class Cpio {
  private readonly parts: Buffer[] = [];
  private readonly seen = new Set<string>();
  private ino = 1;

  /** A directory; missing parents are added first (mode 0755). */
  dir(path: string, mode = 0o755, owner: Owner = {}): this {
    const name = clean(path);
    if (this.seen.has(name)) return this;
    this.parents(name);
    return this.entry(name, S_IFDIR | mode, Buffer.alloc(0), owner, 2);
  }

  file(path: string, data: Buffer | string, mode = 0o644, owner: Owner = {}): this {
    const name = clean(path);
    this.parents(name);
    return this.entry(name, S_IFREG | mode, typeof data === "string" ? Buffer.from(data) : data, owner);
  }

  symlink(path: string, target: string): this {
    const name = clean(path);
    this.parents(name);
    return this.entry(name, S_IFLNK | 0o777, Buffer.from(target));
  }

  charDevice(path: string, major: number, minor: number, mode = 0o600): this {
    const name = clean(path);
    this.parents(name);
    return this.entry(name, S_IFCHR | mode, Buffer.alloc(0), {}, 1, major, minor);
  }

  /** The archive, trailer included. */
  bytes(): Buffer {
    return Buffer.concat([...this.parts, record("TRAILER!!!", 0, Buffer.alloc(0), {}, 1, 0, 0, 0)]);
  }

  gzip(): Buffer {
    return gzipSync(this.bytes(), { level: 9 });
  }

  private parents(name: string): void {
    const cut = name.lastIndexOf("/");
    if (cut > 0) this.dir(name.slice(0, cut));
  }

  private entry(name: string, mode: number, data: Buffer, owner: Owner = {}, nlink = 1, rmajor = 0, rminor = 0): this {
    if (this.seen.has(name)) throw new Error(`cpio: ${name} added twice`);
    this.seen.add(name);
    this.parts.push(record(name, mode, data, owner, nlink, rmajor, rminor, this.ino++));
    return this;
  }
}

function clean(path: string): string {
  const name = path.replace(/^\/+/, "").replace(/\/+$/, "");
  if (name === "" || name.split("/").some((p) => p === "" || p === "." || p === ".."))
    throw new Error(`cpio: bad path ${JSON.stringify(path)}`);
  return name;
}

function record(
  name: string,
  mode: number,
  data: Buffer,
  owner: Owner,
  nlink: number,
  rmajor: number,
  rminor: number,
  ino: number,
): Buffer {
  const nameBytes = Buffer.from(name + "\0");
  const fields = [ino, mode, owner.uid ?? 0, owner.gid ?? 0, nlink, 0, data.length, 0, 0, rmajor, rminor, nameBytes.length, 0];
  const header = Buffer.from("070701" + fields.map((n) => n.toString(16).padStart(8, "0")).join(""), "ascii");
  return Buffer.concat([header, nameBytes, pad(110 + nameBytes.length), data, pad(data.length)]);
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
