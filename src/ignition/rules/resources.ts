/**
 * Resources: anything Ignition fetches (file contents and appends, merged and
 * replacing configs, CA bundles, LUKS key files), their compression, hash,
 * and HTTP headers.
 */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { parseURL } from "../../gocompat/url.js";
import type { ConfigValue } from "../decode.js";
import { byteLength, list, nilOrEmpty, obj, type Path, type RuleContext, since, str } from "./context.js";
import { validateURL, validateURLNilOK } from "./urls.js";

function compression(value: ConfigValue, structName: string, ctx: RuleContext): Message | undefined {
  const c = value.compression;
  if (c === undefined || c === null) return undefined;
  const allowed = ctx.spec.structs.get(structName)?.byName.get("compression")?.enum ?? ["", "gzip"];
  return allowed.includes(c as string) ? undefined : MSG.compressionInvalid;
}

function verificationWithoutSource(value: ConfigValue): Message | undefined {
  return obj(value, "verification").hash !== undefined && value.source === undefined ? MSG.verificationNoSource : undefined;
}

function headersScheme(value: ConfigValue): Message | undefined {
  if (list(value, "httpHeaders").length === 0) return undefined;
  if (nilOrEmpty(value.source)) return MSG.invalidUrl;
  const u = parseURL(value.source as string);
  if (!u.ok) return MSG.invalidUrl;
  return u.scheme === "http" || u.scheme === "https" ? undefined : MSG.headersScheme;
}

/** Source present and fetchable; used where a resource must name something (merge, CA bundles). */
export function requiredSource(value: ConfigValue, ctx: RuleContext): Message | undefined {
  if (nilOrEmpty(value.source)) return MSG.sourceRequired;
  return validateURL(value.source as string, ctx.version);
}

/** Spec 3.1.0 and newer: one Resource type everywhere. */
export function resource(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "compression"], compression(value, "Resource", ctx));
  ctx.report.error([...path, "verification", "hash"], verificationWithoutSource(value));
  ctx.report.error([...path, "source"], validateURLNilOK(value.source, ctx.version));
  ctx.report.error([...path, "httpHeaders"], headersScheme(value));
}

/** Spec 3.0.0 file contents and appends. */
export function fileContents(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "compression"], compression(value, "FileContents", ctx));
  ctx.report.error([...path, "verification", "hash"], verificationWithoutSource(value));
  ctx.report.error([...path, "source"], validateURLNilOK(value.source, ctx.version));
}

/** Spec 3.0.0 merge and replace references. */
export function configReference(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "source"], validateURLNilOK(value.source, ctx.version));
}

/** Spec 3.0.0 CA bundles: the source is a plain string and always checked. */
export function caReference(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "source"], validateURL(str(value, "source"), ctx.version));
}

/** From 3.1.0 every merged config needs a source. */
export function ignitionConfig(value: ConfigValue, path: Path, ctx: RuleContext): void {
  if (!since(ctx, "3.1.0")) return;
  list<ConfigValue>(value, "merge").forEach((m, i) => {
    ctx.report.error([...path, "merge", i], requiredSource(m ?? {}, ctx));
  });
}

/** From 3.1.0 every CA bundle needs a source. */
export function tls(value: ConfigValue, path: Path, ctx: RuleContext): void {
  if (!since(ctx, "3.1.0")) return;
  list<ConfigValue>(value, "certificateAuthorities").forEach((ca, i) => {
    ctx.report.error([...path, "certificateAuthorities", i], requiredSource(ca ?? {}, ctx));
  });
}

export function httpHeader(value: ConfigValue, path: Path, ctx: RuleContext): void {
  if (str(value, "name") === "") ctx.report.error([...path, "name"], MSG.headerNameEmpty);
  if (value.value === "") ctx.report.error([...path, "value"], MSG.headerInvalid);
}

const HASH_HEX_LENGTH: Record<string, number> = { sha512: 128, sha256: 64 };

export function verification(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const hash = value.hash;
  if (hash === undefined || hash === null) return;
  const at = [...path, "hash"];
  const dash = (hash as string).indexOf("-");
  if (dash < 0) return ctx.report.error(at, MSG.hashMalformed);
  const fn = (hash as string).slice(0, dash);
  const sum = (hash as string).slice(dash + 1);
  // sha256 arrived with spec 3.1.0.
  const expected = fn === "sha256" && !since(ctx, "3.1.0") ? undefined : HASH_HEX_LENGTH[fn];
  if (expected === undefined) return ctx.report.error(at, MSG.hashUnrecognized);
  if (byteLength(sum) !== expected) ctx.report.error(at, MSG.hashWrongSize);
}
