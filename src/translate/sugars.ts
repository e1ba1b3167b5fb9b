/** The sugars that generate config, in Butane's order. */
import type { ConfigValue } from "../ignition/decode.js";
import type { TranslateContext } from "./context.js";
import { addMountUnits } from "./sugar/mount-units.js";
import { processTrees } from "./sugar/trees.js";

export type Sugar = (source: ConfigValue, config: ConfigValue, ctx: TranslateContext) => ConfigValue;

export const SUGARS: readonly Sugar[] = [addMountUnits, processTrees];
