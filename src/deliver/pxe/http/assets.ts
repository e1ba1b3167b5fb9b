/**
 * /assets/*: kernels, initramfs and rootfs images from one directory,
 * streamed, with single-range requests (iPXE and coreos.live.rootfs_url
 * fetch large images; a resumed download asks for a range). Nothing outside
 * the assets root is ever served: no "..", no NUL, no absolute paths, and a
 * symlink is followed only when it resolves inside the root.
 *
 * No download can harm the server: a file that cannot be opened is a 500; a
 * read that fails, or comes up short of the length already sent, closes the
 * connection; each is reported once (onFailure). The file is opened once,
 * without blocking (a FIFO is "not a file", never a hung open), measured
 * through its descriptor, and closed whenever the download ends, the client
 * going away included. Downloads at once are bounded by `slots`: beyond
 * them, 503 with Retry-After.
 */
import { constants, realpathSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, sep } from "node:path";
import { pipeline, Transform } from "node:stream";
import { RETRY_AFTER_SECONDS, type Slots } from "./limits.js";

export interface AssetAnswer {
  status: number;
  /** For logs and tests: what was served or why not. */
  note: string;
}

function refuse(res: ServerResponse, status: number, message: string): AssetAnswer {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(message + "\n") });
  res.end(message + "\n");
  return { status, note: message };
}

/** The file under `root` that `rel` (the URL path after /assets/) names, or why there is none. */
export function resolveAsset(root: string, rel: string): { file?: string; status: number; message?: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return { status: 400, message: "bad percent-encoding in the asset path" };
  }
  const parts = decoded.split("/");
  if (decoded === "" || decoded.includes("\0") || decoded.includes("\\") || parts.some((p) => p === ".." || p === "." || p === "")) {
    return { status: 400, message: "asset paths are relative, without '.', '..' or empty segments" };
  }
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(join(realRoot, ...parts));
  } catch {
    return { status: 404, message: `no asset ${decoded}` };
  }
  if (!real.startsWith(realRoot + sep)) return { status: 404, message: `no asset ${decoded}` };
  return { file: real, status: 200 };
}

/** An open asset file: what the server uses of node's FileHandle. */
export type AssetHandle = Pick<FileHandle, "stat" | "createReadStream" | "close">;
/** How asset files are opened: node:fs/promises' open, or a test's stand-in that fails on purpose. */
export type OpenAsset = (file: string, flags: number) => Promise<AssetHandle>;

export interface AssetOptions {
  root: string;
  slots: Slots;
  open?: OpenAsset;
  /** Called once per failed download, with the reason (an errno code or a short message) for the log. */
  onFailure(reason: string): void;
}

function jsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string | number> = {}): AssetAnswer {
  const body = JSON.stringify({ error: message }) + "\n";
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
  return { status, note: message };
}

/** The reason a download failed, for the log: the errno code, never a path. */
function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "ERR_STREAM_PREMATURE_CLOSE") return "the connection closed before the asset was sent";
  return code ?? (err instanceof Error ? err.message : String(err));
}

/** Passes exactly `length` bytes on, and fails if the source ends short of them (the file shrank). */
function exactly(length: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(seen < length ? Object.assign(new Error(`the file ended after ${seen} of ${length} bytes`), { code: "ESHORTREAD" }) : null);
    },
  });
}

const MISSING = new Set(["ENOENT", "ENOTDIR", "ELOOP"]);

export async function serveAsset(rel: string, req: IncomingMessage, res: ServerResponse, options: AssetOptions): Promise<AssetAnswer> {
  const found = resolveAsset(options.root, rel);
  if (!found.file) return refuse(res, found.status, found.message!);
  const release = options.slots.take();
  if (!release) {
    return jsonError(res, 503, `too many asset downloads at once (at most ${options.slots.size}); retry in ${RETRY_AFTER_SECONDS} s`, { "retry-after": RETRY_AFTER_SECONDS });
  }
  let handle: AssetHandle;
  try {
    handle = await (options.open ?? open)(found.file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    release();
    if (MISSING.has((err as NodeJS.ErrnoException).code ?? "")) return refuse(res, 404, `no asset ${rel}`);
    options.onFailure(reasonOf(err));
    return jsonError(res, 500, "the asset cannot be read; the server's log says why");
  }
  let closed = false;
  const done = () => {
    if (closed) return;
    closed = true;
    release();
    handle.close().catch(() => {});
  };
  try {
    return await answer(handle, rel, req, res, done, options.onFailure);
  } catch (err) {
    done();
    options.onFailure(reasonOf(err));
    if (res.headersSent) {
      res.destroy();
      return { status: res.statusCode, note: "failed after the headers" };
    }
    return jsonError(res, 500, "the asset cannot be read; the server's log says why");
  }
}

/** Answers from an open file; `done` releases it (called here unless the stream takes it over). */
async function answer(handle: AssetHandle, rel: string, req: IncomingMessage, res: ServerResponse, done: () => void, onFailure: (reason: string) => void): Promise<AssetAnswer> {
  const stat = await handle.stat();
  if (!stat.isFile()) {
    done();
    return refuse(res, 404, `no asset ${rel}`);
  }
  const size = stat.size;
  const headers: Record<string, string | number> = {
    "content-type": "application/octet-stream",
    "accept-ranges": "bytes",
    "last-modified": stat.mtime.toUTCString(),
  };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!m || (m[1] === "" && m[2] === "")) {
      done();
      return refuse(res, 416, `unsupported range ${range}; give one range bytes=START-END`);
    }
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      done();
      res.writeHead(416, { "content-range": `bytes */${size}`, "content-type": "text/plain; charset=utf-8" });
      res.end(`range ${range} is outside the ${size}-byte asset\n`);
      return { status: 416, note: "range not satisfiable" };
    }
    status = 206;
    headers["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["content-length"] = size === 0 ? 0 : end - start + 1;
  if (req.method === "HEAD" || size === 0) {
    done();
    res.writeHead(status, headers);
    res.end();
    return { status, note: rel };
  }
  const stream = handle.createReadStream({ start, end, autoClose: false });
  res.writeHead(status, headers);
  // pipeline destroys every stream on an error or an early close, so the client leaving releases the file
  pipeline(stream, exactly(end - start + 1), res, (err) => {
    done();
    if (!err) return;
    onFailure(reasonOf(err));
    res.destroy();
  });
  return { status, note: rel };
}
