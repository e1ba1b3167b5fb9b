import { gunzipSync } from "node:zlib";

interface AgentFile {
  path: string;
  contents: { source: string; compression?: string };
}

/** The verification agent's script as shipped in an Ignition config (gunzipped where it is gzip). */
export function shippedAgent(config: { storage?: { files?: AgentFile[] } }): string | undefined {
  const f = config.storage?.files?.find((x) => x.path === "/etc/kindling/verify.sh");
  if (!f) return undefined;
  const bytes = Buffer.from(f.contents.source.slice(f.contents.source.indexOf(",") + 1), "base64");
  return (f.contents.compression === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8");
}
