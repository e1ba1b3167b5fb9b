/** The sugars that generate config, in Butane's order: base first, then the fcos family's. */
import { versionAtLeast } from "../butane/registry.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { TranslateContext } from "./context.js";
import { processBootDevice } from "./sugar/boot-device.js";
import { checkRootPartitions } from "./sugar/fcos-partitions.js";
import { addGrubUsers } from "./sugar/grub.js";
import { addMountUnits } from "./sugar/mount-units.js";
import { processQuadlets } from "./sugar/quadlets.js";
import { processTrees } from "./sugar/trees.js";

export type Sugar = (source: ConfigValue, config: ConfigValue, ctx: TranslateContext) => ConfigValue;

const BASE: readonly Sugar[] = [addMountUnits, processTrees, processQuadlets];
const FCOS: readonly Sugar[] = [processBootDevice, checkRootPartitions, addGrubUsers];

export function sugarsFor(ctx: TranslateContext): readonly Sugar[] {
  return ctx.schema.spec.fcos && versionAtLeast(ctx.schema.spec.fcos, "1.3.0") ? [...BASE, ...FCOS] : BASE;
}

