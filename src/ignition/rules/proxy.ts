/** Proxies must be http(s) URLs; a plaintext proxy for HTTPS traffic only warns. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import { parseURL } from "../../gocompat/url.js";
import type { ConfigValue } from "../decode.js";
import type { Path, RuleContext } from "./context.js";

function proxyURL(s: unknown, at: Path, ctx: RuleContext, httpOk: boolean): void {
  if (s === undefined || s === null) return;
  const u = parseURL(s as string);
  if (!u.ok) return ctx.report.error(at, MSG.invalidUrl);
  if (u.scheme !== "http" && u.scheme !== "https") return ctx.report.error(at, MSG.invalidProxy);
  if (u.scheme === "http" && !httpOk) ctx.report.warn(at, MSG.insecureProxy);
}

export function proxy(value: ConfigValue, path: Path, ctx: RuleContext): void {
  proxyURL(value.httpProxy, [...path, "httpProxy"], ctx, true);
  proxyURL(value.httpsProxy, [...path, "httpsProxy"], ctx, false);
}
