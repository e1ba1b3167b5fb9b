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

/** fcos (and openshift on it): boot_device and grub from 1.3, partition checks in every version. */
export function sugarsFor(ctx: TranslateContext): readonly Sugar[] {
  const fcos = ctx.schema.spec.fcos;
  if (!fcos) return BASE;
  return versionAtLeast(fcos, "1.3.0") ? [...BASE, processBootDevice, checkRootPartitions, addGrubUsers] : [...BASE, checkRootPartitions];
}
