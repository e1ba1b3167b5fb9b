/** LUKS volumes and how they unlock: clevis (tpm2, tang, threshold, custom pins) or IBM CEX. */

import { MSG } from "../../diagnostics/catalogue/ignition.js";
import type { Message } from "../../diagnostics/message.js";
import { type GoInt, goIntIsZero } from "../../gocompat/int.js";
import { parseJson } from "../../source/json.js";
import type { ConfigValue } from "../decode.js";
import { byteLength, isTrue, list, nilOrEmpty, notEmpty, obj, type Path, type RuleContext, str } from "./context.js";
import { validatePath } from "./paths.js";
import { validateHttpURL, validateURLNilOK } from "./urls.js";

/** Clevis binds with something other than a custom pin. */
function hasStandardPins(clevis: ConfigValue): boolean {
  const threshold = clevis.threshold;
  return (
    list(clevis, "tang").length > 0 ||
    isTrue(clevis.tpm2) ||
    (threshold !== undefined && threshold !== null && !goIntIsZero(threshold as GoInt))
  );
}

function clevisPresent(clevis: ConfigValue): boolean {
  return notEmpty(obj(clevis, "custom").pin) || hasStandardPins(clevis);
}

export function luks(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const report = ctx.report;
  if (str(value, "name").includes("/")) report.error([...path, "name"], MSG.luksNameSlash);
  if (notEmpty(value.label) && byteLength(value.label) > 47) report.error([...path, "label"], MSG.luksLabelTooLong);
  if (nilOrEmpty(value.device)) report.error([...path, "device"], MSG.diskDeviceRequired);
  else report.error([...path, "device"], validatePath(value.device as string));

  // In 3.2.0 clevis and custom are pointers: any custom object counts; later only a pin does.
  const clevisPointer = ctx.spec.structs.get("Luks")?.byName.get("clevis")?.pointer;
  const clevis = obj(value, "clevis");
  const custom = clevisPointer ? clevis.custom !== undefined && clevis.custom !== null : notEmpty(obj(clevis, "custom").pin);
  if (value.clevis !== undefined && custom && hasStandardPins(clevis)) report.error([...path, "clevis"], MSG.clevisCustomWithOthers);

  const keyFile = obj(value, "keyFile");
  if (validateURLNilOK(keyFile.source, ctx.version)) report.error([...path, "keys"], MSG.luksKeyFile);

  const cex = isTrue(obj(value, "cex").enabled);
  if (cex && clevisPresent(clevis)) report.error([...path, "cex"], MSG.cexWithClevis);
  if (cex && notEmpty(keyFile.source)) report.error([...path, "cex"], MSG.cexWithKeyFile);
}

/** Spec 3.2.0 custom pin: plain strings, a pin from the list, a config. */
export function customV32(value: ConfigValue, path: Path, ctx: RuleContext): void {
  const pin = str(value, "pin");
  const config = str(value, "config");
  if (pin === "" && config === "") return;
  const pins = ctx.spec.structs.get("Custom")?.byName.get("pin")?.enum ?? [];
  if (!pins.includes(pin)) ctx.report.error([...path, "pin"], MSG.clevisPinUnknown);
  if (config === "") ctx.report.error([...path, "config"], MSG.clevisConfigRequired);
}

/** Spec 3.3.0 and newer: pin and config required once anything is set; pins restricted until 3.6.0. */
export function clevisCustom(value: ConfigValue, path: Path, ctx: RuleContext): void {
  if (nilOrEmpty(value.pin) && nilOrEmpty(value.config) && !isTrue(value.needsNetwork)) return;
  if (notEmpty(value.pin)) {
    const pins = ctx.spec.structs.get("ClevisCustom")?.byName.get("pin")?.enum;
    if (pins && !pins.includes(value.pin)) ctx.report.error([...path, "pin"], MSG.clevisPinUnknown);
  } else {
    ctx.report.error([...path, "pin"], MSG.clevisPinRequired);
  }
  if (nilOrEmpty(value.config)) ctx.report.error([...path, "config"], MSG.clevisConfigRequired);
}

function advertisement(s: unknown): Message | undefined {
  if (!notEmpty(s)) return undefined;
  const parsed = parseJson(Buffer.from(s, "utf8"));
  if (!parsed.ok) return MSG.tangAdvertisement;
  // Go decodes numbers into float64; one out of range fails the decode.
  const stack = [parsed.root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === "number" && !Number.isFinite(Number(n.raw))) return MSG.tangAdvertisement;
    if (n.kind === "array") stack.push(...n.items);
    if (n.kind === "object") stack.push(...n.members.map((m) => m.value));
  }
  return undefined;
}

export function tang(value: ConfigValue, path: Path, ctx: RuleContext): void {
  ctx.report.error([...path, "url"], validateHttpURL(str(value, "url")));
  if (nilOrEmpty(value.thumbprint)) ctx.report.error([...path, "thumbprint"], MSG.tangThumbprintRequired);
  ctx.report.error([...path, "advertisement"], advertisement(value.advertisement));
}
