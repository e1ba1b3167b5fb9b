/** The world modules by name. */
import type { World } from "../cluster.js";
import { cloudInitWorld } from "./cloud-init.js";
import { coreosLegacyWorld } from "./coreos-legacy.js";
import { fcosWorld } from "./fcos.js";
import { flatcarWorld } from "./flatcar.js";
import type { WorldBuilder } from "./world.js";

export const WORLDS: Record<World, WorldBuilder> = {
  fcos: fcosWorld,
  flatcar: flatcarWorld,
  "coreos-legacy": coreosLegacyWorld,
  "cloud-init": cloudInitWorld,
};
