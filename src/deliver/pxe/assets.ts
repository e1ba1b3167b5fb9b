/**
 * /assets/*: kernels, initramfs and rootfs images from one directory,
 * streamed, with single-range requests (iPXE and coreos.live.rootfs_url
 * fetch large images; a resumed download asks for a range). Nothing outside
 * the assets root is ever served: no "..", no NUL, no absolute paths, and a
 * symlink is followed only when it resolves inside the root.
 */
import { createReadStream, realpathSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, sep } from "node:path";

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

export function serveAsset(root: string, rel: string, req: IncomingMessage, res: ServerResponse): AssetAnswer {
  const found = resolveAsset(root, rel);
  if (!found.file) return refuse(res, found.status, found.message!);
  const stat = statSync(found.file);
  if (!stat.isFile()) return refuse(res, 404, `no asset ${rel}`);
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
    if (!m || (m[1] === "" && m[2] === "")) return refuse(res, 416, `unsupported range ${range}; give one range bytes=START-END`);
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      res.writeHead(416, { "content-range": `bytes */${size}`, "content-type": "text/plain; charset=utf-8" });
      res.end(`range ${range} is outside the ${size}-byte asset\n`);
      return { status: 416, note: "range not satisfiable" };
    }
    status = 206;
    headers["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["content-length"] = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === "HEAD" || size === 0) {
    res.end();
  } else {
    createReadStream(found.file, { start, end }).pipe(res);
  }
  return { status, note: found.file };
}
