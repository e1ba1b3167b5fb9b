/**
 * /assets/*: kernels, initramfs and rootfs images from one directory,
 * streamed, with single-range requests (iPXE and coreos.live.rootfs_url
 * fetch large images; a resumed download asks for a range). Nothing outside
 * the assets root is ever served: no "..", no NUL, no absolute paths, and a
 * symlink is followed only when it resolves inside the root.
 *
 * No download can harm the server: a file that cannot be opened is a 500; a
 * read that fails, or comes up short of the length already sent, closes the
 * connection; each is logged once (a request-failed event). The file is opened once,
 * without blocking (a FIFO is "not a file", never a hung open), measured
 * through its descriptor, and closed whenever the download ends, the client
 * going away included. Downloads at once are bounded by `slots`: beyond
 * them, 503 with Retry-After.
 */
import { constants, realpathSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { join, sep } from "node:path";
import { Transform } from "node:stream";
import type { Deps } from "./deps.js";
import { RETRY_AFTER_SECONDS } from "./limits.js";
import { type Answer, isRaw, json, text } from "./reply.js";
import type { Request } from "./request.js";

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

const refuse = (status: number, message: string) => text(status, message + "\n");

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

/** GET or HEAD /assets/PATH, while the server has an assets directory. */
export async function asset(request: Request, deps: Deps): Promise<Answer> {
  const { root, open: openFile = open } = deps.assets!;
  const rel = request.path.slice("/assets/".length);
  const failed = (reason: string) => deps.log?.({ event: "request-failed", method: request.method, path: request.path, error: reason });
  const found = resolveAsset(root, rel);
  if (!found.file) return refuse(found.status, found.message!);
  const release = deps.assetSlots.take();
  if (!release) {
    return json(
      503,
      { error: `too many asset downloads at once (at most ${deps.assetSlots.size}); retry in ${RETRY_AFTER_SECONDS} s` },
      { "retry-after": RETRY_AFTER_SECONDS },
    );
  }
  let handle: AssetHandle;
  try {
    handle = await openFile(found.file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    release();
    if (MISSING.has((err as NodeJS.ErrnoException).code ?? "")) return refuse(404, `no asset ${rel}`);
    failed(reasonOf(err));
    return json(500, { error: "the asset cannot be read; the server's log says why" });
  }
  let closed = false;
  const done = () => {
    if (closed) return;
    closed = true;
    release();
    handle.close().catch(() => {});
  };
  try {
    const answer = await download(handle, rel, request, done, failed);
    if (!isRaw(answer) || !answer.stream) done();
    return answer;
  } catch (err) {
    done();
    failed(reasonOf(err));
    return json(500, { error: "the asset cannot be read; the server's log says why" });
  }
}

/** The answer from an open file: a refusal, a head alone, or the bytes asked for, streamed (the stream's end releases the file). */
async function download(
  handle: AssetHandle,
  rel: string,
  request: Request,
  done: () => void,
  failed: (reason: string) => void,
): Promise<Answer> {
  const stat = await handle.stat();
  if (!stat.isFile()) return refuse(404, `no asset ${rel}`);
  const size = stat.size;
  const head: Record<string, string | number> = {
    "content-type": "application/octet-stream",
    "accept-ranges": "bytes",
    "last-modified": stat.mtime.toUTCString(),
  };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = request.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!m || (m[1] === "" && m[2] === "")) return refuse(416, `unsupported range ${range}; give one range bytes=START-END`);
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      return {
        status: 416,
        head: { "content-range": `bytes */${size}`, "content-type": "text/plain; charset=utf-8" },
        body: `range ${range} is outside the ${size}-byte asset\n`,
      };
    }
    status = 206;
    head["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  head["content-length"] = size === 0 ? 0 : end - start + 1;
  if (request.method === "HEAD" || size === 0) return { status, head };
  return {
    status,
    head,
    stream: {
      through: [handle.createReadStream({ start, end, autoClose: false }), exactly(end - start + 1)],
      finished: (err) => {
        done();
        if (err) failed(reasonOf(err));
      },
    },
  };
}
